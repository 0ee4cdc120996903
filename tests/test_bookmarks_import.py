"""Importing the JSON export back: merged with what is there, idempotent, all or nothing."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from apps.bookmarks import imports, services
from apps.bookmarks.models import Bookmark, BookmarkList
from tests.bookmarks_helpers import bookmarks_of, lists_of, reader_client, token_of
from tests.cards_helpers import text_of
from tests.factories import make_card

pytestmark = pytest.mark.django_db


@pytest.fixture
def cards():
    return [make_card(title=title) for title in ("Let them run", "Breathe first", "Still here")]


def export_of(client: Client) -> bytes:
    response = client.get("/saved/export.json")
    assert response.status_code == 200
    return response.content


def upload(client: Client, content: bytes, htmx: bool = False, name="stand-still-saved.json"):
    headers = {"HX-Request": "true"} if htmx else {}
    file = SimpleUploadedFile(name, content, content_type="application/json")
    return client.post("/saved/import/", {"file": file}, headers=headers)


def holding(client: Client) -> dict[str, list[tuple[str, str]]]:
    """Each list of the reader, with its cards in order and their notes."""
    return {
        bookmark_list.name: list(
            bookmark_list.bookmarks.order_by("position", "pk").values_list("card__title", "note")
        )
        for bookmark_list in lists_of(client)
    }


def keep(client: Client, card, note: str = "", in_list: str = "") -> None:
    token = token_of(client)
    target = None
    if in_list:
        target = lists_of(client).filter(name=in_list).first()
        target = target or services.create_list(token, in_list)
    bookmark = services.save_card(token, card, target)
    if note:
        services.set_note(bookmark, note)


@pytest.fixture
def exported(cards):
    """An export of a reader with two saved cards (one noted) and a list "Nights"."""
    owner = reader_client()
    keep(owner, cards[0])
    keep(owner, cards[1], note="Read this when the urge comes.")
    keep(owner, cards[2], note="For 3 a.m.", in_list="Nights")
    return owner, export_of(owner)


def test_the_export_says_what_it_is_and_its_version(exported):
    _, content = exported
    data = json.loads(content)

    assert (data["app"], data["version"]) == ("Stand Still", 1)


def test_an_export_imported_on_another_browser_brings_back_every_list_card_and_note(exported):
    owner, content = exported
    elsewhere = reader_client()

    response = upload(elsewhere, content)

    assert response.status_code == 302 and response["Location"] == "/saved/"
    assert holding(elsewhere) == holding(owner)
    page = text_of(elsewhere.get("/saved/").content.decode())
    assert "Imported 3 cards and 1 new list." in page
    assert "Nights" in page and "Breathe first" in page


def test_importing_the_same_file_twice_changes_nothing(exported):
    _, content = exported
    elsewhere = reader_client()
    upload(elsewhere, content)
    before = holding(elsewhere)
    rows = list(bookmarks_of(elsewhere).values_list("pk", "list_id", "position", "note"))

    response = upload(elsewhere, content)

    assert response.status_code == 302
    assert holding(elsewhere) == before
    assert list(bookmarks_of(elsewhere).values_list("pk", "list_id", "position", "note")) == rows
    page = text_of(elsewhere.get("/saved/").content.decode())
    assert "Everything in that file was already here, so nothing changed." in page


def test_an_import_joins_lists_of_the_same_name_and_keeps_a_card_once_with_both_notes(
    exported, cards
):
    _, content = exported
    reader = reader_client()
    keep(reader, cards[2], note="My own words.", in_list="NIGHTS")
    keep(reader, cards[0])

    response = upload(reader, content)

    assert response.status_code == 302
    assert holding(reader) == {
        "Saved": [("Let them run", ""), ("Breathe first", "Read this when the urge comes.")],
        "NIGHTS": [("Still here", "My own words.\n\nFor 3 a.m.")],
    }
    page = text_of(reader.get("/saved/").content.decode())
    assert "Imported 1 card and 1 note for a card you had." in page


def test_the_same_rules_join_two_readers_at_sign_in(cards):
    """merge_readers and an import share one set of rules: the same result either way."""
    first, second, imported = reader_client(), reader_client(), reader_client()
    for client in (first, imported):
        keep(client, cards[0], note="Mine.", in_list="Nights")
    keep(second, cards[0], note="Theirs.", in_list="nights")
    keep(second, cards[1])

    upload(imported, export_of(second))
    services.merge_readers(
        services.reader_for(token_of(first)), services.reader_for(token_of(second))
    )

    assert holding(first) == holding(imported)
    assert holding(first)["Nights"] == [("Let them run", "Mine.\n\nTheirs.")]


def test_cards_no_longer_in_stand_still_are_left_out_and_counted(exported):
    _, content = exported
    data = json.loads(content)
    cards = data["lists"][0]["cards"]
    cards.append({**cards[0], "url": "/cards/gone-article/gone-card/"})
    cards.append({**cards[0], "url": "https://example.com/somewhere/else/"})
    reader = reader_client()

    response = upload(reader, json.dumps(data).encode())

    assert response.status_code == 302
    assert sum(len(cards) for cards in holding(reader).values()) == 3
    page = text_of(reader.get("/saved/").content.decode())
    assert "Imported 3 cards and 1 new list." in page
    assert "2 cards in the file are no longer in Stand Still, so they were left out." in page


def test_an_export_from_before_versions_is_read_as_version_1(exported):
    owner, content = exported
    data = json.loads(content)
    del data["version"]
    reader = reader_client()

    upload(reader, json.dumps(data).encode())

    assert holding(reader) == holding(owner)


def _with(content: bytes, change) -> bytes:
    data = json.loads(content)
    change(data)
    return json.dumps(data).encode()


NOT_AN_EXPORT = "This isn't a Stand Still export."
DAMAGED = "Part of this file can't be read"
BAD_FILES = {
    "not json": (lambda content: b"Saved cards:\n- Let them run\n", NOT_AN_EXPORT),
    "not text": (lambda content: b"\x89PNG\r\n\x1a\n\x00\xff\xfe", NOT_AN_EXPORT),
    "json but a list": (lambda content: b"[1, 2, 3]", NOT_AN_EXPORT),
    "nested too deep": (lambda content: b"[" * 100_000 + b"]" * 100_000, NOT_AN_EXPORT),
    "another app": (
        lambda content: _with(content, lambda d: d.update(app="Pocket")),
        NOT_AN_EXPORT,
    ),
    "no lists": (lambda content: _with(content, lambda d: d.pop("lists")), NOT_AN_EXPORT),
    "a newer version": (
        lambda content: _with(content, lambda d: d.update(version=2)),
        "made by another version of Stand Still (version 2)",
    ),
    "a version as text": (
        lambda content: _with(content, lambda d: d.update(version="1")),
        "made by another version of Stand Still (version 1)",
    ),
    "a list without a name": (
        lambda content: _with(content, lambda d: d["lists"][1].pop("name")),
        f"{DAMAGED} (list 2 has no name)",
    ),
    "a list name of spaces": (
        lambda content: _with(content, lambda d: d["lists"][1].update(name="   ")),
        f"{DAMAGED} (list 2 needs a name of 1 to 60 characters)",
    ),
    "a list name too long": (
        lambda content: _with(content, lambda d: d["lists"][1].update(name="N" * 61)),
        f"{DAMAGED} (list 2 needs a name of 1 to 60 characters)",
    ),
    "cards that are not a list": (
        lambda content: _with(content, lambda d: d["lists"][1].update(cards="Still here")),
        f"{DAMAGED} (the cards of “Nights”)",
    ),
    "a card without a link": (
        lambda content: _with(content, lambda d: d["lists"][0]["cards"][1].pop("url")),
        f"{DAMAGED} (card 2 of “Saved” has no link)",
    ),
    "a note that is not text": (
        lambda content: _with(content, lambda d: d["lists"][1]["cards"][0].update(note=[1])),
        f"{DAMAGED} (the note on card 1 of “Nights”)",
    ),
    "a note too long": (
        lambda content: _with(content, lambda d: d["lists"][1]["cards"][0].update(note="x" * 1001)),
        f"{DAMAGED} (the note on card 1 of “Nights” is longer than 1,000 characters)",
    ),
}


@pytest.fixture
def reader_with_a_card(cards):
    reader = reader_client()
    keep(reader, cards[1], note="Already mine.")
    return reader


@pytest.mark.parametrize("make", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_gets_a_clear_message_and_changes_nothing(exported, reader_with_a_card, make):
    spoil, message = make
    before = holding(reader_with_a_card)

    response = upload(reader_with_a_card, spoil(exported[1]))

    assert response.status_code == 422
    page = text_of(response.content.decode())
    assert message in page and "Nothing was imported." in page
    assert 'aria-invalid="true"' in response.content.decode()
    assert holding(reader_with_a_card) == before


def test_an_oversized_file_is_refused_before_it_is_read(exported, reader_with_a_card, monkeypatch):
    monkeypatch.setattr(imports, "MAX_BYTES", 1024 * 1024)
    before = holding(reader_with_a_card)
    padded = _with(exported[1], lambda d: d.update(padding="x" * (1024 * 1024)))

    response = upload(reader_with_a_card, padded)

    assert response.status_code == 422
    assert "This file is larger than 1 MB, too large to be a Stand Still export." in text_of(
        response.content.decode()
    )
    assert holding(reader_with_a_card) == before


def test_an_empty_file_or_none_at_all_is_explained(reader_with_a_card):
    empty = upload(reader_with_a_card, b"")
    none = reader_with_a_card.post("/saved/import/", {})

    assert empty.status_code == none.status_code == 422
    assert NOT_AN_EXPORT in text_of(empty.content.decode())
    assert "Choose the file to import: stand-still-saved.json." in text_of(none.content.decode())


def test_an_import_past_the_list_limit_changes_nothing_at_all(
    exported, cards, reader_with_a_card, monkeypatch
):
    """One transaction: the cards already added to Saved go too when a list is refused."""
    monkeypatch.setattr(services, "MAX_LISTS", 1)
    before = holding(reader_with_a_card)

    response = upload(reader_with_a_card, exported[1])

    assert response.status_code == 422
    page = text_of(response.content.decode())
    assert "You can keep up to 1 lists." in page
    assert "This file would go past that: nothing was imported." in page
    assert holding(reader_with_a_card) == before


def test_a_file_holding_more_cards_than_anyone_keeps_is_refused(
    exported, reader_with_a_card, monkeypatch
):
    monkeypatch.setattr(imports, "MAX_BOOKMARKS", 2)

    response = upload(reader_with_a_card, exported[1])

    assert response.status_code == 422
    assert "This file holds more than 2 cards." in text_of(response.content.decode())
    assert Bookmark.objects.filter(list__reader__token=token_of(reader_with_a_card)).count() == 1


def test_an_import_needs_the_csrf_token(exported):
    browser = Client(enforce_csrf_checks=True)
    browser.get("/saved/")

    response = upload(browser, exported[1])

    assert response.status_code == 403
    assert BookmarkList.objects.filter(reader__token=token_of(browser)).count() == 0


def test_an_import_is_a_post(reader_with_a_card):
    assert reader_with_a_card.get("/saved/import/").status_code == 405


def test_with_htmx_a_bad_file_swaps_the_form_with_its_message(reader_with_a_card):
    response = upload(reader_with_a_card, b"{}", htmx=True)

    html = response.content.decode()
    assert response.status_code == 422
    assert "<html" not in html and html.lstrip().startswith('<form id="import"')
    assert 'role="alert"' in html and NOT_AN_EXPORT in text_of(html)


def test_with_htmx_a_good_file_reloads_the_saved_page(exported):
    response = upload(reader_client(), exported[1], htmx=True)

    assert response.status_code == 200
    assert response["HX-Redirect"] == "/saved/"


def test_a_saved_page_seen_before_shows_the_import_at_once(exported):
    reader = reader_client()
    assert "Still here" not in reader.get("/saved/").content.decode()

    upload(reader, exported[1])

    page = reader.get("/saved/").content.decode()
    assert "Still here" in page or "Nights" in page
    assert "Breathe first" in page


def test_the_saved_page_offers_the_import_as_a_plain_form(client):
    html = client.get("/saved/").content.decode()

    assert 'action="/saved/import/"' in html and 'enctype="multipart/form-data"' in html
    assert 'name="csrfmiddlewaretoken"' in html.split('id="import"')[1]
    assert '<label for="import-file">' in html
