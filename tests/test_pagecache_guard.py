"""The page cache's contract, guarded (apps/core/pagecache.py): what one reader is
served from the cache is what a fresh render would give them, and a template
changed by a deploy shows on the next request from a new process."""

import re
import shutil
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings

from apps.cards.models import Card
from apps.reachout.models import Feeling, FeelingCard
from tests.accounts_helpers import account_client
from tests.bookmarks_helpers import reader_client, save
from tests.factories import make_article, make_card
from tests.helpers import url_patterns

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/"}
DUMMY = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
NO_CACHE = {"default": DUMMY, "versions": DUMMY}
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+')
SAVE_BUTTON = re.compile(r'<button type="submit" name="action" value="(un)?save".*?</button>', re.S)


@pytest.fixture
def pages():
    """A sample of every cached page, and two readers with different saves and lists;
    the second has a toast waiting each time it asks for a page."""
    article = make_article(title="Both of you")
    # Both offered by the timer too (check_in), so its page shows each reader's saves.
    first = make_card(
        article=article, title="The mirror", topics=("healing", "patience"), check_in=True
    )
    second = make_card(article=article, title="Letting go", topics=("healing",), check_in=True)
    make_card(title="Elsewhere", topics=("patience",))
    one, other = reader_client(), reader_client()
    save(one, first)
    save(other, second)
    made = other.post("/saved/lists/", {"name": "Evenings"})  # "Made the list…"
    toast = other.cookies["messages"].value
    saved_list = lambda client: re.search(  # noqa: E731
        r'href="(/saved/lists/\d+/)"', client.get("/saved/").content.decode()
    )[1]
    assert made.status_code == 302
    samples = {
        "cards:feed": ["/", "/?topic=healing", ("/", HTMX), ("/?topic=patience", HTMX)],
        "cards:search": ["/search/?q=mirror", "/search/?q=", ("/search/?q=mirror", HTMX)],
        "cards:card": [first.get_absolute_url()],
        "cards:article": [article.get_absolute_url()],
        "timer:stand_still": ["/stand-still/"],
        "bookmarks:saved": ["/saved/", ("/saved/", HTMX)],
        "bookmarks:list": [saved_list(one), saved_list(other)],
        "reachout:start": ["/reach-out/"],
        "reachout:feeling": ["/reach-out/feeling/", ("/reach-out/feeling/", HTMX)],
        "reachout:card": ["/reach-out/card/", ("/reach-out/card/", HTMX)],
        "reachout:write": ["/reach-out/write/"],
        "reachout:wait": ["/reach-out/wait/"],
        "reachout:check_in": ["/reach-out/check-in/"],
        "reachout:not_sent": ["/reach-out/not-sent/"],
        "companion:evening": ["/evening/"],
    }
    lonely = Feeling.objects.create(slug="lonely", name="Lonely", line="It is heavy.")
    lonely.nuances.create(slug="unseen", words="Unseen")
    FeelingCard.objects.create(feeling=lonely, card=first)
    return samples, one, other, toast


def cached_views() -> set[str]:
    names = set()
    for app in url_patterns():
        for pattern in getattr(app, "url_patterns", [app]):
            if not hasattr(pattern, "callback"):
                continue
            if getattr(pattern.callback, "cached_page", False):
                names.add(f"{app.namespace}:{pattern.name}" if app.namespace else pattern.name)
    return names


def ask(client, sample, toast=None) -> tuple[int, str]:
    path, headers = sample if isinstance(sample, tuple) else (sample, {})
    if toast:
        client.cookies["messages"] = toast
    response = client.get(path, headers=headers)
    return response.status_code, CSRF.sub(r"\1TOKEN", response.content.decode())


def served_and_fresh(kept_for, served_to, sample, toast=None) -> tuple[tuple, tuple]:
    """What `served_to` gets once `kept_for` has asked for the page, and what a fresh
    render (no cache at all) gives `served_to`."""
    cache.clear()
    ask(kept_for, sample)
    served = ask(served_to, sample, toast)
    with override_settings(CACHES=NO_CACHE):
        fresh = ask(served_to, sample, toast)
    return served, fresh


def test_the_samples_name_every_cached_page(pages):
    samples, *_ = pages
    assert cached_views() == set(samples), "add a sample of each cached page to `pages`"


def test_a_cached_page_serves_each_reader_exactly_their_own_fresh_render(pages):
    samples, one, other, toast = pages
    stranger, unsaved = Client(), reader_client()  # these two share every copy
    for sample in (sample for found in samples.values() for sample in found):
        for kept_for, served_to, with_toast in [
            (one, other, toast),
            (other, one, None),
            (one, stranger, None),
            (stranger, other, toast),
            (stranger, unsaved, None),
            (unsaved, stranger, None),
        ]:
            served, fresh = served_and_fresh(kept_for, served_to, sample, with_toast)
            assert served[0] in {200, 404}, sample  # another reader's list is a 404
            assert served == fresh, f"{sample}: a cached copy differs from a fresh render"


def test_a_signed_in_reader_is_served_their_own_pages_and_never_anyone_elses(pages, settings):
    """Accounts: the account's saves and "Kept in your account" reach a cached page
    through the reader token and the accounts hook, never `user`."""
    samples, one, other, toast = pages
    settings.WEBAUTHN_RP_ID = "testserver"
    signed_in, also_signed_in = account_client(), account_client()
    save(signed_in, make_card(title="Only in the account", check_in=True))
    save(also_signed_in, Card.objects.get(title="The mirror"))
    also_signed_in.get("/help/")  # its "Saved." toast shown
    saved_page = signed_in.get("/saved/").content.decode()
    own_list = re.search(r'href="(/saved/lists/\d+/)"', saved_page)[1]
    found = [sample for listed in samples.values() for sample in listed] + [own_list]
    for sample in found:
        for kept_for, served_to, with_toast in [
            (signed_in, one, None),
            (one, signed_in, None),
            (signed_in, also_signed_in, None),
            (also_signed_in, signed_in, toast),
            (Client(), signed_in, None),
            (signed_in, Client(), None),
            (signed_in, other, toast),
        ]:
            served, fresh = served_and_fresh(kept_for, served_to, sample, with_toast)
            assert served[0] in {200, 404}, sample
            assert served == fresh, f"{sample}: a cached copy differs from a fresh render"
    assert "Kept in your account" in signed_in.get("/saved/").content.decode()
    assert "Kept in your account" not in one.get("/saved/").content.decode()


def test_a_kept_copy_differs_between_readers_only_by_token_and_saved_state(pages):
    samples, one, other, _ = pages
    shared = [s for name, found in samples.items() if name.startswith("cards") for s in found]
    shared += samples["timer:stand_still"]
    for sample in shared:
        cache.clear()
        kept = ask(one, sample)
        with override_settings(CACHES=NO_CACHE):
            fresh = ask(other, sample)
        assert SAVE_BUTTON.sub("SAVE", kept[1]) == SAVE_BUTTON.sub("SAVE", fresh[1]), sample


def test_the_guard_fails_when_a_template_shows_something_of_the_visitor(pages, tmp_path):
    shutil.copytree(settings.BASE_DIR / "templates", tmp_path, dirs_exist_ok=True)
    base = tmp_path / "base.html"
    base.write_text(base.read_text().replace("</footer>", "{{ request.COOKIES }}</footer>"))
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]

    with override_settings(TEMPLATES=templates):
        served, fresh = served_and_fresh(reader_client(), Client(), "/stand-still/")

    assert served != fresh


def test_a_changed_template_shows_at_once_in_a_new_process(tmp_path):
    """As a deploy: the same cache and database, a template changed, a new process.
    Production settings, debug off, the collected static files of this test run."""
    templates = tmp_path / "templates"
    shutil.copytree(settings.BASE_DIR / "templates", templates)
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_HTTPS": "false",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_CACHE_DIR": str(tmp_path / "cache"),
        "PATH": "/usr/bin:/bin",
    }
    script = f"""
import os, sys
sys.path[:0] = [{str(settings.BASE_DIR)!r}, {str(settings.BASE_DIR / "site")!r}]
import config.settings as s
s.TEMPLATES[0]["DIRS"] = [{str(templates)!r}]
s.STATIC_ROOT = {str(settings.STATIC_ROOT)!r}
import django
django.setup()
from django.core.management import call_command
from django.test import Client
if sys.argv[1] == "first":
    call_command("migrate", verbosity=0)
    from tests.factories import make_card
    make_card(title="Still here")
for _ in range(2):
    print(Client().get("/").content.decode())
"""

    def page(step: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", script, step],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "Need help now?" in page("first")
    base = templates / "base.html"
    base.write_text(base.read_text().replace("Need help now?", "Need help right now?"))

    assert "Need help right now?" in page("second")
