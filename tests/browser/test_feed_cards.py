"""Cards in the feed as a phone shows them: never taller than a small screen, and the
whole card opens it while its save button stays a control of its own."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_article, make_card

LONG_BODY = "\n\n".join(
    f"Paragraph {n}. When they pull away, the pull to follow is strong. Stand still for a "
    "moment, breathe out slowly, and let the wave pass before you decide anything."
    for n in range(1, 13)
)
# The room a card has on a 375 × 667 phone: the viewport less the top bar and the tabs.
ROOM = """() => innerHeight - document.querySelector('.top').offsetHeight
                - document.querySelector('.tabs').offsetHeight"""


@pytest.fixture
def feed_cards():
    article = make_article(title="Both of you are running")
    long = make_card(article, title="A long card", position=0, body_markdown=LONG_BODY)
    short = make_card(article, title="A short card", position=1, body_markdown="Breathe out.")
    return long, short


def box(locator):
    """Where the element is on screen, scrolled to the middle of it first: a tap needs it
    there, clear of the fixed tab bar."""
    locator.evaluate("e => e.scrollIntoView({block: 'center', behavior: 'instant'})")
    return locator.bounding_box()


@pytest.mark.parametrize("width", [320, 375])
def test_a_long_card_is_cut_to_the_screen_with_read_on_and_a_short_one_is_whole(
    page, site_url, feed_cards, width
):
    long, short = feed_cards
    page.set_viewport_size({"width": width, "height": 667})
    page.goto(site_url + "/")
    long_card, short_card = page.locator(f"#card-{long.pk}"), page.locator(f"#card-{short.pk}")

    assert box(long_card)["height"] <= page.evaluate(ROOM)
    expect(long_card.locator(".read-on")).to_be_visible()
    expect(long_card.locator(".read-on")).to_have_text("Read on")
    expect(long_card.get_by_text("Paragraph 1.")).to_be_visible()  # its opening shows
    assert "Paragraph 12." in long_card.locator(".card-body").inner_text()  # all in the page

    expect(short_card.locator(".read-on")).to_be_hidden()
    expect(short_card.get_by_text("Breathe out.")).to_be_visible()


def test_tapping_anywhere_on_a_card_opens_it(page, site_url, feed_cards):
    long, _ = feed_cards
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(site_url + "/")
    card = box(page.locator(f"#card-{long.pk} .card-clip"))
    # The body's text and its "Read on", nowhere near the title.
    page.touchscreen.tap(card["x"] + card["width"] / 2, card["y"] + card["height"] - 10)
    expect(page).to_have_url(site_url + long.get_absolute_url())
    expect(page.get_by_role("heading", name="A long card", level=1)).to_be_visible()

    page.go_back()
    # Back puts the reader at the same card (place.js), its title focused: wait for that.
    expect(page.locator(f"#card-{long.pk} .card-title a")).to_be_focused()
    body = box(page.locator(f"#card-{long.pk} .card-body p").first)
    page.touchscreen.tap(body["x"] + 20, body["y"] + body["height"] / 2)
    expect(page).to_have_url(site_url + long.get_absolute_url())


def test_the_save_button_saves_without_opening_the_card(page, site_url, feed_cards):
    _, short = feed_cards
    page.goto(site_url + "/")
    page.get_by_role("button", name="Save: A short card", exact=True).tap()
    expect(page.get_by_role("button", name="Saved: A short card", exact=True)).to_be_visible()
    expect(page).to_have_url(site_url + "/")
    # And the card's source still opens its article, not the card.
    page.locator(f"#card-{short.pk} .card-source a").tap()
    expect(page.get_by_role("heading", name="Both of you are running", level=1)).to_be_visible()


def test_the_card_is_one_link_and_keyboard_focus_outlines_the_whole_card(
    page, site_url, feed_cards
):
    long, _ = feed_cards
    page.goto(site_url + "/")
    card = page.locator(f"#card-{long.pk}")
    links = card.locator(f"a[href='{long.get_absolute_url()}']")
    expect(links).to_have_count(1)
    expect(card.locator("a a, a button, button a")).to_have_count(0)

    page.keyboard.press("Tab")  # a keyboard user: focus shows as it moves
    links.focus()
    expect(links).to_be_focused()
    outline = card.evaluate("card => getComputedStyle(card).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    expect(page).to_have_url(site_url + long.get_absolute_url())


def test_without_javascript_the_whole_card_still_opens_it(browser, phone, site_url, feed_cards):
    long, _ = feed_cards
    context = browser.new_context(**phone, java_script_enabled=False)
    page = context.new_page()
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(site_url + "/")
    card = page.locator(f"#card-{long.pk}")
    assert box(card)["height"] <= page.evaluate(ROOM)
    expect(card.locator(".read-on")).to_be_visible()
    clip = box(card.locator(".card-clip"))
    page.touchscreen.tap(clip["x"] + clip["width"] / 2, clip["y"] + clip["height"] / 2)
    expect(page).to_have_url(site_url + long.get_absolute_url())
    context.close()
