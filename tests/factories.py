"""Plain helpers that make test data: `make_card(**overrides)` and friends."""

from itertools import count

from apps.cards.loading import set_topics
from apps.cards.models import Article, Card, CardTopic, Perspective, Topic, reading_order_of
from apps.cards.text import count_words, reading_seconds, render_markdown
from apps.core import pagecache

_numbers = count(1)

BODY = (
    "The runner pulls away and the chaser follows, and both are running from the same "
    "feelings. Standing still means letting the urge pass without acting on it, and turning "
    "the care you would send them back toward yourself, one slow breath at a time."
)


def make_topic(slug: str = "healing", **overrides) -> Topic:
    topic, _ = Topic.objects.get_or_create(
        slug=slug, defaults={"name": slug.replace("-", " ").capitalize(), **overrides}
    )
    return topic


def make_article(**overrides) -> Article:
    n = next(_numbers)
    values = {
        "slug": f"article-{n}",
        "title": f"Article {n}",
        "summary": "What this article helps you see.",
        "perspective": Perspective.GUIDE,
        "source_file": "000_source.txt",
        "source_title": "A source article",
        "position": n,
    }
    values.update(overrides)
    return Article.objects.create(**values)


def make_card(article: Article | None = None, topics=("healing",), **overrides) -> Card:
    n = next(_numbers)
    body = overrides.pop("body_markdown", BODY)
    words = count_words(body)
    values = {
        "slug": f"card-{n}",
        "title": f"Card {n}",
        "body_markdown": body,
        "body_html": render_markdown(body),
        "position": n,
        "word_count": words,
        "reading_seconds": reading_seconds(words),
    }
    values.update(overrides)
    card = Card.objects.create(article=article or make_article(), **values)
    set_topics(card, [make_topic(slug) for slug in topics])
    return card


def make_cards(
    count_: int, article: Article | None = None, topics=("healing",), check_in: bool = False
) -> list[Card]:
    """Many cards at once (bulk), for tests that check queries stay flat as content grows."""
    article = article or make_article()
    topic_rows = [make_topic(slug) for slug in topics]
    html = render_markdown(BODY)
    start = next(_numbers) * 10_000
    cards = Card.objects.bulk_create(
        Card(
            article=article,
            slug=f"bulk-{start + i}",
            title=f"Card {start + i}",
            body_markdown=BODY,
            body_html=html,
            position=i,
            reading_order=reading_order_of(article.position, i),
            word_count=count_words(BODY),
            reading_seconds=reading_seconds(count_words(BODY)),
            check_in=check_in,
        )
        for i in range(count_)
    )
    CardTopic.objects.bulk_create(
        CardTopic(card_id=card.pk, topic_id=topic.pk, position=position)
        for card in cards
        for position, topic in enumerate(topic_rows)
    )
    pagecache.content_changed()  # bulk writes send no signals, as loadseeds knows
    return cards
