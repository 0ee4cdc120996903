"""The card pages in a phone browser: the feed, topics, search, a card, an article, a draw."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.cards.models import Card
from tests.cards_helpers import EVERYDAY_SEARCHES, HARD_MOMENT_SEARCHES, insert_real_seeds


@pytest.fixture(autouse=True)
def seeds(_browser_db, real_seeds):
    insert_real_seeds(real_seeds)


def cards_on(page):
    return page.locator("article.card")


def test_scrolling_the_feed_loads_more_cards(page, site_url):
    page.goto(site_url + "/")
    expect(cards_on(page)).to_have_count(12)

    page.locator("a.more").scroll_into_view_if_needed()

    expect(cards_on(page)).to_have_count(24)
    page.locator("a.more").scroll_into_view_if_needed()
    expect(cards_on(page)).to_have_count(36)
    expect(page).to_have_url(site_url + "/")


def test_the_more_link_works_without_javascript(browser, phone, site_url):
    context = browser.new_context(**phone, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "/")

    page.get_by_role("link", name="More cards").click()

    expect(page).to_have_url(site_url + "/?page=2")
    expect(cards_on(page)).to_have_count(12)
    context.close()


def test_filtering_by_a_topic_then_going_back(page, site_url):
    page.goto(site_url + "/")
    topics = page.get_by_role("navigation", name="Topics")

    topics.get_by_role("link", name="Twin flames").tap()

    expect(page).to_have_url(site_url + "/?topic=twin-flames")
    expect(page).to_have_title("Twin flames · Stand Still")
    expect(topics.get_by_role("link", name="Twin flames")).to_have_attribute("aria-current", "true")
    expect(page.get_by_text("The mirror bond, as these articles describe it.")).to_be_visible()
    first = cards_on(page).first.locator(".card-title").inner_text()
    assert Card.objects.filter(title=first, topics__slug="twin-flames").exists()
    expect(topics.get_by_role("link", name="Twin flames")).to_be_in_viewport()

    page.go_back()

    expect(page).to_have_url(site_url + "/")
    expect(topics.get_by_role("link", name="All")).to_have_attribute("aria-current", "true")

    page.go_forward()
    expect(page).to_have_url(site_url + "/?topic=twin-flames")
    expect(topics.get_by_role("link", name="Twin flames")).to_have_attribute("aria-current", "true")

    page.reload()
    expect(topics.get_by_role("link", name="Twin flames")).to_have_attribute("aria-current", "true")
    expect(page.locator("header.top")).to_have_count(1)


def test_search_as_you_type(page, site_url):
    page.goto(site_url + "/search/")
    box = page.get_by_role("searchbox", name="Search the cards")

    box.press_sequentially("mirr", delay=60)

    expect(cards_on(page).first.locator(".card-title")).to_have_text("The mirror")
    expect(cards_on(page).first.locator("mark").first).to_have_text("mirror")
    expect(page).to_have_url(re.compile(r"/search/\?q=mirr$"))
    expect(page.get_by_role("status").filter(has_text="match")).to_have_count(1)

    box.fill("zzzz")

    expect(page.locator("#results").get_by_text("Nothing matches “zzzz”.")).to_be_visible()


def test_search_from_the_feed(page, site_url):
    page.goto(site_url + "/")

    page.get_by_role("searchbox", name="Search the cards").fill("codependency")
    page.keyboard.press("Enter")

    expect(page).to_have_url(site_url + "/search/?q=codependency")
    expect(page.get_by_role("heading", name="The mirror")).to_be_visible()


@pytest.mark.parametrize(
    ("query", "title"),
    HARD_MOMENT_SEARCHES,
)
def test_searching_a_hard_moment_finds_the_card_for_it(page, site_url, query, title):
    page.goto(site_url + "/search/")

    page.get_by_role("searchbox", name="Search the cards").fill(query)

    first = cards_on(page).first
    expect(first.locator(".card-title")).to_have_text(title)
    expect(first.get_by_text("From Stand Still")).to_be_visible()


@pytest.mark.parametrize(("query", "title"), EVERYDAY_SEARCHES)
def test_everyday_words_find_the_card_about_them_as_you_type(page, site_url, query, title):
    page.goto(site_url + "/search/")

    page.get_by_role("searchbox", name="Search the cards").fill(query)

    expect(page.locator("#search-status")).to_contain_text(f"“{query}”")
    first_six = cards_on(page).locator(".card-title").all_inner_texts()[:6]
    assert title in first_six, first_six


def test_open_a_card_then_next_and_previous(page, site_url):
    cards = list(Card.objects.filter(article__slug="why-the-runner-runs").order_by("position"))
    page.goto(site_url + "/articles/why-the-runner-runs/")

    page.get_by_role("link", name=cards[1].title, exact=True).tap()

    expect(page).to_have_url(site_url + cards[1].get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(cards[1].title)

    page.get_by_role("link", name=re.compile(r"^Next")).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(cards[2].title)

    page.get_by_role("link", name=re.compile(r"^Previous")).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(cards[1].title)


def test_arrow_keys_and_swipes_follow_the_links(page, site_url):
    cards = list(Card.objects.filter(article__slug="why-the-runner-runs").order_by("position"))
    page.goto(site_url + cards[1].get_absolute_url())

    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(site_url + cards[2].get_absolute_url())

    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(site_url + cards[1].get_absolute_url())

    swipe(page, dx=-150)
    expect(page).to_have_url(site_url + cards[2].get_absolute_url())

    swipe(page, dx=150)
    expect(page).to_have_url(site_url + cards[1].get_absolute_url())


def swipe(page, dx: int) -> None:
    """A one-finger horizontal swipe across the card."""
    page.evaluate(
        """(dx) => {
            const el = document.querySelector('.card-page');
            const box = el.getBoundingClientRect();
            const x = box.left + box.width / 2, y = box.top + 80;
            const at = (cx) => [new Touch({identifier: 1, target: el, clientX: cx, clientY: y})];
            const send = (type, touches, changed) => el.dispatchEvent(
                new TouchEvent(type, {touches, changedTouches: changed, bubbles: true}));
            send('touchstart', at(x), at(x));
            send('touchend', [], at(x + dx));
        }""",
        dx,
    )


def test_share_falls_back_to_copying_the_link(page, context, site_url):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    # As on a desktop browser without the Web Share API.
    page.add_init_script("delete Navigator.prototype.share; delete Navigator.prototype.canShare;")
    card = Card.objects.select_related("article").get(slug="the-mirror")
    page.goto(site_url + card.get_absolute_url())

    page.get_by_role("button", name="Share").tap()

    expect(page.get_by_role("status").filter(has_text="Link copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == site_url + card.get_absolute_url()


def test_share_shows_the_link_when_it_cannot_copy(page, site_url):
    page.add_init_script(
        "delete Navigator.prototype.share; delete Navigator.prototype.canShare;"
        "Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});"
    )
    card = Card.objects.select_related("article").get(slug="the-mirror")
    page.goto(site_url + card.get_absolute_url())

    page.get_by_role("button", name="Share").tap()

    link = page.get_by_role("textbox", name="Link to this card")
    expect(link).to_be_visible()
    expect(link).to_have_value(site_url + card.get_absolute_url())


def test_draw_another_card(page, site_url):
    page.goto(site_url + "/")
    page.get_by_role("link", name="Draw a card").tap()
    expect(page).to_have_url(site_url + "/draw/")
    # The URL changes before the page's scripts run; a tap then is a plain link.
    page.wait_for_load_state()
    first = cards_on(page).locator(".card-title").inner_text()

    page.get_by_role("link", name="Draw another").tap()

    expect(cards_on(page).locator(".card-title")).not_to_have_text(first)
    expect(cards_on(page).locator(".card-title a")).to_be_focused()
    expect(page.locator("#draw-status")).to_have_text(
        "A new card: " + cards_on(page).locator(".card-title").inner_text()
    )
    page.get_by_role("link", name="Open this card").tap()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def drawn_title(page) -> str:
    return page.locator("#drawn .card-title").inner_text()


def draw_another(page, seen: list[str]) -> str:
    page.get_by_role("link", name="Draw another").tap()
    expect(page.locator("#drawn .card-title")).not_to_have_text(seen[-1])
    expect(page.locator("#drawn .card-title a")).to_be_focused()
    seen.append(drawn_title(page))
    return seen[-1]


def test_twenty_draws_never_repeat_a_card_even_across_a_reload(page, site_url):
    page.goto(site_url + "/draw/")
    seen = [drawn_title(page)]

    for _ in range(20):
        draw_another(page, seen)

    assert len(set(seen)) == len(seen) == 21
    # Opened again, the page's card is one not drawn yet: the server's own pick, or,
    # if that was drawn already, the next card of the deck kept on the phone.
    page.reload()
    page.wait_for_function(
        "seen => !seen.includes(document.querySelector('#drawn .card-title')?.innerText)",
        arg=seen,
    )
    seen.append(drawn_title(page))
    draw_another(page, seen)
    assert len(set(seen)) == len(seen) == 23


def test_a_deck_holding_a_card_gone_from_the_feed_draws_the_next_one(page, site_url):
    shown, gone, kept = Card.objects.live().order_by("pk")[:3]
    page.goto(site_url + "/about/")
    page.evaluate(
        "deck => localStorage.setItem('stand-still:draw-deck', JSON.stringify(deck))",
        [shown.pk, gone.pk, kept.pk],
    )
    Card.objects.filter(pk=gone.pk).update(archived_at=timezone.now())
    page.goto(site_url + f"/draw/?card={shown.pk}")
    expect(page.locator("#drawn .card-title")).to_have_text(shown.title)

    page.get_by_role("link", name="Draw another").tap()

    expect(page.locator("#drawn .card-title")).to_have_text(kept.title)
    expect(page.locator("#drawn .card-title a")).to_be_focused()
    # Chromium logs the 404 of the card gone from the feed (htmx, told, stays quiet).
    expected = "Failed to load resource: the server responded with a status of 404 (Not Found)"
    assert page.problems == [expected]
    page.problems.clear()


def test_opening_the_draw_on_a_card_drawn_already_this_round_shows_the_next_instead(page, site_url):
    drawn_before, first, second = Card.objects.live().order_by("pk")[:3]
    page.goto(site_url + "/about/")
    page.evaluate(  # a round under way: only these two are still to come
        "deck => localStorage.setItem('stand-still:draw-deck', JSON.stringify(deck))",
        [first.pk, second.pk],
    )

    page.goto(site_url + f"/draw/?card={drawn_before.pk}")

    expect(page.locator("#drawn .card-title")).to_have_text(first.title)
    page.get_by_role("link", name="Draw another").tap()
    expect(page.locator("#drawn .card-title")).to_have_text(second.title)


def test_the_drawn_card_fades_in_except_with_reduced_motion(page, site_url):
    page.goto(site_url + "/draw/")
    duration = "el => getComputedStyle(el).transitionDuration"
    assert page.locator("#drawn").evaluate(duration).startswith("0.4s")

    page.emulate_media(reduced_motion="reduce")

    assert page.locator("#drawn").evaluate(duration).startswith("0s")


def test_article_reading_progress_follows_the_scroll(page, site_url):
    page.goto(site_url + "/articles/your-own-healing-comes-first/")
    progress = page.locator("progress.reading-progress")
    expect(progress).to_be_visible()
    assert progress.evaluate("el => el.value") == 0

    page.locator(".article-end").scroll_into_view_if_needed()

    expect(progress).to_have_attribute("value", "100")


def test_card_page_targets_are_at_least_44px(page, site_url):
    cards = list(Card.objects.filter(article__slug="why-the-runner-runs").order_by("position"))
    page.goto(site_url + cards[1].get_absolute_url())

    for name in (re.compile(r"^Next"), re.compile(r"^Previous")):
        box = page.get_by_role("link", name=name).bounding_box()
        assert box["height"] >= 44
    box = page.get_by_role("button", name="Share").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44


def test_topic_chips_are_at_least_44px_tall(page, site_url):
    page.goto(site_url + "/")

    for chip in page.get_by_role("navigation", name="Topics").get_by_role("link").all()[:4]:
        assert chip.bounding_box()["height"] >= 44
