"""The feed's reading order is stored and indexed, so pages are read, not sorted."""

import pytest
from django.db import connection

from apps.cards import queries
from apps.cards.models import Card
from tests.factories import make_article, make_card, make_cards

pytestmark = pytest.mark.django_db


def test_a_cards_reading_order_follows_its_article_when_the_article_moves():
    article = make_article(position=5)
    card = make_card(article, position=2)
    assert card.reading_order == 5_000_002

    article.position = 1
    article.save()

    card.refresh_from_db()
    assert card.reading_order == 1_000_002


def test_the_feed_keeps_the_articles_curated_order():
    later, earlier = make_article(position=2), make_article(position=1)
    make_card(later, title="Later", position=1)
    make_card(earlier, title="Earlier, second", position=2)
    make_card(earlier, title="Earlier, first", position=1)

    titles = [card.title for card in queries.feed_cards()]

    assert titles == ["Earlier, first", "Earlier, second", "Later"]


@pytest.mark.parametrize("topic", [False, True])
def test_the_feed_is_read_in_index_order_not_sorted(topic):
    if connection.vendor != "sqlite":
        pytest.skip("reads SQLite's query plan")
    cards = make_cards(50, topics=("healing",))
    healing = cards[0].topics.get()
    page = queries.feed_cards(healing if topic else None)[:13]

    with connection.cursor() as cursor:
        sql, params = page.query.sql_with_params()
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())

    assert "card_feed_order" in plan
    assert "TEMP B-TREE" not in plan
    assert Card.objects.count() == 50
