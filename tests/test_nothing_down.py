"""Nothing down, nothing lost: shared caches, old cookies, reused keys, error pages,
and a database that cannot be written."""

import runpy
import time
import uuid
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from apps.bookmarks import services
from apps.core import readers
from tests.bookmarks_helpers import bookmarks_of, lists_of, reader_client, save, token_of
from tests.factories import make_card
from tests.helpers import EXPECTED_CSP, text_of

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def card():
    return make_card(title="Let them run")


@pytest.fixture
def saved(card):
    reader = reader_client()
    save(reader, card)
    return reader, bookmarks_of(reader).get()


# Shared caches


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize("url", ["/", "/help/", "/offline/", "/stand-still/", "/about/"])
def test_a_page_that_sets_a_cookie_or_carries_a_token_is_never_public(card, url):
    response = Client().get(url)

    assert response.status_code == 200
    assert response.cookies  # the reader cookie, and the CSRF cookie with the token
    assert "public" not in directives(response)
    assert "private" in directives(response)


def test_the_offline_page_is_private_and_still_kept_an_hour():
    response = Client().get("/offline/")

    assert directives(response) == {"max-age=3600", "private"}


def test_static_files_and_the_manifest_stay_public():
    response = Client().get("/manifest.webmanifest")

    assert not response.cookies
    assert "public" in directives(response)


@pytest.mark.parametrize(
    "path",
    [
        "/saved/",
        "/saved/lists/{list}/",
        "/saved/export.json",
        "/saved/export.md",
        "/saved/cards/{card}/lists/",
        "/saved/delete-everything/",
    ],
)
def test_personal_pages_are_private_and_never_stored(saved, path):
    reader, bookmark = saved

    response = reader.get(path.format(list=bookmark.list_id, card=bookmark.card_id))

    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)
    assert "public" not in directives(response)


# The reader cookie's age


def old_cookie(token: uuid.UUID, years: float) -> str:
    """The reader cookie as the server signed it `years` ago."""
    from django.http import HttpResponse

    then = time.time() - years * 365 * 86400
    with mock.patch("django.core.signing.time.time", return_value=then):
        response = HttpResponse()
        readers.remember(response, token)
    return response.cookies[readers.COOKIE].value


def test_a_reader_cookie_signed_longer_ago_than_it_lives_is_not_accepted(saved):
    reader, bookmark = saved
    stolen = Client()
    stolen.cookies[readers.COOKIE] = old_cookie(token_of(reader), years=5)

    response = stolen.get("/saved/")

    assert "Nothing saved yet." in text_of(response.content.decode())
    assert stolen.get(f"/saved/lists/{bookmark.list_id}/").status_code == 404
    assert response.cookies[readers.COOKIE].value  # a new reader instead


def test_a_reader_cookie_within_its_age_is_accepted(saved):
    reader, bookmark = saved
    again = Client()
    again.cookies[readers.COOKIE] = old_cookie(token_of(reader), years=1)

    assert again.get(f"/saved/lists/{bookmark.list_id}/").status_code == 200


def test_a_reader_who_keeps_coming_back_gets_their_cookie_signed_again(saved):
    """The cookie lives 400 days from when it was signed: a returning reader's is
    renewed once it is a month old, so their lists never expire under them."""
    reader, bookmark = saved
    again = Client()
    again.cookies[readers.COOKIE] = old_cookie(token_of(reader), years=0.5)

    response = again.get(f"/saved/lists/{bookmark.list_id}/")

    assert response.status_code == 200
    renewed = response.cookies[readers.COOKIE]
    assert renewed["max-age"] == readers.MAX_AGE
    assert again.get(f"/saved/lists/{bookmark.list_id}/").status_code == 200
    assert readers.COOKIE not in again.get("/saved/").cookies  # fresh now: not sent again


def test_a_fresh_reader_cookie_is_not_sent_again(saved):
    reader, _ = saved

    assert readers.COOKIE not in reader.get("/saved/").cookies


# Idempotency keys


def test_a_key_sent_again_with_the_same_save_is_applied_once(card):
    reader, key = reader_client(), str(uuid.uuid4())

    headers = {**HTMX, "Idempotency-Key": key}
    first = reader.post(f"/saved/cards/{card.pk}/", {"action": "save"}, headers=headers)
    services.unsave_card(token_of(reader), card)
    again = reader.post(f"/saved/cards/{card.pk}/", {"action": "save"}, headers=headers)

    assert (first.status_code, again.status_code) == (200, 200)
    assert bookmarks_of(reader).count() == 0  # the replay changed nothing


@pytest.mark.parametrize("change", ["other card", "other action"])
def test_a_key_reused_for_a_different_change_is_a_409_and_changes_nothing(card, change):
    reader, key = reader_client(), str(uuid.uuid4())
    reader.post(
        f"/saved/cards/{card.pk}/", {"action": "save"}, headers={**HTMX, "Idempotency-Key": key}
    )
    other = make_card() if change == "other card" else card
    action = "save" if change == "other card" else "unsave"

    response = reader.post(
        f"/saved/cards/{other.pk}/", {"action": action}, headers={**HTMX, "Idempotency-Key": key}
    )

    assert response.status_code == 409
    assert "already used for a different change or card" in response.content.decode()
    assert list(bookmarks_of(reader).values_list("card", flat=True)) == [card.pk]


def note_url(bookmark) -> str:
    return reverse("bookmarks:note", args=[bookmark.list_id, bookmark.pk])


def test_a_note_sent_again_with_its_key_is_applied_once(saved):
    """The outbox sends a note written offline until it hears back: a replay that did
    arrive must not write over a note changed since."""
    reader, bookmark = saved
    headers = {**HTMX, "Idempotency-Key": str(uuid.uuid4())}
    first = reader.post(note_url(bookmark), {"note": "Written on the train"}, headers=headers)
    reader.post(note_url(bookmark), {"note": "Changed since"}, headers=HTMX)
    again = reader.post(note_url(bookmark), {"note": "Written on the train"}, headers=headers)

    assert (first.status_code, again.status_code) == (200, 200)
    bookmark.refresh_from_db()
    assert bookmark.note == "Changed since"
    assert "Changed since" in text_of(
        again.content.decode()
    )  # the replay answers with the note as it is


def test_a_key_used_for_a_save_cannot_carry_a_note(saved):
    reader, bookmark = saved
    key, other = str(uuid.uuid4()), make_card()
    reader.post(
        f"/saved/cards/{other.pk}/", {"action": "save"}, headers={**HTMX, "Idempotency-Key": key}
    )

    response = reader.post(
        note_url(bookmark), {"note": "Mine"}, headers={**HTMX, "Idempotency-Key": key}
    )

    assert response.status_code == 409
    bookmark.refresh_from_db()
    assert bookmark.note == ""


def test_a_note_with_a_malformed_key_is_a_400_and_changes_nothing(saved):
    reader, bookmark = saved
    response = reader.post(note_url(bookmark), {"note": "Mine"}, headers={"Idempotency-Key": "no"})

    assert response.status_code == 400
    bookmark.refresh_from_db()
    assert bookmark.note == ""


def test_a_key_kept_before_changes_were_recorded_is_still_a_replay(card):
    from apps.bookmarks.models import AppliedChange

    reader, key = reader_client(), uuid.uuid4()
    AppliedChange.objects.create(reader=services.reader_for(token_of(reader)), key=key)

    headers = {**HTMX, "Idempotency-Key": str(key)}
    response = reader.post(f"/saved/cards/{card.pk}/", {"action": "save"}, headers=headers)

    assert response.status_code == 200
    assert bookmarks_of(reader).count() == 0  # applied before: not applied again


# Error pages


def test_the_page_for_a_disallowed_host_carries_every_security_header():
    response = Client().get("/", headers={"Host": "evil.example"})

    assert response.status_code == 400
    assert response["Content-Security-Policy"] == EXPECTED_CSP
    assert response["X-Frame-Options"] == "DENY"
    assert response["Permissions-Policy"] == settings.PERMISSIONS_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("url", ["/no-such-page/", "/saved/lists/99999/"])
def test_a_404_carries_every_security_header(url):
    response = Client().get(url)

    assert response.status_code == 404
    assert response["Content-Security-Policy"] == EXPECTED_CSP
    assert response["X-Frame-Options"] == "DENY"
    assert response["Permissions-Policy"] == settings.PERMISSIONS_POLICY


@pytest.mark.parametrize(
    ("proxy", "trusted"), [("", ""), ("false", ""), ("true", "*"), ("on", "*")]
)
def test_gunicorn_trusts_forwarded_proto_only_with_the_proxy_setting(monkeypatch, proxy, trusted):
    monkeypatch.setenv("DJANGO_SECURE_PROXY_SSL_HEADER", proxy)
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)

    config = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))

    assert config["forwarded_allow_ips"] == trusted


def test_serve_runs_gunicorn_with_the_projects_config(monkeypatch):
    from django.core.management import call_command

    started = {}
    monkeypatch.setattr("os.execv", lambda path, args: started.update(args=args))
    call_command("serve", "--port", "8199")

    at = started["args"].index("--config")
    assert started["args"][at + 1] == str(settings.BASE_DIR / "gunicorn.conf.py")


# A database that cannot be written


def refuse_writes(monkeypatch, service: str):
    def refused(*args, **kwargs):
        raise OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(services, service, refused)


@pytest.mark.django_db(transaction=True)
def test_a_refused_note_is_a_503_that_keeps_what_was_typed(saved, monkeypatch):
    reader, bookmark = saved
    refuse_writes(monkeypatch, "set_note")
    url = f"/saved/lists/{bookmark.list_id}/cards/{bookmark.pk}/note/"

    response = reader.post(url, {"note": "It passed <after> an hour", "next": "/saved/"})

    assert response.status_code == 503
    assert response["Retry-After"]
    html = response.content.decode()
    assert "Couldn't save, try again" in text_of(html)
    assert ">It passed &lt;after&gt; an hour</textarea>" in html
    assert f'action="{url}"' in html and 'name="next" value="/saved/"' in html
    assert response["Content-Security-Policy"] == EXPECTED_CSP
    assert connection.connection is None  # closed: the next request opens a fresh one
    monkeypatch.undo()
    assert reader.post(url, {"note": "It passed"}).status_code == 302
    bookmark.refresh_from_db()
    assert bookmark.note == "It passed"


@pytest.mark.django_db(transaction=True)
def test_a_refused_new_list_keeps_its_name(monkeypatch):
    reader = reader_client()
    refuse_writes(monkeypatch, "create_list")

    response = reader.post("/saved/lists/", {"name": "For the mornings"})

    assert response.status_code == 503
    assert ">For the mornings</textarea>" in response.content.decode()
    assert lists_of(reader).count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_refused_htmx_save_is_a_short_503_and_swaps_nothing(card, monkeypatch):
    reader = reader_client()
    refuse_writes(monkeypatch, "save_card")

    response = save(reader, card, htmx=True)

    assert response.status_code == 503
    assert "Couldn't save that just now" in response.content.decode()
    assert "<html" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_page_that_cannot_be_read_is_a_503_with_a_retry_link(monkeypatch):
    reader = reader_client()

    def unreachable(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("apps.bookmarks.queries.lists_with_counts", unreachable)

    response = reader.get("/saved/")

    assert response.status_code == 503
    assert "Couldn't load this page" in text_of(response.content.decode())
    assert 'href="/saved/"' in response.content.decode()


def test_a_bug_in_a_query_is_still_a_500_not_hidden_as_a_503(saved, monkeypatch):
    from django.db import IntegrityError

    reader, bookmark = saved
    monkeypatch.setattr(services, "set_note", mock.Mock(side_effect=IntegrityError("bug")))
    reader.raise_request_exception = False

    response = reader.post(
        f"/saved/lists/{bookmark.list_id}/cards/{bookmark.pk}/note/", {"note": "x"}
    )

    assert response.status_code == 500
