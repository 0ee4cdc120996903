"""Several app servers, one site: two gunicorn servers on one PostgreSQL and one
Redis behave as one, and Redis going away takes nothing down.

Real processes (tests/services.py), reached over HTTP only, as a load balancer would
send a reader to either server. Skips, saying what to install, when redis-server or
PostgreSQL is missing; CI (.ci/run) installs both.
"""

import html
import json
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from http.cookiejar import CookieJar

import pytest

from tests import services

pytestmark = pytest.mark.skipif(
    services.missing() is not None,
    reason=f"several-servers tests need {services.missing()}",
)

PAGES = ["/", "/?topic=healing", "/search/?q=runner", "/stand-still/", "/help/", "/saved/"]


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """A browser without JavaScript: cookies kept (for every server, as for one
    site behind a load balancer), forms posted with the CSRF token, redirects seen."""

    def __init__(self):
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirects
        )

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def get(self, url: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(url))

    def post(self, url: str, data: dict) -> tuple[int, str]:
        token = self.cookie("csrftoken")
        assert token, "no CSRF cookie yet: get a page first"
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}, doseq=True)
        request = urllib.request.Request(url, data=body.encode(), method="POST")
        return self._open(request)

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=20) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as answer:
            self.location = answer.headers.get("Location", "")
            return answer.code, answer.read().decode()


class FormFields(HTMLParser):
    """The fields a browser would send for the form with `form_id`."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type") not in {"submit", "button"}:
            if a.get("type") not in {"checkbox", "radio"} or "checked" in a:
                self.fields.append((a["name"], a.get("value") or ""))
        elif tag == "textarea":
            self.textarea = [a["name"], ""]
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and "selected" in a:
            self.fields.append((self.select, a.get("value", "")))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append(tuple(self.textarea))
            self.textarea = None
        elif tag == "select":
            self.select = None


def form_fields(page: str, form_id: str) -> list[tuple[str, str]]:
    parser = FormFields(form_id)
    parser.feed(page)
    return parser.fields  # HTMLParser has already unescaped them


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One PostgreSQL, one Redis, migrations and content once, two app servers."""
    folder = tmp_path_factory.mktemp("site")
    redis = services.Redis(folder).start()
    postgres = services.Postgres()
    servers = []
    try:
        postgres.start()
        env = services.app_environment(postgres.url, redis.url, folder)
        services.deploy(env)
        servers = [services.AppServer(env, folder).start() for _ in range(2)]
        yield {"env": env, "redis": redis, "a": servers[0].base, "b": servers[1].base,
               "servers": servers, "folder": folder}  # fmt: skip
    finally:
        for server in servers:
            server.stop()
        redis.stop()
        postgres.stop()


def first_card(page: str) -> tuple[int, str]:
    """The first card on a page: its id (from its save form) and its title."""
    found = re.search(r'action="/saved/cards/(\d+)/".*?aria-label="Save: ([^"]+)"', page, re.S)
    assert found, "no card with a Save button on the page"
    return int(found.group(1)), html.unescape(found.group(2))


def card_url(page: str) -> str:
    found = re.search(r'href="(/cards/[^"/]+/[^"/]+/)"', page)
    assert found, "no card link on the page"
    return found.group(1)


def test_a_reader_cookie_made_on_one_server_is_the_same_reader_on_the_other(site):
    reader = Visitor()
    status, feed = reader.get(site["a"] + "/")
    assert status == 200
    card_id, title = first_card(feed)
    cookie = reader.cookie("reader")
    assert cookie

    status, _ = reader.post(site["b"] + f"/saved/cards/{card_id}/", {"action": "save"})
    assert status == 302

    status, saved = reader.get(site["a"] + "/saved/")
    assert status == 200
    assert '<span class="list-count">1 card</span>' in saved, "B's save is in A's Saved page"
    assert reader.cookie("reader") == cookie, "neither server replaced the reader"


def test_a_save_through_one_server_is_seen_on_the_other_at_once(site):
    reader = Visitor()
    _, feed = reader.get(site["a"] + "/")
    card_id, title = first_card(feed)
    # Both servers have the feed and the Saved page cached for this reader, unsaved.
    for base in (site["a"], site["b"]):
        assert f'aria-label="Save: {html.escape(title)}"' in reader.get(base + "/")[1]
        assert "Nothing saved yet." in reader.get(base + "/saved/")[1]

    assert reader.post(site["a"] + f"/saved/cards/{card_id}/", {"action": "save"})[0] == 302

    _, feed_b = reader.get(site["b"] + "/")
    assert f'aria-label="Saved: {html.escape(title)}"' in feed_b
    _, saved_b = reader.get(site["b"] + "/saved/")
    assert '<span class="list-count">1 card</span>' in saved_b


def test_a_card_edited_in_the_admin_on_one_server_is_new_on_every_server(site):
    services.manage(
        {**site["env"], "DJANGO_SUPERUSER_PASSWORD": "several-servers-0"},
        "createsuperuser", "--noinput", "--username", "editor", "--email", "e@example.com",
    )  # fmt: skip
    reader, editor = Visitor(), Visitor()
    _, feed = reader.get(site["a"] + "/")
    card_id, title = first_card(feed)
    for base in (site["a"], site["b"]):  # cached on both, with the old title
        assert html.escape(title) in reader.get(base + "/")[1]

    editor.get(site["a"] + "/admin/login/")
    status, _ = editor.post(
        site["a"] + "/admin/login/?next=/admin/",
        {"username": "editor", "password": "several-servers-0", "next": "/admin/"},
    )
    assert status == 302, "signed in on A"
    change = f"/admin/cards/card/{card_id}/change/"
    status, form_page = editor.get(site["b"] + change)
    assert status == 200, "the sign-in made on A holds on B (sessions in the database)"
    fields = [
        (name, "Edited on one server" if name == "title" else value)
        for name, value in form_fields(form_page, "card_form")
    ]
    status, _ = editor.post(site["b"] + change, dict_of_lists(fields))
    assert status == 302, "the admin saved the card"

    for base in (site["a"], site["b"]):
        page = reader.get(base + "/")[1]
        assert "Edited on one server" in page, f"{base} still serves the old page"


def dict_of_lists(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, value in fields:
        if name != "csrfmiddlewaretoken":
            out.setdefault(name, []).append(value)
    return out


def test_loadseeds_through_one_server_retires_the_pages_of_every_server(site, tmp_path):
    reader = Visitor()
    _, feed = reader.get(site["a"] + "/")
    url = card_url(feed)
    pages = {base: reader.get(base + url)[1] for base in (site["a"], site["b"])}
    assert all("A calmer title for the test" not in page for page in pages.values())

    seeds = tmp_path / "seeds"
    shutil.copytree(services.ROOT / "seeds", seeds)
    first = sorted(seeds.glob("*.md"))[0]
    text = first.read_text()
    heading = re.search(r"^## (.+)$", text, re.M).group(1)
    first.write_text(text.replace(f"## {heading}", "## A calmer title for the test", 1))
    services.manage(site["env"], "loadseeds", "--seeds", str(seeds))

    for base in (site["a"], site["b"]):
        status, page = reader.get(base + "/")
        assert status == 200
        assert "A calmer title for the test" in page, f"{base} still serves the old feed"
    services.manage(site["env"], "loadseeds")


LIST_NAME = '<span class="list-name">Mornings</span>'


def test_an_undo_made_on_one_server_works_on_the_other(site):
    reader = Visitor()
    reader.get(site["a"] + "/saved/")
    assert reader.post(site["a"] + "/saved/lists/", {"name": "Mornings"})[0] == 302
    list_id = re.search(r"/saved/lists/(\d+)/", reader.location).group(1)
    reader.get(site["a"] + reader.location)  # shows (and so spends) the "Made the list" toast

    assert reader.post(site["a"] + f"/saved/lists/{list_id}/delete/", {})[0] == 302
    _, after = reader.get(site["a"] + reader.location)
    assert LIST_NAME not in after
    token = re.search(r'name="token" value="([^"]+)"', after)
    assert token, "the toast offers Undo"

    status, _ = reader.post(site["b"] + "/saved/undo/", {"token": html.unescape(token.group(1))})
    assert status == 302
    _, saved = reader.get(site["b"] + "/saved/")
    assert LIST_NAME in saved, "the list is back, through the other server"
    assert LIST_NAME in reader.get(site["a"] + "/saved/")[1]


def test_redis_stopped_mid_run_every_page_still_answers_and_saves_succeed(site):
    reader = Visitor()
    _, feed = reader.get(site["a"] + "/")
    card_id, title = first_card(feed)
    url = card_url(feed)
    health = json.loads(reader.get(site["a"] + "/healthz")[1])
    assert health == {"status": "ok", "database": "ok", "cache": "ok"}

    site["redis"].stop()
    try:
        for base in (site["a"], site["b"]):
            for path in [*PAGES, url]:
                status, _ = reader.get(base + path)
                assert status == 200, f"{base}{path} with Redis stopped"
            status, body = reader.get(base + "/healthz")
            assert status == 200
            assert json.loads(body)["cache"] == "degraded"

        assert reader.post(site["a"] + f"/saved/cards/{card_id}/", {"action": "save"})[0] == 302
        for base in (site["a"], site["b"]):
            _, saved = reader.get(base + "/saved/")
            assert '<span class="list-count">1 card</span>' in saved, "kept, and shown uncached"
            assert f'aria-label="Saved: {html.escape(title)}"' in reader.get(base + url)[1]
    finally:
        site["redis"].start()

    logs = "".join(server.log.read_text() for server in site["servers"])
    lost = logs.count("The cache (Redis) cannot be reached")
    assert 1 <= lost <= 4, f"one warning per worker that met the outage, not one per call: {lost}"


def test_after_redis_comes_back_the_cache_is_used_again(site):
    reader = Visitor()

    def cache_state():
        return json.loads(reader.get(site["a"] + "/healthz")[1])["cache"]

    deadline = services.time.monotonic() + 30
    while cache_state() != "ok":
        assert services.time.monotonic() < deadline, "the cache stayed degraded"
        services.time.sleep(0.5)
    assert reader.get(site["a"] + "/")[0] == 200
