"""Your place kept: Back to the same card, continue where you left off (phone profile)."""

import pytest
from playwright.sync_api import expect

from tests.cards_helpers import insert_real_seeds


@pytest.fixture(autouse=True)
def seeds(_browser_db, real_seeds):
    insert_real_seeds(real_seeds)


def open_then_come_back(page, target) -> None:
    """Open the card `target`, go Back, and see that same card again, its title focused."""
    card_id = target.get_attribute("id")
    title = target.locator(".card-title a").inner_text()

    target.locator(".card-title a").tap()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    page.go_back()

    card = page.locator(f"#{card_id}")
    expect(card).to_be_in_viewport()
    expect(card.locator(".card-title a")).to_be_focused()


def test_back_from_a_card_returns_to_it_after_four_pages_loaded(page, site_url):
    page.goto(site_url + "/")
    cards = page.locator(".card-list article.card")
    for loaded in (24, 36, 48):
        page.locator("a.more").scroll_into_view_if_needed()
        expect(cards).to_have_count(loaded)
    open_then_come_back(page, cards.nth(44))

    expect(page).to_have_url(site_url + "/")


def test_continue_where_you_left_off_on_the_feed_and_the_article(page, site_url):
    page.goto(site_url + "/")
    expect(page.locator("[data-continue]")).to_be_hidden()  # nothing read yet
    page.locator(".card-list article.card").nth(2).locator(".card-title a").tap()
    title = page.get_by_role("heading", level=1).inner_text()
    expect(page.locator(".card-number")).to_have_text("3 of 13")
    article = page.get_by_role("link", name="from the start").get_attribute("href")
    # the card page notes it as read once its script has run: wait for that, not a time
    page.wait_for_function("() => localStorage.getItem('stand-still:last-read') !== null")

    page.goto(site_url + "/")
    resume = page.get_by_role("link", name=f"Continue where you left off: {title}")
    expect(resume).to_be_visible()
    page.goto(site_url + article)
    resume = page.get_by_role("link", name=f"Continue where you left off: {title}")
    resume.tap()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()


def test_the_last_card_of_an_article_offers_the_next_article(page, site_url):
    page.goto(site_url + "/")
    page.locator(".card-list article.card").first.locator(".card-title a").tap()
    expect(page.locator(".card-number")).to_have_text("1 of 13")
    for _ in range(40):
        following = page.locator(".card-nav a[rel=next]")
        if not following.count():
            break
        href = following.get_attribute("href")
        following.tap()
        page.wait_for_url(site_url + href)
    expect(page.get_by_role("heading", name="You've finished")).to_be_visible()
    page.get_by_role("link", name="Next article:").tap()
    expect(page.locator(".article-head h1")).to_be_visible()


def busiest_topic() -> str:
    from django.db.models import Count

    from apps.cards.models import Topic

    topic = Topic.objects.annotate(n=Count("cards")).order_by("-n").first()
    assert topic.n > 24, "a topic with three pages of cards"
    return topic.slug


@pytest.mark.parametrize("where", ["topic", "search"])
def test_back_from_a_card_returns_to_it_in_a_topic_and_a_search(page, site_url, where):
    path = f"/?topic={busiest_topic()}" if where == "topic" else "/search/?q=feel"
    page.goto(site_url + path)
    cards = page.locator(".card-list article.card")
    for loaded in (12, 24):
        expect(cards).to_have_count(loaded)
        page.locator(".card-list a.more").scroll_into_view_if_needed()
    expect(cards.nth(24)).to_be_attached()
    open_then_come_back(page, cards.nth(20))

    expect(page).to_have_url(site_url + path)
