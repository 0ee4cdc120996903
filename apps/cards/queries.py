"""Reads of cards and articles, each with every query it needs up front."""

from bisect import bisect_right
from dataclasses import dataclass

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from apps.core.links import link
from apps.core.pagecache import per_content_version
from apps.core.paging import Page, take_page

from .models import Article, Card, Perspective, Topic


def reflection_cards(limit: int = 6) -> list[Card]:
    """Cards to sit with after a breathing session: those marked `check-in: yes` in
    seeds/, which care for the reader and never speak of a return (apps.cards.seeds)."""
    cards = Card.objects.live().filter(check_in=True)
    return list(cards.select_related("article").in_reading_order()[:limit])


# Each page reads with at most two queries, whatever the amount of content: the
# project allows three per page, and the reader's saved cards take the third. What
# every page of a kind shares and only a content change alters is read once per
# content version and process (pagecache.per_content_version).


# About 40 KB a page of cards: a few megabytes a process.
FEED_PAGES_KEPT = 100


@per_content_version
def topics() -> tuple[Topic, ...]:
    """The topic chips: eight rows, read once per content version and process (topics
    are content: a change to one, or a load, gives a new version), so exact after a
    load and no query on the next feed page a worker renders."""
    return tuple(Topic.objects.all())


@per_content_version(limit=FEED_PAGES_KEPT)
def feed_page(topic: Topic | None, number: int) -> Page:
    """A page of the feed or of a topic, read once per content version and process (the
    first pages, where most readers are, each rendered again for every reader state
    and for htmx): a miss on a page read before costs no query. A page past the last
    is a 404, read each time."""
    return take_page(feed_cards(topic), number)


def feed_cards(topic: Topic | None = None):
    """The feed in the articles' curated order. Each card shows its article and
    perspective (joined in the same query), not its topics, which would cost a
    query per page.

    A topic's page opens with the cards most about it: those that have it as their
    first topic, then as their second…, each group in reading order. One row per
    card (a card has a topic once), read from the index on (topic, position)."""
    cards = Card.objects.live().select_related("article")
    if topic is None:
        return cards.in_reading_order()
    return cards.filter(cardtopic__topic=topic).order_by(
        "cardtopic__position", "reading_order", "pk"
    )


@dataclass(frozen=True)
class ReadingOrder:
    """Every live card's place: in its article (`in_article`: its live cards' pks in
    order; `place`: each card's index there) and in the whole feed (`feed`:
    (reading_order, pk, article_id), in reading order; `other_from[i]`: the first
    index from i on whose card is of another article than feed[i]'s)."""

    in_article: dict[int, tuple[int, ...]]
    place: dict[int, int]
    feed: tuple[tuple[int, int, int], ...]
    other_from: tuple[int, ...]


@per_content_version
def reading_order() -> ReadingOrder:
    """One query per content change and process, however many card pages follow: a
    card page's place ("3 of 13") and neighbours are then looked up, not counted."""
    rows = list(
        Card.objects.live()
        .order_by("position", "pk")
        .values_list("reading_order", "pk", "article_id")
    )
    in_article: dict[int, list[int]] = {}
    place = {}
    for _, pk, article_id in rows:
        pks = in_article.setdefault(article_id, [])
        place[pk] = len(pks)
        pks.append(pk)
    feed = sorted(rows)
    other_from = [len(feed)] * len(feed)
    for i in range(len(feed) - 2, -1, -1):
        other_from[i] = i + 1 if feed[i + 1][2] != feed[i][2] else other_from[i + 1]
    return ReadingOrder(
        {article: tuple(pks) for article, pks in in_article.items()},
        place,
        tuple(feed),
        tuple(other_from),
    )


def card_for_page(article_slug: str, card_slug: str) -> Card:
    """Any card, archived or not: bookmarks and shared links keep working. A live one
    with its place among its article's live cards (`number` of `total`: "3 of 13")."""
    card = get_object_or_404(
        Card.objects.select_related("article"), article__slug=article_slug, slug=card_slug
    )
    card.number = card.total = None  # an archived card has no place
    order = None if card.is_archived else reading_order()
    if order and card.pk in order.place:
        card.number = order.place[card.pk] + 1
        card.total = len(order.in_article[card.article_id])
    return card


def neighbours(card: Card) -> tuple[Card | None, Card | None, Card | None]:
    """The live cards just before and after a live `card` in its article, and the first
    card of the next article in reading order (offered once this one is finished): one
    query."""
    order = reading_order()
    siblings = order.in_article.get(card.article_id, ())
    place = order.place.get(card.pk)
    before = siblings[place - 1] if place else None
    after = siblings[place + 1] if place is not None and place + 1 < len(siblings) else None
    onward = None
    if card.reading_order is not None:  # the first card after it of another article
        start = bisect_right(order.feed, card.reading_order, key=lambda row: row[0])
        if start < len(order.feed) and order.feed[start][2] == card.article_id:
            start = order.other_from[start]
        onward = order.feed[start][1] if start < len(order.feed) else None
    found = Card.objects.select_related("article").in_bulk(
        [pk for pk in (before, after, onward) if pk is not None]
    )
    return found.get(before), found.get(after), found.get(onward)


def article_for_page(slug: str) -> Article:
    return get_object_or_404(Article, slug=slug)


def article_cards(article: Article) -> list[Card]:
    """The article's cards in sequence; archived ones are left out."""
    return list(
        article.cards.filter(archived_at__isnull=True)
        .select_related("article")
        .order_by("position", "pk")
    )


def random_card(not_pk: int | None = None) -> Card | None:
    """A live card at random, other than `not_pk` when there is another.

    Two random rows in one query: if the first is the card just shown, the
    second is fresh. ORDER BY RANDOM() reads every live card; at 10,000 that
    is a few milliseconds.
    """
    drawn = list(Card.objects.live().select_related("article").order_by("?")[:2])
    fresh = [card for card in drawn if card.pk != not_pk]
    return (fresh or drawn or [None])[0]


def live_card(pk: int) -> Card:
    """A card of the feed, for a draw: one no longer in the feed is a 404."""
    return get_object_or_404(Card.objects.live().select_related("article"), pk=pk)


def live_card_ids() -> list[int]:
    """Every card of the feed, by id: the deck a device shuffles for its draws (read
    from the reading order kept per content version, not queried again)."""
    return sorted(reading_order().place)


def card_addresses_for_offline(limit: int) -> dict[str, list[str]]:
    """The addresses a phone keeps for reading with no signal: every card in the app's
    own voice (the ones read in a hard moment), then up to `limit` of the rest, in
    reading order. One query."""
    rows = (
        Card.objects.live()
        .in_reading_order()
        .values_list("article__slug", "slug", "article__perspective")
    )
    own, rest = [], []
    for article_slug, card_slug, perspective in rows:
        address = link("cards:card", article_slug, card_slug)
        if perspective == Perspective.STAND_STILL:
            own.append(address)
        elif len(rest) < limit:
            rest.append(address)
    return {"own": own, "rest": rest}


def articles_index() -> list[Article]:
    """In reading order, said outright: Django leaves Meta.ordering out of a query that
    aggregates, and PostgreSQL then returns the groups in any order."""
    live_cards = Count("cards", filter=Q(cards__archived_at__isnull=True))
    articles = Article.objects.live().annotate(card_count=live_cards).filter(card_count__gt=0)
    return list(articles.order_by("position", "pk"))


def live_articles() -> list[Article]:
    return list(Article.objects.live())
