"""Where a card stands in its article, the end of an article, and the list of articles."""

import pytest
from django.utils import timezone

from tests.factories import make_article, make_card
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_articles():
    first = make_article(title="Both of you are running", position=1)
    second = make_article(title="Standing still", position=2)
    cards = [make_card(first, title=f"Part {i}", position=i) for i in range(1, 4)]
    onward = make_card(second, title="Where the next one starts", position=1)
    return first, second, cards, onward


def test_a_card_page_says_where_it_stands_in_its_article(client, two_articles):
    _, _, cards, _ = two_articles

    text = text_of(client.get(cards[1].get_absolute_url()).content.decode())

    assert "2 of 3" in text
    assert "You've finished" not in text


def test_an_archived_card_does_not_count_in_its_articles_place(client, two_articles):
    _, _, cards, _ = two_articles
    cards[0].archived_at = timezone.now()
    cards[0].save()

    text = text_of(client.get(cards[2].get_absolute_url()).content.decode())

    assert "2 of 2" in text


def test_the_last_card_says_the_article_is_finished_and_offers_the_next(client, two_articles):
    first, second, cards, _ = two_articles

    html = client.get(cards[2].get_absolute_url()).content.decode()
    text = text_of(html)

    assert "3 of 3" in text
    assert f"You've finished “{first.title}”" in text
    assert f'href="{second.get_absolute_url()}">Next article: {second.title}</a>' in html
    assert 'href="/articles/">All articles</a>' in html


def test_the_last_article_ends_without_a_next_article(client, two_articles):
    _, second, _, onward = two_articles

    text = text_of(client.get(onward.get_absolute_url()).content.decode())

    assert f"You've finished “{second.title}”" in text
    assert "Next article" not in text


def test_the_articles_are_listed_and_reachable_from_the_feed(client, two_articles):
    first, second, _, _ = two_articles

    assert 'href="/articles/">Articles</a>' in client.get("/").content.decode()
    text = text_of(client.get("/articles/").content.decode())

    assert text.index(f"{first.title}") < text.index(second.title)
    assert "3 cards" in text and "1 card" in text
