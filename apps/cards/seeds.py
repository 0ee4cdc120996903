"""Read and check the content in seeds/ before anything is written.

Each article is one Markdown file: YAML front matter between `---` lines, then
cards, each a `## Title` line, a `topics: a, b` line, optionally a `check-in: yes`
line (the card may end a breathing session), a blank line and the body. The
content must also keep the care guide's checkable rules (apps.cards.care).
Every problem is reported with the file, the line and what is wrong.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.utils.text import slugify

from . import care
from .models import Perspective
from .text import count_words

SOURCE_KEYS = {"source_file", "source_title"}
ARTICLE_KEYS = {"title", "slug", "summary", "perspective", "topics"} | SOURCE_KEYS
MIN_CARDS, MAX_CARDS = 6, 15
MIN_WORDS, MAX_WORDS = 40, 120
# A card in the app's own voice that points to help or to the timer is read in a hard
# moment, often mid-urge: short enough to read in one breath (seeds/README.md).
MAX_CRISIS_WORDS = 80
CRISIS_LINK = re.compile(r"\]\(/(help|stand-still)/")
MAX_TITLE = 60
MAX_TOPICS_PER_CARD = 3


class SeedError(Exception):
    def __init__(self, path: Path, line: int, problem: str):
        self.path, self.line, self.problem = path, line, problem
        super().__init__(f"{path.name}, line {line}: {problem}")


@dataclass
class TopicSeed:
    slug: str
    name: str
    description: str
    position: int


@dataclass
class CardSeed:
    title: str
    slug: str
    topics: list[str]
    body: str
    line: int
    position: int
    check_in: bool = False


@dataclass
class ArticleSeed:
    path: Path
    slug: str
    title: str
    summary: str
    perspective: str
    topics: list[str]
    source_file: str
    source_title: str
    position: int
    cards: list[CardSeed] = field(default_factory=list)


@dataclass
class Seeds:
    topics: list[TopicSeed]
    articles: list[ArticleSeed]


def article_files(folder: Path) -> list[Path]:
    """The articles, in feed order: Markdown files named with a number first
    (seeds/README.md, the care guide, is not one)."""
    return sorted(folder.glob("[0-9]*.md"))


# Other apps' seed files, checked after the articles and loaded in the same
# transaction: (read(folder, seeds) -> checked data, load(checked data) -> report line).
LOADERS: list[tuple[Callable[[Path, "Seeds"], Any], Callable[[Any], str]]] = []


def register_loader(read: Callable[[Path, "Seeds"], Any], load: Callable[[Any], str]) -> None:
    """Let an app load its own file from seeds/ with `loadseeds` (call it in `ready`)."""
    if (read, load) not in LOADERS:
        LOADERS.append((read, load))


def read_seeds(folder: Path) -> Seeds:
    topics = read_topics(folder / "topics.yaml")
    known = {topic.slug for topic in topics}
    articles = [
        read_article(path, position, known)
        for position, path in enumerate(article_files(folder), start=1)
    ]
    seen: dict[str, Path] = {}
    for article in articles:
        if article.slug in seen:
            raise SeedError(
                article.path,
                3,
                f"duplicate slug {article.slug!r} (also in {seen[article.slug].name})",
            )
        seen[article.slug] = article.path
    return Seeds(topics=topics, articles=articles)


def read_topics(path: Path) -> list[TopicSeed]:
    if not path.exists():
        raise SeedError(path, 1, "the topics file is missing")
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise SeedError(path, _yaml_line(error), f"bad YAML: {error}") from None
    if not isinstance(entries, list) or not entries:
        raise SeedError(path, 1, "expected a list of topics")
    topics = []
    for position, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not entry.get("slug") or not entry.get("name"):
            raise SeedError(path, 1, f"topic {position} needs a slug and a name")
        description = str(entry.get("description", ""))
        _check_care(path, 1, f"topic {entry['slug']!r}", description)
        topics.append(
            TopicSeed(
                slug=str(entry["slug"]),
                name=str(entry["name"]),
                description=description,
                position=position,
            )
        )
    return topics


def front_matter_end(path: Path, lines: list[str]) -> int:
    """The line index of the `---` that closes the front matter `lines` start with."""
    if not lines or lines[0].strip() != "---":
        raise SeedError(path, 1, "bad front matter: the file must start with a '---' line")
    try:
        return next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    except StopIteration:
        raise SeedError(path, 1, "bad front matter: no closing '---' line") from None


def read_article(path: Path, position: int, known_topics: set[str]) -> ArticleSeed:
    lines = path.read_text(encoding="utf-8").splitlines()
    end = front_matter_end(path, lines)
    front = _front_matter(path, lines[1:end], known_topics)
    article = ArticleSeed(
        path=path,
        slug=front["slug"],
        title=front["title"],
        summary=front["summary"],
        perspective=front["perspective"],
        topics=front["topics"],
        source_file=front["source_file"],
        source_title=front["source_title"],
        position=position,
    )
    own_voice = article.perspective == Perspective.STAND_STILL
    article.cards = _cards(path, lines, end + 1, known_topics, own_voice)
    return article


def _front_matter(path: Path, lines: list[str], known_topics: set[str]) -> dict:
    try:
        front = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError as error:
        raise SeedError(path, 1 + _yaml_line(error), f"bad front matter: {error}") from None
    if not isinstance(front, dict):
        raise SeedError(path, 2, "bad front matter: expected 'key: value' lines")
    # The app's own articles retell no source, so they name none.
    own_voice = front.get("perspective") == Perspective.STAND_STILL
    expected = ARTICLE_KEYS - SOURCE_KEYS if own_voice else ARTICLE_KEYS
    missing = expected - front.keys()
    if missing:
        raise SeedError(path, 2, f"bad front matter: missing {', '.join(sorted(missing))}")
    unknown = front.keys() - expected
    if unknown:
        why = " (an article in the app's own voice has no source)" if own_voice else ""
        raise SeedError(path, 2, f"bad front matter: unknown key {', '.join(sorted(unknown))}{why}")
    line_of = {line.split(":", 1)[0].strip(): n for n, line in enumerate(lines, start=2)}
    for key in expected - {"topics"}:
        if not isinstance(front[key], str) or not front[key].strip():
            raise SeedError(path, line_of.get(key, 2), f"bad front matter: {key} must be text")
        front[key] = front[key].strip()
    if front["slug"] != slugify(front["slug"]):
        raise SeedError(path, line_of["slug"], f"bad front matter: {front['slug']!r} is no slug")
    if front["perspective"] not in Perspective.values:
        choices = ", ".join(Perspective.values)
        raise SeedError(
            path, line_of["perspective"], f"bad front matter: perspective must be one of {choices}"
        )
    if not isinstance(front["topics"], list) or not front["topics"]:
        raise SeedError(path, line_of["topics"], "bad front matter: topics must be a list")
    front["topics"] = [str(topic) for topic in front["topics"]]
    _check_topics(path, line_of["topics"], front["topics"], known_topics)
    _check_heading(path, line_of["title"], "the article's title", front["title"])
    _check_care(path, line_of["summary"], "the summary", front["summary"])
    for key in SOURCE_KEYS:
        front.setdefault(key, "")
    return front


def _cards(
    path: Path, lines: list[str], start: int, known_topics: set[str], own_voice: bool
) -> list[CardSeed]:
    cards: list[CardSeed] = []
    heading_at = [i for i in range(start, len(lines)) if lines[i].startswith("## ")]
    stray = [
        i for i in range(start, heading_at[0] if heading_at else len(lines)) if lines[i].strip()
    ]
    if stray:
        raise SeedError(
            path, stray[0] + 1, "text before the first card: cards start with '## Title'"
        )
    for n, at in enumerate(heading_at):
        block_end = heading_at[n + 1] if n + 1 < len(heading_at) else len(lines)
        cards.append(_card(path, lines, at, block_end, n + 1, known_topics, own_voice))
    if not MIN_CARDS <= len(cards) <= MAX_CARDS:
        raise SeedError(
            path, start + 1, f"{len(cards)} cards: an article has {MIN_CARDS} to {MAX_CARDS}"
        )
    slugs: dict[str, int] = {}
    for card in cards:
        if card.slug in slugs:
            raise SeedError(
                path,
                card.line,
                f"duplicate card title {card.title!r} (also on line {slugs[card.slug]})",
            )
        slugs[card.slug] = card.line
    return cards


def _card(path, lines, at, block_end, position, known_topics, own_voice) -> CardSeed:
    line = at + 1
    title = lines[at][3:].strip()
    if not title:
        raise SeedError(path, line, "empty card title")
    if len(title) > MAX_TITLE:
        raise SeedError(path, line, f"card title over {MAX_TITLE} characters")
    _check_heading(path, line, "the card title", title)
    topics_line = lines[at + 1] if at + 1 < block_end else ""
    if not topics_line.startswith("topics:"):
        raise SeedError(path, line + 1, "a card's second line must be 'topics: a, b'")
    topics = [t.strip() for t in topics_line.removeprefix("topics:").split(",") if t.strip()]
    if not 1 <= len(topics) <= MAX_TOPICS_PER_CARD:
        raise SeedError(path, line + 1, f"a card has 1 to {MAX_TOPICS_PER_CARD} topics")
    _check_topics(path, line + 1, topics, known_topics)
    body_at = at + 2
    check_in = body_at < block_end and lines[body_at].startswith("check-in:")
    if check_in:
        if lines[body_at].removeprefix("check-in:").strip() != "yes":
            raise SeedError(path, line + 2, "a check-in line says 'check-in: yes'")
        body_at += 1
    body = "\n".join(lines[body_at:block_end]).strip()
    words = count_words(body)
    if words == 0:
        raise SeedError(path, line, f"card {title!r} is empty")
    if words > MAX_WORDS:
        raise SeedError(
            path, line, f"card {title!r} is over-long: {words} words (at most {MAX_WORDS})"
        )
    if words < MIN_WORDS:
        raise SeedError(
            path, line, f"card {title!r} is too short: {words} words (at least {MIN_WORDS})"
        )
    if own_voice and words > MAX_CRISIS_WORDS and CRISIS_LINK.search(body):
        raise SeedError(
            path,
            line,
            f"card {title!r} points to help or the timer, so it is read in a hard moment: "
            f"{words} words (at most {MAX_CRISIS_WORDS}, the action first)",
        )
    if any(row.startswith("#") for row in body.splitlines()):
        raise SeedError(path, line, f"card {title!r} has a heading inside its body")
    _check_care(path, line, f"card {title!r}", body)
    if check_in and (returns := care.speaks_of_return(body)):
        raise SeedError(
            path,
            line,
            f"card {title!r} ends breathing sessions, so it may not speak of a return: "
            f"{returns[0]!r}",
        )
    return CardSeed(
        title=title,
        slug=slugify(title),
        topics=topics,
        body=body,
        line=line,
        position=position,
        check_in=check_in,
    )


def _check_care(path: Path, line: int, what: str, text: str) -> None:
    if found := care.unattributed(text):
        raise SeedError(
            path,
            line,
            f"{what} speaks of a return, destiny or signs without saying whose belief it is "
            f"(see seeds/README.md): {found[0]!r}",
        )


def _check_heading(path: Path, line: int, what: str, heading: str) -> None:
    if problem := care.heading_problem(heading):
        raise SeedError(path, line, f"{what} {heading!r}: {problem} (see seeds/README.md)")


def _check_topics(path: Path, line: int, topics: list[str], known: set[str]) -> None:
    for topic in topics:
        if topic not in known:
            raise SeedError(
                path, line, f"unknown topic {topic!r} (known: {', '.join(sorted(known))})"
            )


def _yaml_line(error: yaml.YAMLError) -> int:
    mark = getattr(error, "problem_mark", None)
    return mark.line + 1 if mark else 1
