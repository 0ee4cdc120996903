"""Nothing breaks on small screens: long unbroken text never widens the page at 320 px."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_article, make_card

LONG = "x" * 300
NO_OVERFLOW = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def card():
    article = make_article(title="Both of you are running")
    return make_card(article, title="First", position=1)


@pytest.mark.parametrize("width", [320, 375])
def test_long_unbroken_names_notes_and_queries_never_widen_the_page(page, site_url, card, width):
    page.set_viewport_size({"width": width, "height": 640})
    page.goto(site_url + "/saved/")
    page.get_by_label("Name").fill(LONG)  # the field keeps 60 of them
    page.get_by_role("button", name="Make list").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("x" * 60)
    list_url = page.url

    page.goto(site_url + card.get_absolute_url())
    page.get_by_role("button", name="Save: First").tap()
    expect(page.get_by_role("button", name="Saved: First", exact=True)).to_be_visible()
    page.goto(site_url + "/saved/")
    page.get_by_role("link", name="Notes and order").tap()
    page.get_by_text("Add a note").tap()
    page.get_by_label("Why this one mattered").fill("https://example.com/" + LONG)
    page.get_by_role("button", name="Save note").tap()
    expect(page.locator(".note-text")).to_contain_text("example.com")

    for path in [
        page.url.removeprefix(site_url),
        "/saved/",
        list_url.removeprefix(site_url),
        "/",
        "/articles/",
        card.get_absolute_url(),
        "/search/?q=" + LONG,
    ]:
        page.goto(site_url + path)
        assert page.evaluate(NO_OVERFLOW), f"{path} is wider than {width} px"


def test_the_offline_notice_leaves_the_heading_visible_and_can_be_dismissed(page, site_url, card):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site_url + "/", wait_until="networkidle")
    page.context.set_offline(True)
    notice = page.locator("#connection")
    expect(notice).to_be_visible()

    heading = page.get_by_role("heading", level=1).bounding_box()
    box = notice.bounding_box()
    assert box["y"] >= heading["y"] + heading["height"]

    notice.get_by_role("button", name="Dismiss").tap()
    expect(notice).to_be_hidden()
    page.context.set_offline(False)


def test_keyboard_focus_never_hides_under_the_tab_bar(page, site_url):
    cards = [make_card(title=f"Card {n}", position=n) for n in range(6)]
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(site_url + "/")
    save = page.locator(f"#save-{cards[2].pk} .save-toggle")
    # The card's title has focus, and its Save button lies under the tab bar, in the viewport.
    page.locator(f"#card-{cards[2].pk} .card-title a").evaluate(
        "link => link.focus({preventScroll: true})"
    )
    page.evaluate(
        """button => {
          const tabs = document.querySelector('.tabs').getBoundingClientRect();
          window.scrollBy(0, button.getBoundingClientRect().top - (tabs.top + 10));
        }""",
        save.element_handle(),
    )

    page.keyboard.press("Tab")

    expect(save).to_be_focused()
    tabs_top = page.locator(".tabs").bounding_box()["y"]
    page.wait_for_function(
        "([button, top]) => button.getBoundingClientRect().bottom <= top",
        arg=[save.element_handle(), tabs_top],
    )


# How much of a field's placeholder fits: its text's width against the room inside it.
PLACEHOLDER_FITS = """input => {
  const style = getComputedStyle(input);
  const context = document.createElement("canvas").getContext("2d");
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return context.measureText(input.placeholder).width <= room;
}"""


@pytest.mark.parametrize("width", [320, 375])
def test_placeholders_are_never_clipped(page, site_url, card, width):
    page.set_viewport_size({"width": width, "height": 640})
    page.goto(site_url + "/")
    assert page.locator("#feed-search").evaluate(PLACEHOLDER_FITS)

    page.goto(site_url + card.get_absolute_url())
    page.get_by_role("link", name="Lists for First").tap()
    field = page.locator("#new-list-for-card")
    expect(field).to_be_visible()
    assert field.evaluate(PLACEHOLDER_FITS)
