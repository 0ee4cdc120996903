"""Hostile and odd input is a clear 4xx, never a 500: bodies in another charset, JSON
nested deep or holding NUL and lone surrogates, passkey ids taken or too long, on every
form, import and JSON endpoint (found from the URL patterns, so a new one is covered)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from apps.bookmarks import services
from tests.accounts_helpers import SoftAuthenticator, account_client, post_json, sign_up
from tests.bookmarks_helpers import bookmarks_of, lists_of, reader_client, reader_with_a_list, save
from tests.factories import make_card
from tests.helpers import text_of

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
DEEP = "[" * 100_000 + "]" * 100_000
DEEP_SMALL = "[" * 5_000 + "]" * 5_000  # within the size bound, past the depth bound


@pytest.fixture(autouse=True)
def relying_party(settings):
    settings.WEBAUTHN_RP_ID = "testserver"


def routes(resolver=None, prefix=""):
    """Every URL pattern of the site, as route text with its <converter:name> parts."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from routes(pattern, route)
        elif isinstance(pattern, URLPattern) and "(?P" not in route and "^" not in route:
            yield route


def filled(route: str, values: dict) -> str:
    path = route
    while "<" in path:
        start, end = path.index("<"), path.index(">")
        name = path[start + 1 : end].split(":")[-1]
        path = path[:start] + str(values.get(name, "1")) + path[end + 1 :]
    return "/" + path


def export_with(name: str, note: str, card) -> bytes:
    lists = [{"name": name, "cards": [{"url": card.get_absolute_url(), "note": note}]}]
    return json.dumps({"app": "Stand Still", "version": 1, "lists": lists}).encode()


def bodies(card):
    """(what, content type, body): one of each class of hostile input."""
    export = export_with("Nights\x00", "a note\x00\x07", card)
    surrogate_export = export_with("\ud800 lists", "note \udfff", card)
    return [
        ("utf-16 form", f"{FORM}; charset=utf-16", "name=Nights&note=x".encode("utf-16")),
        ("unknown charset", f"{FORM}; charset=klingon", b"name=Nights"),
        ("json in utf-16", "application/json; charset=utf-16", '{"id": "x"}'.encode("utf-16")),
        ("NUL and controls", FORM, b"name=Ni%00gh%07ts&note=a%00b&action=save&token=%00"),
        ("encoded surrogate", FORM, b"name=%ED%A0%80&note=%ED%A0%80&action=save"),
        ("bytes not UTF-8", FORM, b"name=%FF%FE&note=%C3"),
        ("JSON 100,000 deep", "application/json", DEEP.encode()),
        ("JSON 5,000 deep", "application/json", DEEP_SMALL.encode()),
        ("lone surrogate id", "application/json", b'{"id": "\\ud800", "response": {}}'),
        ("NUL id", "application/json", b'{"id": "\\u0000", "response": {}}'),
        ("long id", "application/json", json.dumps({"id": "A" * 5000}).encode()),
        ("import with NUL", "multipart", export),
        ("import with lone surrogates", "multipart", surrogate_export),
    ]


def send(client: Client, url: str, content_type: str, body: bytes):
    if content_type == "multipart":
        file = SimpleUploadedFile("stand-still-saved.json", body, "application/json")
        return client.post(url, {"file": file, "name": "x\x00"})
    return client.generic("POST", url, body, content_type)


@pytest.fixture
def targets():
    reader, card, nights, bookmark = reader_with_a_list()
    values = {
        "pk": bookmark.pk,  # a bookmark's; a list's own pages take other ids as a 404
        "list_pk": nights.pk,
        "card_pk": card.pk,
        "article_slug": card.article.slug,
        "card_slug": card.slug,
        "fmt": "json",
    }
    return reader, card, values


def test_every_endpoint_answers_each_class_of_hostile_input_without_a_5xx(targets):
    reader, card, values = targets
    signed_in = account_client()
    failures = []
    urls = sorted({filled(route, values) for route in routes()})
    assert "/saved/import/" in urls and "/account/sign-in/" in urls
    for client in (reader, signed_in, Client(enforce_csrf_checks=True)):
        client.raise_request_exception = False
        for url in urls:
            for what, content_type, body in bodies(card):
                if "/account/" in url and "options" not in url:
                    client.post(url.replace("/account/sign-in/", "/account/sign-in/options/"))
                response = send(client, url, content_type, body)
                if response.status_code >= 500:
                    failures.append((url, what, response.status_code))
    assert failures == []


@pytest.mark.parametrize("charset", ["utf-16", "klingon", "latin-1"])
def test_a_form_in_another_charset_is_a_400_page_with_every_header(charset):
    """Even with a CSRF cookie and token, where the 400 page used to read the body again."""
    client = Client(enforce_csrf_checks=True)
    client.get("/saved/")
    body = f"csrfmiddlewaretoken={client.cookies['csrftoken'].value}&name=Nights"

    response = client.generic("POST", "/saved/lists/", body, f"{FORM}; charset={charset}")

    assert response.status_code == 400
    assert "it reads UTF-8" in text_of(response.content.decode())
    for header in ["Content-Security-Policy", "X-Frame-Options", "Permissions-Policy"]:
        assert header in response.headers


@pytest.mark.parametrize("body", [DEEP, DEEP_SMALL, '{"id": "\\ud800"}', "\xff"])
def test_a_passkey_answer_that_cant_be_read_is_a_400_that_says_so(body):
    client = reader_client()
    client.post("/account/sign-in/options/")

    response = client.post("/account/sign-in/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]


def test_control_characters_are_taken_out_of_what_is_typed_and_line_breaks_kept():
    reader, card = reader_client(), make_card()

    reader.post("/saved/lists/", {"name": "Ni\x00gh\x07ts\x9b"})
    save(reader, card)
    bookmark = bookmarks_of(reader).get()
    url = f"/saved/lists/{bookmark.list_id}/cards/{bookmark.pk}/note/"
    reader.post(url, {"note": "one\r\ntwo\x00\tthree"})

    assert set(lists_of(reader).values_list("name", flat=True)) == {"Saved", "Nights"}
    bookmark.refresh_from_db()
    assert bookmark.note == "one\ntwo\tthree"


def test_an_import_with_nul_in_a_name_or_note_keeps_the_text_without_it():
    reader, card = reader_client(), make_card()
    file = SimpleUploadedFile("s.json", export_with("Nights\x00", "a\x00 note", card))

    reader.post("/saved/import/", {"file": file})

    bookmark = bookmarks_of(reader).get(list__name="Nights")
    assert bookmark.note == "a note"


def test_an_import_with_a_lone_surrogate_is_refused_and_changes_nothing():
    reader, card = reader_client(), make_card()
    file = SimpleUploadedFile("s.json", export_with("\ud800", "note", card))

    response = reader.post("/saved/import/", {"file": file})

    assert response.status_code == 422
    assert "Nothing was imported." in text_of(response.content.decode())
    assert bookmarks_of(reader).count() == 0


def test_a_passkey_registered_already_is_refused_with_why():
    mine = account_client()
    again = sign_up(reader_client(), mine.authenticator)
    assert again.status_code == 400
    assert "already registered, with another account" in again.json()["error"]

    mine.post("/account/passkeys/add/options/")
    options = mine.post("/account/passkeys/add/options/").json()
    response = post_json(mine, "/account/passkeys/add/", mine.authenticator.create(options))
    assert response.status_code == 400
    assert "already in your account" in response.json()["error"]
    assert mine.authenticator.id in {p.credential_id for p in mine_passkeys(mine)}


def mine_passkeys(client):
    from tests.accounts_helpers import user_of

    return user_of(client).passkeys.all()


def test_a_passkey_id_longer_than_its_column_is_refused():
    authenticator = SoftAuthenticator()
    authenticator.credential_id = b"\x01" * 1100  # 1,467 characters in base64url

    response = sign_up(reader_client(), authenticator)

    assert response.status_code == 400
    assert "too long" in response.json()["error"]


def test_undo_of_an_unsave_when_the_reader_is_full_says_why_and_loses_nothing(monkeypatch):
    monkeypatch.setattr(services, "MAX_BOOKMARKS", 2)
    reader, first, second, third = reader_client(), make_card(), make_card(), make_card()
    save(reader, first)
    save(reader, second)
    response = save(reader, first, action="unsave", htmx=True)
    token = response.content.decode().split('name="token" value="')[-1].split('"')[0]
    save(reader, third)

    response = reader.post("/saved/undo/", {"token": token}, follow=True)

    assert response.status_code == 200
    assert "You can keep up to 2 saved cards" in text_of(response.content.decode())
    assert set(bookmarks_of(reader).values_list("card", flat=True)) == {second.pk, third.pk}


def test_the_500_page_carries_the_same_headers_as_every_page(monkeypatch):
    from django.template.response import TemplateResponse

    def broken(self, template):
        raise RuntimeError("a bug in a page")

    monkeypatch.setattr(TemplateResponse, "resolve_template", broken)
    client = Client(raise_request_exception=False)

    response = client.get("/saved/")

    assert response.status_code == 500
    assert "It's on our side" in text_of(response.content.decode())
    for header in ["Content-Security-Policy", "X-Frame-Options", "Permissions-Policy"]:
        assert header in response.headers


def test_an_empty_json_post_as_the_passkey_script_sends_for_options_is_read():
    response = reader_client().post("/account/create/options/", content_type="application/json")

    assert response.status_code == 200
    assert response.json()["challenge"]
