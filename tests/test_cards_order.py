"""The feed's reading order is stored and indexed, so pages are read, not sorted; a
topic's page opens with the cards most about it (their first topic)."""

import pytest
from django.db import connection

from apps.cards import queries
from apps.cards.models import Card, CardTopic, Topic
from tests.cards_helpers import card_titles
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


def _plan(cards) -> str:
    with connection.cursor() as cursor:
        sql, params = cards.query.sql_with_params()
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " ".join(str(row[-1]) for row in cursor.fetchall())


def test_the_feed_is_read_in_index_order_not_sorted():
    if connection.vendor != "sqlite":
        pytest.skip("reads SQLite's query plan")
    make_cards(50, topics=("healing",))

    plan = _plan(queries.feed_cards()[:13])

    assert "card_feed_order" in plan
    assert "TEMP B-TREE" not in plan
    assert Card.objects.count() == 50


def test_a_topic_is_read_from_its_index_sorting_only_cards_of_one_place():
    """The topic's rows come in (position) order from the index; only the cards with the
    topic at the same place are sorted into reading order, and the page stops there."""
    if connection.vendor != "sqlite":
        pytest.skip("reads SQLite's query plan")
    cards = make_cards(50, topics=("healing", "runner"))
    healing = Topic.objects.get(slug="healing")

    plan = _plan(queries.feed_cards(healing)[:13])

    assert "card_topic_order" in plan
    assert "TEMP B-TREE FOR RIGHT PART OF ORDER BY" in plan
    assert "TEMP B-TREE FOR ORDER BY" not in plan
    assert len(cards) == 50


def indexes_and_plan(queryset) -> tuple[dict, str]:
    """The card-topic table's indexes and constraints, and how the database reads
    `queryset` (PostgreSQL told not to read the few rows of a test whole)."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, CardTopic._meta.db_table)
        sql, params = queryset.query.sql_with_params()
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE cards_card, cards_card_topics, cards_article")
            cursor.execute("SET LOCAL enable_seqscan = off")  # 100 rows: it would read them all
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return found, " ".join(str(row[-1]) for row in cursor.fetchall())


def test_a_topic_page_is_read_through_card_topic_order_the_one_index_on_topic():
    """(topic, position, card) serves every lookup by topic; the many-to-many's old index
    on topic_id alone (left from before CardTopic) was a second copy to write."""
    make_cards(50, topics=("healing", "runner"))
    healing = Topic.objects.get(slug="healing")

    found, plan = indexes_and_plan(queries.feed_cards(healing)[:13])

    on_topic = {
        name
        for name, index in found.items()
        if index["index"] and index["columns"][0] == "topic_id"
    }
    assert on_topic == {"card_topic_order"}
    assert "card_topic_order" in plan


def test_a_cards_topics_are_read_through_the_unique_index_the_one_index_on_card():
    """(card, topic), unique, serves every lookup by card; the many-to-many's old index
    on card_id alone was a second copy to write."""
    cards = make_cards(50, topics=("healing", "runner"))

    found, plan = indexes_and_plan(CardTopic.objects.filter(card=cards[7]))

    on_card = [
        name  # PostgreSQL lists a unique constraint apart from the plain indexes
        for name, index in found.items()
        if (index["index"] or index["unique"]) and index["columns"][0] == "card_id"
    ]
    assert len(on_card) == 1
    assert found[on_card[0]]["unique"]
    assert found[on_card[0]]["columns"] == ["card_id", "topic_id"]
    assert on_card[0] in plan


def test_a_topic_opens_with_the_cards_that_have_it_first():
    article = make_article(position=1)
    also = make_card(article, title="Runner second", position=1, topics=("chaser", "runner"))
    first = make_card(article, title="Runner first", position=2, topics=("runner", "chaser"))
    only = make_card(article, title="Only the runner", position=3, topics=("runner",))
    later = make_card(article, title="Runner third", position=4, topics=("healing", "x", "runner"))

    def titles(slug):
        return [card.title for card in queries.feed_cards(Topic.objects.get(slug=slug))]

    assert titles("runner") == [first.title, only.title, also.title, later.title]
    assert titles("chaser") == [also.title, first.title]


def test_each_seeded_topic_opens_with_its_own_cards(client, seeds):
    """ "The runner" and "The chaser" share many cards, but not their first ones."""
    runner = card_titles(client.get("/?topic=runner").content.decode())[:3]
    chaser = card_titles(client.get("/?topic=chaser").content.decode())[:3]

    assert len(runner) == len(chaser) == 3
    assert not set(runner) & set(chaser)
    for slug, shown in (("runner", runner), ("chaser", chaser)):
        firsts = CardTopic.objects.filter(topic__slug=slug, position=0)
        assert set(shown) <= set(firsts.values_list("card__title", flat=True))


def test_a_topic_moved_down_a_card_reorders_the_topic_page_at_once(client):
    article = make_article(position=1)
    earlier = make_card(article, title="Earlier card", position=1, topics=("runner", "chaser"))
    make_card(article, title="Later card", position=2, topics=("runner",))
    assert card_titles(client.get("/?topic=runner").content.decode()) == [
        "Earlier card",
        "Later card",
    ]

    for link in CardTopic.objects.filter(card=earlier):  # the chaser first now
        link.position = 1 - link.position
        link.save()

    assert card_titles(client.get("/?topic=runner").content.decode()) == [
        "Later card",
        "Earlier card",
    ]
