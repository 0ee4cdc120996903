"""Bringing saved cards back from the JSON export, as a person does it on a phone."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from apps.bookmarks import services
from apps.bookmarks.models import BookmarkList
from apps.core.readers import read_token


def token_in(page):
    """The reader this browser's cookie names (None once "Delete all my data" forgot it)."""
    from django.http import HttpRequest

    request = HttpRequest()
    request.COOKIES = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    return read_token(request)


def holding(token) -> dict[str, list[tuple[str, str]]]:
    lists = BookmarkList.objects.filter(reader__token=token, deleted_at__isnull=True)
    return {
        bookmark_list.name: list(
            bookmark_list.bookmarks.order_by("position", "pk").values_list("card__title", "note")
        )
        for bookmark_list in lists
    }


@pytest.fixture
def kept(page, site_url, cards):
    """A reader with two saved cards (one with a note) and a list "Nights"."""
    page.goto(site_url + "/saved/")
    token = token_in(page)
    services.save_card(token, cards[1])
    services.set_note(services.save_card(token, cards[0]), "Read this before texting.")
    services.save_card(token, cards[2], services.create_list(token, "Nights"))
    page.reload()
    expect(page.get_by_role("link", name="Nights 1 card")).to_be_visible()
    return holding(token)


def download_json(page) -> Path:
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as JSON").tap()
    assert download.value.suggested_filename == "stand-still-saved.json"
    return Path(download.value.path())


def test_an_export_comes_back_after_deleting_everything(page, site_url, kept):
    export = download_json(page)
    page.get_by_role("link", name="Delete all my data").tap()
    page.get_by_role("button", name="Delete everything").tap()
    expect(page.get_by_text("Nothing saved yet.")).to_be_visible()

    page.get_by_label("Your export (.json)").set_input_files(export)
    page.get_by_role("button", name="Import").tap()

    expect(page.locator("#toasts")).to_contain_text("Imported 3 cards and 1 new list.")
    expect(page.get_by_role("link", name="Nights 1 card")).to_be_visible()
    expect(page.get_by_text("Read this before texting.")).to_be_visible()
    assert holding(token_in(page)) == kept

    # The same file again changes nothing, and says so.
    page.get_by_label("Your export (.json)").set_input_files(export)
    page.get_by_role("button", name="Import").tap()

    expect(page.locator("#toasts")).to_contain_text("Everything in that file was already here")
    assert holding(token_in(page)) == kept


def test_a_bad_file_is_explained_and_changes_nothing(page, site_url, kept):
    page.get_by_label("Your export (.json)").set_input_files(
        {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"Things I want to say."}
    )

    page.get_by_role("button", name="Import").tap()

    error = page.get_by_role("alert").filter(has_text="This isn't a Stand Still export.")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Nothing was imported.")
    expect(page.get_by_label("Your export (.json)")).to_have_attribute("aria-invalid", "true")
    expect(page).to_have_url(site_url + "/saved/")
    assert holding(token_in(page)) == kept
    # Chromium logs the 422 that carries the form back with its message; nothing else.
    expected = "the server responded with a status of 422 (Unprocessable Content)"
    assert page.problems == [f"Failed to load resource: {expected}"]
    page.problems.clear()
