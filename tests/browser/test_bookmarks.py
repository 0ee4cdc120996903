"""Saving and keeping cards, as a person does it on a phone: with and without JavaScript."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from apps.bookmarks.models import Bookmark, BookmarkList


def save_button(page, title):
    return page.get_by_role("button", name=f"Save: {title}", exact=True).or_(
        page.get_by_role("button", name=f"Saved: {title}", exact=True)
    )


def save_all_and_open_saved(page, site_url, cards):
    """Save every card from the feed (oldest last, so the list reads in card order),
    open the Saved list, and return its card titles."""
    page.goto(site_url + "/")
    for card in reversed(cards):
        save_button(page, card.title).tap()
        expect(save_button(page, card.title)).to_have_attribute("aria-pressed", "true")
    page.goto(site_url + "/saved/")
    expect(page.get_by_role("heading", name="Your saved cards 3 cards")).to_be_visible()
    page.get_by_role("link", name="Notes and order").tap()
    titles = page.locator(".bookmark h2")
    expect(titles).to_have_text(["Let them run", "Feel it to heal it", "Turn toward yourself"])
    return titles


def test_save_from_the_feed_then_undo(page, site_url, cards):
    page.goto(site_url + "/")
    button = save_button(page, "Let them run")

    button.tap()

    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#toasts")).to_contain_text("Saved.")
    assert Bookmark.objects.filter(card=cards[0]).count() == 1

    page.locator("#toasts").get_by_role("button", name="Undo").tap()

    expect(button).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#toasts")).to_contain_text("Undone.")
    assert Bookmark.objects.filter(card=cards[0]).count() == 0


def test_create_a_list_and_add_a_card_to_it_from_the_dialog(page, site_url, cards):
    page.goto(site_url + "/saved/")
    page.get_by_label("Name").fill("For the mornings")
    page.get_by_role("button", name="Make list").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("For the mornings")

    page.goto(site_url + cards[1].get_absolute_url())
    page.get_by_role("link", name="Lists for Feel it to heal it").tap()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_label("For the mornings").check()
    dialog.get_by_role("button", name="Done").tap()

    expect(dialog).to_be_hidden()
    expect(page.locator("#toasts")).to_contain_text("Lists updated.")
    mornings = BookmarkList.objects.get(name="For the mornings")
    assert list(mornings.bookmarks.values_list("card__title", flat=True)) == ["Feel it to heal it"]


def test_reorder_and_add_a_note_in_a_list(page, site_url, cards):
    titles = save_all_and_open_saved(page, site_url, cards)

    page.get_by_role("button", name="Move “Turn toward yourself” up").tap()

    expect(titles).to_have_text(["Let them run", "Turn toward yourself", "Feel it to heal it"])

    item = page.locator(".bookmark").filter(has_text="Let them run")
    item.get_by_text("Add a note").tap()
    item.get_by_label("Why this one mattered").fill("Read this before texting.")
    item.get_by_role("button", name="Save note").tap()

    expect(page.locator(".bookmark").filter(has_text="Let them run")).to_contain_text(
        "Read this before texting."
    )
    page.reload()
    expect(page.locator(".bookmark").first).to_contain_text("Read this before texting.")


def test_remove_from_a_list_then_undo_brings_the_card_back_with_its_note(page, site_url, cards):
    titles = save_all_and_open_saved(page, site_url, cards)
    item = page.locator(".bookmark").filter(has_text="Feel it to heal it")
    item.get_by_text("Add a note").tap()
    item.get_by_label("Why this one mattered").fill("Read this before texting.")
    item.get_by_role("button", name="Save note").tap()
    expect(item.locator(".note-text")).to_have_text("Read this before texting.")

    item.get_by_role("button", name="Remove “Feel it to heal it”").tap()

    expect(titles).to_have_text(["Let them run", "Turn toward yourself"])
    page.locator("#toasts").get_by_role("button", name="Undo").tap()

    expect(titles).to_have_text(["Let them run", "Feel it to heal it", "Turn toward yourself"])
    expect(item.locator(".note-text")).to_have_text("Read this before texting.")
    assert Bookmark.objects.get(card=cards[1]).note == "Read this before texting."


def test_delete_a_list_then_undo(page, site_url, cards):
    page.goto(site_url + "/saved/")
    page.get_by_label("Name").fill("Nights")
    page.get_by_role("button", name="Make list").tap()

    page.get_by_text("Rename or delete").tap()
    page.get_by_role("button", name="Delete this list").tap()

    expect(page).to_have_url(site_url + "/saved/")
    expect(page.locator("#toasts")).to_contain_text("Deleted “Nights”.")
    expect(page.get_by_role("link", name="Nights")).to_have_count(0)

    page.locator("#toasts").get_by_role("button", name="Undo").tap()

    expect(page.get_by_role("heading", level=1)).to_have_text("Nights")


def test_export_downloads_a_file(page, site_url, cards):
    page.goto(site_url + "/")
    save_button(page, "Let them run").tap()
    expect(save_button(page, "Let them run")).to_have_attribute("aria-pressed", "true")
    page.goto(site_url + "/saved/")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as text (Markdown)").tap()

    assert download.value.suggested_filename == "stand-still-saved.md"
    assert "### Let them run" in Path(download.value.path()).read_text()


@pytest.fixture
def no_js_page(browser, phone, site_url):
    context = browser.new_context(**phone, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_without_javascript_save_and_create_a_list_still_work(no_js_page, site_url, cards):
    page = no_js_page
    page.goto(site_url + "/")

    save_button(page, "Let them run").click()

    # Back on the same page, at the same card.
    expect(page).to_have_url(re.compile(re.escape(site_url) + r"/#card-\d+$"))
    expect(page.locator(":target .card-title")).to_have_text("Let them run")
    expect(save_button(page, "Let them run")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#toasts")).to_contain_text("Saved.")

    page.goto(site_url + "/saved/")
    page.get_by_label("Name").fill("saved")
    page.get_by_role("button", name="Make list").click()
    expect(page.locator(".field-error")).to_have_text("You already have a list called “saved”.")

    page.get_by_label("Name").fill("Nights")
    page.get_by_role("button", name="Make list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nights")


def test_drag_a_card_above_the_one_before_it(page, site_url, cards):
    titles = save_all_and_open_saved(page, site_url, cards)

    page.locator(".bookmark").nth(1).locator("[data-drag]").scroll_into_view_if_needed()
    handle = page.locator(".bookmark").nth(1).locator("[data-drag]").bounding_box()
    top = page.locator(".bookmark").nth(0).bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    for step in range(1, 21):
        y = handle["y"] + (top["y"] + 10 - handle["y"]) * step / 20
        page.mouse.move(handle["x"] + handle["width"] / 2, y)
    # The list moves under the finger at once; the move is saved when the answer comes.
    with page.expect_response(lambda answer: answer.request.method == "POST") as saved:
        page.mouse.up()

    expect(titles).to_have_text(["Feel it to heal it", "Let them run", "Turn toward yourself"])
    assert saved.value.ok
    page.reload()
    expect(titles).to_have_text(["Feel it to heal it", "Let them run", "Turn toward yourself"])


def test_a_page_kept_compressed_reads_and_saves_in_the_browser(page, site_url, cards):
    """The kept page goes out as gzip parts joined around the visitor's CSRF token: the
    browser must decode it whole, and the token in it must work."""
    page.goto(site_url + "/")  # rendered and kept
    answer = page.goto(site_url + "/")  # from the cache, compressed

    assert answer.all_headers().get("content-encoding") == "gzip"
    expect(page.locator(".card-title")).to_have_count(3)
    expect(page.locator("footer")).to_be_visible()  # the page's end decoded too
    button = save_button(page, "Feel it to heal it")
    button.tap()
    expect(button).to_have_attribute("aria-pressed", "true")
    assert Bookmark.objects.filter(card=cards[1]).count() == 1


def test_a_card_held_at_the_screens_edge_scrolls_the_list_and_is_carried_past_it(page, site_url):
    """A list longer than the screen: the first card, held just above the tab bar,
    scrolls the page and goes down the list while the finger stays put."""
    from tests.factories import make_cards

    cards = make_cards(12)
    page.goto(site_url + "/")
    for card in reversed(cards):  # the list reads newest saved first
        save_button(page, card.title).tap()
        expect(save_button(page, card.title)).to_have_attribute("aria-pressed", "true")
    page.goto(site_url + "/saved/")
    page.get_by_role("link", name="Notes and order").tap()
    titles = page.locator(".bookmark h2")
    expect(titles).to_have_count(12)
    first = titles.nth(0).inner_text()
    handle = page.locator(".bookmark").nth(0).locator("[data-drag]")
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    x = box["x"] + box["width"] / 2
    near_the_bottom = page.evaluate(
        "innerHeight - document.querySelector('.tabs').offsetHeight - 20"
    )

    page.mouse.move(x, box["y"] + box["height"] / 2)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x, box["y"] + (near_the_bottom - box["y"]) * step / 10)
    # Held there, the page scrolls under it and the card goes down the list.
    page.wait_for_function(
        "() => [...document.querySelectorAll('#items > li.bookmark')]"
        ".findIndex((li) => li.classList.contains('dragging')) >= 6"
    )
    assert page.evaluate("scrollY") > 0
    with page.expect_response(lambda answer: answer.request.method == "POST") as saved:
        page.mouse.up()

    assert saved.value.ok
    moved_to = [title.inner_text() for title in titles.all()].index(first)
    assert moved_to >= 6
    page.reload()
    expect(titles.nth(moved_to)).to_have_text(first)
