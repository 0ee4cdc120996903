"""Reads of cards and articles, each with every query it needs up front."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404

from .models import Article, Card, Topic


def reflection_cards(limit: int = 6) -> list[Card]:
    """Cards to sit with after a breathing session: those marked `check-in: yes` in
    seeds/, which care for the reader and never speak of a return (apps.cards.seeds)."""
    cards = Card.objects.live().filter(check_in=True)
    return list(cards.select_related("article").in_reading_order()[:limit])


# Each page reads with at most two queries, whatever the amount of content: the
# project allows three per page, and the reader's saved cards take the third.


def topics() -> list[Topic]:
    """The topic chips: eight rows, read with the page rather than cached, which keeps
    them exact after a load at the cost of the page's second query."""
    return list(Topic.objects.all())


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


def _count_of(cards) -> Subquery:
    return Subquery(cards.order_by().values("article_id").annotate(n=Count("pk")).values("n"))


def card_for_page(article_slug: str, card_slug: str) -> Card:
    """Any card, archived or not: bookmarks and shared links keep working. With its
    place in its article's live cards ("3 of 13"), counted in the same query."""
    siblings = Card.objects.live().filter(article_id=OuterRef("article_id"))
    up_to = Q(position__lt=OuterRef("position")) | Q(
        position=OuterRef("position"), pk__lte=OuterRef("pk")
    )
    cards = Card.objects.select_related("article").annotate(
        number=_count_of(siblings.filter(up_to)), total=_count_of(siblings)
    )
    return get_object_or_404(cards, article__slug=article_slug, slug=card_slug)


def neighbours(card: Card) -> tuple[Card | None, Card | None, Card | None]:
    """The live cards just before and after `card` in its article, and the first card
    of the next article in reading order (offered once this one is finished): one query."""
    siblings = Card.objects.live().filter(article_id=card.article_id)
    earlier = Q(position__lt=card.position) | Q(position=card.position, pk__lt=card.pk)
    later = Q(position__gt=card.position) | Q(position=card.position, pk__gt=card.pk)
    before = siblings.filter(earlier).order_by("-position", "-pk").values("pk")[:1]
    after = siblings.filter(later).order_by("position", "pk").values("pk")[:1]
    onward = (
        Card.objects.live()
        .filter(reading_order__gt=card.reading_order)
        .exclude(article_id=card.article_id)
        .in_reading_order()
        .values("pk")[:1]
    )
    found = Card.objects.select_related("article").filter(
        Q(pk=Subquery(before)) | Q(pk=Subquery(after)) | Q(pk=Subquery(onward))
    )
    previous = following = next_article = None
    for other in found:
        if other.article_id != card.article_id:
            next_article = other
        elif (other.position, other.pk) < (card.position, card.pk):
            previous = other
        else:
            following = other
    return previous, following, next_article


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
    """Every card of the feed, by id: the deck a device shuffles for its draws."""
    return list(Card.objects.live().order_by("pk").values_list("pk", flat=True))


def articles_index() -> list[Article]:
    live_cards = Count("cards", filter=Q(cards__archived_at__isnull=True))
    return list(Article.objects.live().annotate(card_count=live_cards).filter(card_count__gt=0))


def live_articles() -> list[Article]:
    return list(Article.objects.live())
