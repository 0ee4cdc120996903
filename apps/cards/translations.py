"""The cards in other languages: seeds/<language>/, read and checked, loaded into `texts`.

Each file in seeds/es/ (or de/…) is named as the English article's and holds its words:

    ---
    article: both-of-you-are-running
    title: Los dos están huyendo
    summary: …
    ---

    ## Un patrón que vale la pena nombrar
    card: a-pattern-worth-naming

    The body, in Markdown.

A card is named by its English address (`card:`), so it stays one card in every
language: saves, lists and links follow the reader. What a translation may not do is
what the care guide forbids in English (apps/cards/care.py, per language), and every
card's length and heading are held to the English rules, a little longer allowed.
A card or article with no translation keeps English (`InLanguages.untranslated`). A
translation whose English card or article has left seeds/ (renamed, removed) is left
out, and the load says which: the English seeds stay the one source of what exists.
"""

import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

import yaml
from django.conf import settings
from django.utils.html import strip_tags

from . import care, seeds, stems
from .models import Article, Card, Topic
from .text import count_words, reading_seconds, render_markdown

INTERNAL_LINK = re.compile(r'href="/(?!/)')
# Spanish and German run longer than English for the same words.
LONGER = 1.25
MAX_WORDS = round(seeds.MAX_WORDS * LONGER)
MAX_CRISIS_WORDS = 95  # read mid-urge: hardly longer than English's 80
MIN_WORDS = seeds.MIN_WORDS


@dataclass
class CardText:
    slug: str
    title: str
    body: str
    line: int


@dataclass
class ArticleText:
    path: Path
    language: str
    slug: str
    title: str
    summary: str
    cards: list[CardText] = field(default_factory=list)


def languages() -> list[str]:
    return [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


@dataclass
class Translations:
    articles: list[ArticleText]
    left_out: list[str]  # "es/01-….md: article/card", whose English has gone
    topics: dict[str, dict[str, dict]] = field(default_factory=dict)  # language: slug: words


def read_translations(folder: Path, known: seeds.Seeds) -> Translations:
    """Every translated article in seeds/<language>/, checked against the English seeds."""
    articles = {article.slug: article for article in known.articles}
    found = Translations([], [])
    for language in languages():
        for path in seeds.article_files(folder / language):
            article = read_article(path, language, articles, found.left_out)
            if article is not None:
                found.articles.append(article)
        found.topics[language] = read_topics(folder / language / "topics.yaml", known)
    return found


def read_topics(path: Path, known: seeds.Seeds) -> dict[str, dict]:
    """seeds/<language>/topics.yaml: each topic's name and description (a list, as the
    English file is); a topic it doesn't name keeps English."""
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as error:
        raise seeds.SeedError(path, 1, f"this isn't YAML: {error}") from error
    slugs = {topic.slug for topic in known.topics}
    found = {}
    for n, entry in enumerate(data, start=1):
        if not isinstance(entry, dict) or entry.get("slug") not in slugs or not entry.get("name"):
            raise seeds.SeedError(path, n, "each topic: the `slug` of an English one, a `name`")
        found[entry["slug"]] = {
            "name": str(entry["name"])[:60],
            "description": str(entry.get("description", ""))[:200],
        }
    return found


def read_article(path: Path, language: str, articles: dict, left_out: list) -> ArticleText | None:
    lines = path.read_text(encoding="utf-8").splitlines()
    end = seeds.front_matter_end(path, lines)
    try:
        front = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as error:
        raise seeds.SeedError(path, 2, f"front matter isn't YAML: {error}") from error
    if not isinstance(front, dict) or set(front) != {"article", "title", "summary"}:
        raise seeds.SeedError(path, 2, "front matter names `article`, `title` and `summary`")
    english = articles.get(front["article"])
    if english is None:
        left_out.append(f"{language}/{path.name}: {front['article']}")
        return None
    article = ArticleText(
        path, language, english.slug, str(front["title"]).strip(), str(front["summary"]).strip()
    )
    _check_heading(path, 3, article.title, language, "the article's title")
    cards = {card.slug: card for card in english.cards}
    for card in _cards(path, lines, end + 1):
        if card.slug not in cards:
            left_out.append(f"{language}/{path.name}: {english.slug}/{card.slug}")
            continue
        if any(other.slug == card.slug for other in article.cards):
            raise seeds.SeedError(path, card.line, f"card {card.slug!r} is translated twice")
        own = cards[card.slug]
        _check_card(path, card, language, crisis=_is_crisis(english, own), check_in=own.check_in)
        article.cards.append(card)
    return article


def _cards(path: Path, lines: list[str], start: int) -> list[CardText]:
    found = []
    heads = [i for i in range(start, len(lines)) if lines[i].startswith("## ")]
    if not heads:
        raise seeds.SeedError(path, start + 1, "no cards: each starts with a `## Heading` line")
    for n, head in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else len(lines)
        name = lines[head + 1].strip() if head + 1 < end else ""
        if not name.startswith("card:"):
            raise seeds.SeedError(
                path, head + 2, "after a heading, a `card: <English address>` line"
            )
        body = "\n".join(lines[head + 2 : end]).strip()
        found.append(CardText(name[5:].strip(), lines[head][3:].strip(), body, head + 1))
    return found


def _is_crisis(article, card) -> bool:
    return article.perspective == "stand-still" and bool(seeds.CRISIS_LINK.search(card.body))


def _check_card(path: Path, card: CardText, language: str, crisis: bool, check_in: bool) -> None:
    _check_heading(path, card.line, card.title, language, "heading")
    words = count_words(card.body)
    longest = MAX_CRISIS_WORDS if crisis else MAX_WORDS
    if not MIN_WORDS <= words <= longest:
        raise seeds.SeedError(
            path, card.line, f"{card.title!r} has {words} words ({MIN_WORDS} to {longest})"
        )
    if check_in and (returns := care.speaks_of_return(card.body, language)):
        raise seeds.SeedError(
            path, card.line, f"{card.title!r} ends a breathing session: no return, {returns[0]!r}"
        )
    found = care.unattributed(card.body, language)
    if found:
        raise seeds.SeedError(
            path,
            card.line,
            f"{card.title!r}: a belief without saying whose it is (see seeds/README.md): "
            f"{found[0]!r}",
        )


def _check_heading(path: Path, line: int, heading: str, language: str, what: str) -> None:
    if not heading or len(heading) > seeds.MAX_TITLE:
        raise seeds.SeedError(path, line, f"{what} {heading!r}: 1 to {seeds.MAX_TITLE} characters")
    problem = care.heading_problem(heading, language)
    if problem:
        raise seeds.SeedError(path, line, f"{what} {heading!r}: {problem} (see seeds/README.md)")


def load_translations(translations: Translations) -> str:
    """Each article's and card's `texts` as seeds/ has them: a language removed from a
    file (or the file) is removed from the database too. Bulk writes retire pages."""
    found = translations.articles
    articles = {a.slug: a for a in Article.objects.filter(from_seeds=True)}
    cards = {(c.article.slug, c.slug): c for c in Card.objects.select_related("article").all()}
    article_texts = {slug: {} for slug in articles}
    card_texts = {key: {} for key in cards}
    for article in found:
        article_texts[article.slug][article.language] = {
            "title": article.title,
            "summary": article.summary,
        }
        for card in article.cards:
            card_texts[(article.slug, card.slug)][article.language] = card_words(
                article.language, card.title, card.body
            )
    topic_texts: dict[str, dict] = {}
    for language, topics in translations.topics.items():
        for slug, words in topics.items():
            topic_texts.setdefault(slug, {})[language] = words
    changed_topics = [t for t in Topic.objects.all() if _set(t, topic_texts.get(t.slug, {}))]
    if changed_topics:
        Topic.objects.bulk_update(changed_topics, ["texts"])
    changed_articles = [a for a in articles.values() if _set(a, article_texts[a.slug])]
    changed_cards = [c for key, c in cards.items() if _set(c, card_texts[key])]
    if changed_articles:  # a bulk write retires every kept page, even an empty one
        Article.objects.bulk_update(changed_articles, ["texts"])
    if changed_cards:
        Card.objects.bulk_update(changed_cards, ["texts"])
    shown = sum(len(a.cards) for a in found)
    left = translations.left_out
    return (
        f"Translations: {shown} cards in {len(languages())} languages "
        f"({len(changed_cards)} cards and {len(changed_articles)} articles changed)."
        + (f" Left out, their English gone: {', '.join(left)}." if left else "")
    )


def card_words(language: str, title: str, body: str) -> dict:
    """A card's `texts` entry for `language`: its words, and their stems for search."""
    # A card's links lead to the app's pages in its own language: /help/ is /es/help/.
    html = INTERNAL_LINK.sub(f'href="/{language}/', render_markdown(body))
    words = count_words(body)
    return {
        "title": title,
        "body_markdown": body,
        "body_html": html,
        "word_count": words,
        "reading_seconds": reading_seconds(words),
        "search_title": stems.stems(language, title),
        "search_body": stems.stems(language, unescape(strip_tags(html))),
    }


def _set(row, texts: dict) -> bool:
    if row.texts == texts:
        return False
    row.texts = texts
    return True
