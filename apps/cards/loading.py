"""Write checked seeds into the database: an idempotent upsert by slug.

Rows are only saved when something changed, so a second load writes nothing.
A card or article no longer in seeds/ is archived (never deleted): it leaves
the feed, but bookmarks keep it readable. Articles that never came from seeds/
(made in the admin, or by the benchmarks) are left alone.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from .models import Article, Card, CardTopic, Topic
from .seeds import ArticleSeed, CardSeed, Seeds
from .text import count_words, reading_seconds, render_markdown


@dataclass
class LoadReport:
    counts: Counter = field(default_factory=Counter)
    articles: int = 0
    cards: int = 0

    @property
    def changed(self) -> bool:
        return any(self.counts.values())

    def __str__(self) -> str:
        if not self.changed:
            return f"Seeds unchanged: {self.articles} articles, {self.cards} cards. Nothing to do."
        done = ", ".join(f"{n} {what}" for what, n in sorted(self.counts.items()) if n)
        return f"Seeds loaded: {self.articles} articles, {self.cards} cards ({done})."


@transaction.atomic
def load_seeds(seeds: Seeds) -> LoadReport:
    report = LoadReport(articles=len(seeds.articles))
    now = timezone.now()
    topics = _load_topics(seeds, report)
    existing = {article.slug: article for article in Article.objects.all()}
    cards_by_article: dict[int, dict[str, Card]] = {}
    for card in Card.objects.prefetch_related("cardtopic_set"):
        cards_by_article.setdefault(card.article_id, {})[card.slug] = card

    for seed in seeds.articles:
        article = _load_article(seed, existing.pop(seed.slug, None), topics, report)
        current = cards_by_article.pop(article.pk, {})
        for card_seed in seed.cards:
            _load_card(card_seed, article, current.pop(card_seed.slug, None), topics, report)
            report.cards += 1
        _archive(current.values(), now, report, "cards archived")

    _archive(
        (article for article in existing.values() if article.from_seeds),
        now,
        report,
        "articles archived",
    )
    return report


def _load_topics(seeds: Seeds, report: LoadReport) -> dict[str, Topic]:
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    for seed in seeds.topics:
        values = {"name": seed.name, "description": seed.description, "position": seed.position}
        topic = topics.get(seed.slug)
        if topic is None:
            topics[seed.slug] = Topic.objects.create(slug=seed.slug, **values)
            report.counts["topics added"] += 1
        elif _assign(topic, values):
            topic.save()
            report.counts["topics updated"] += 1
    return topics


def _load_article(seed: ArticleSeed, article, topics, report) -> Article:
    values = {
        "title": seed.title,
        "summary": seed.summary,
        "perspective": seed.perspective,
        "source_file": seed.source_file,
        "source_title": seed.source_title,
        "position": seed.position,
        "archived_at": None,
        "from_seeds": True,
    }
    if article is None:
        article = Article.objects.create(slug=seed.slug, **values)
        report.counts["articles added"] += 1
    elif _assign(article, values):
        article.save()
        report.counts["articles updated"] += 1
    wanted = {topics[slug].pk for slug in seed.topics}
    if set(article.topics.values_list("pk", flat=True)) != wanted:
        article.topics.set(wanted)
    return article


def _load_card(seed: CardSeed, article: Article, card, topics, report) -> None:
    words = count_words(seed.body)
    values = {
        "title": seed.title,
        "body_markdown": seed.body,
        "body_html": render_markdown(seed.body),
        "position": seed.position,
        "word_count": words,
        "reading_seconds": reading_seconds(words),
        "check_in": seed.check_in,
        "archived_at": None,
    }
    wanted = [topics[slug] for slug in seed.topics]
    if card is None:
        card = Card.objects.create(article=article, slug=seed.slug, **values)
        set_topics(card, wanted)
        report.counts["cards added"] += 1
        return
    changed = _assign(card, values)
    if changed:
        card.save()
    if [link.topic_id for link in card.cardtopic_set.all()] != [topic.pk for topic in wanted]:
        set_topics(card, wanted)
        changed = True
    if changed:
        report.counts["cards updated"] += 1


def set_topics(card: Card, topics: list[Topic]) -> None:
    """Give `card` these topics in this order: the first is what it is most about, and
    leads that topic's page. Row by row, so the page cache hears of it (a card has at
    most three topics)."""
    CardTopic.objects.filter(card=card).delete()
    for position, topic in enumerate(topics):
        CardTopic.objects.create(card=card, topic=topic, position=position)


def _archive(rows, now, report, label) -> None:
    for row in rows:
        if row.archived_at is None:
            row.archived_at = now
            row.save(update_fields=["archived_at"])
            report.counts[label] += 1


def _assign(obj, values: dict) -> bool:
    """Set the fields that differ; say whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed
