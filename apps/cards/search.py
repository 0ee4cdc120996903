"""Search across card titles and bodies, in the database's own full-text engine.

SQLite uses the FTS5 table and PostgreSQL the GIN index that migration 0002
creates. Either way the reader's text never reaches the query language: it is
cut into words (letters and digits only), each word is quoted, and the last one
(of three letters or more) matches as a prefix so results follow the reader as
they type. Whatever they
type (quotes, operators, symbols, 100 characters of it), the query is valid.

Both engines stem English words (FTS5's porter tokenizer, PostgreSQL's 'english'
configuration, both of the Snowball family: "breathing" finds "breathe", "blocked"
finds "block"; migration 0006). Each word also finds its synonyms from
seeds/synonyms.yaml ("miss" finds "longing"). When no card has every word, the
cards that have some of them come instead, best first, and the page says so.

The order: the app's own cards ("From Stand Still") first, since they answer
a reader in their own situation; then a card whose title holds the words as
typed, pronouns read as the cards write them ("he blocked me" puts "They blocked
me" first); then the engine's rank. All of it is in the one query.
SQLite also ignores accents ("cafe" finds "café"); PostgreSQL does not.
"""

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml
from django.conf import settings
from django.db import OperationalError, connection
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from apps.core.paging import PAGE_SIZE, Page

from .models import Card, Perspective

logger = logging.getLogger(__name__)

MAX_QUERY = 100
MAX_TERMS = 8
# Letters and digits: FTS5's unicode61 tokenizer and PostgreSQL's parser both
# split words on everything else, so these are the words both engines see.
_WORD = re.compile(r"[^\W_]+")


def clean_query(raw: str) -> str:
    """What the search box shows back: the reader's text, capped and trimmed."""
    return unicodedata.normalize("NFC", raw.replace("\x00", ""))[:MAX_QUERY].strip()


def search_terms(query: str) -> list[str]:
    return _WORD.findall(query)[:MAX_TERMS]


SYNONYMS_FILE = Path(settings.BASE_DIR) / "seeds" / "synonyms.yaml"
MAX_SYNONYMS = 3


@cache
def synonyms() -> dict[str, tuple[str, ...]]:
    """seeds/synonyms.yaml, read once: each word (case-folded) and the words it also finds."""
    data = yaml.safe_load(SYNONYMS_FILE.read_text(encoding="utf-8")) or {}
    return {
        _fold(str(word)): tuple(_fold(str(other)) for other in others)[:MAX_SYNONYMS]
        for word, others in data.items()
        if all(_WORD.fullmatch(str(w)) for w in [word, *others])
    }


def alternatives(term: str) -> list[str]:
    return [term, *synonyms().get(_fold(term), ())]


@dataclass(frozen=True)
class Found:
    page: Page
    total: int
    # No card had every word: these have some of them.
    some_words: bool = False


def find_cards(terms: list[str], number: int, size: int = PAGE_SIZE) -> Found:
    """A page of cards for the reader's words, and how many there are in all."""
    page = search_cards(terms, number, size)
    if page.items or len(terms) < 2:
        return Found(page, _count(terms) if page.items else 0)
    page = search_cards(terms, number, size, any_word=True)
    return Found(page, _count(terms, any_word=True) if page.items else 0, some_words=True)


def search_cards(terms: list[str], number: int, size: int = PAGE_SIZE, any_word=False) -> Page:
    """Live cards matching every term (the last as a prefix), best match first;
    with `any_word`, those matching any of them."""
    if not terms:
        return Page(items=[], number=number, has_next=False)
    start = (number - 1) * size
    if connection.vendor == "postgresql":
        rows = _postgres_search(terms, start, size + 1, any_word)
    else:
        rows = _sqlite_search(terms, start, size + 1, any_word)
    return Page.from_rows(rows, number, size)


def _count(terms: list[str], any_word: bool = False) -> int:
    if connection.vendor == "postgresql":
        return _postgres_matches(terms, any_word).count()
    try:
        with connection.cursor() as cursor:
            cursor.execute(_SQLITE_COUNT, [fts5_query(terms, any_word)])
            return cursor.fetchone()[0]
    except OperationalError as error:
        if not str(error).startswith("fts5:"):
            raise
        return 0


# SQLite: one query for the page of matching ids (FTS5 cannot be joined through
# the ORM), one for those cards with their articles. Titles weigh four times
# the body in the ranking. The archived filters are CardQuerySet.live()'s.
OWN_VOICE = Perspective.STAND_STILL.value
_SQLITE_MATCHING = """
    FROM cards_card_fts
    JOIN cards_card AS card ON card.id = cards_card_fts.rowid
    JOIN cards_article AS article ON article.id = card.article_id
    WHERE cards_card_fts MATCH %s
      AND card.archived_at IS NULL
      AND article.archived_at IS NULL
"""
_SQLITE_MATCHES = f"""
    SELECT card.id {_SQLITE_MATCHING}
    ORDER BY article.perspective = '{OWN_VOICE}' DESC,
             instr(lower(card.title), %s) > 0 DESC,
             bm25(cards_card_fts, 4.0, 1.0), article.position, card.position, card.id
    LIMIT %s OFFSET %s
"""


_SQLITE_COUNT = f"SELECT count(*) {_SQLITE_MATCHING}"


# The cards say "they" of the other person, whoever the reader is.
THEIR_PRONOUNS = {"he": "they", "she": "they", "him": "them", "her": "them", "his": "their"}


def _phrase(terms: list[str]) -> str:
    """The words as typed, with the cards' pronouns: a card with them in its title comes
    first ("blocked" finds "They blocked me" before "blocking", which stems to the
    same word; so does "he blocked me")."""
    words = (term.lower() for term in terms)
    return " ".join(THEIR_PRONOUNS.get(word, word) for word in words)


# A last word shorter than this is matched whole: "me" would otherwise find "meeting".
MIN_PREFIX = 3


def _groups(terms: list[str], quote, prefix: str, either: str) -> list[str]:
    """Each term with its synonyms, quoted; the last term itself as a prefix."""
    groups = []
    for i, term in enumerate(terms):
        words = [quote(word) for word in alternatives(term)]
        if i == len(terms) - 1 and len(term) >= MIN_PREFIX:
            words[0] += prefix
        groups.append(words[0] if len(words) == 1 else f"({either.join(words)})")
    return groups


def fts5_query(terms: list[str], any_word: bool = False) -> str:
    """'"letting" AND "go"*': each word a quoted string, so nothing in it is an operator;
    a word with synonyms, '("miss" OR "longing")'. AND is spelled out: FTS5 allows
    no implicit AND after a parenthesis."""
    groups = _groups(terms, lambda word: f'"{word}"', "*", " OR ")
    return (" OR " if any_word else " AND ").join(groups)


def _sqlite_search(terms: list[str], offset: int, limit: int, any_word=False) -> list[Card]:
    try:
        with connection.cursor() as cursor:
            query = fts5_query(terms, any_word)
            cursor.execute(_SQLITE_MATCHES, [query, _phrase(terms), limit, offset])
            ids = [row[0] for row in cursor.fetchall()]
    except OperationalError as error:
        # Quoted words cannot make a syntax error; if FTS5 still objects, the
        # reader gets "nothing matches" rather than an error page.
        if not str(error).startswith("fts5:"):
            raise
        logger.warning("FTS5 refused %r: %s", fts5_query(terms, any_word), error)
        return []
    if not ids:
        return []
    cards = Card.objects.select_related("article").in_bulk(ids)
    return [cards[pk] for pk in ids if pk in cards]


def tsquery(terms: list[str], any_word: bool = False) -> str:
    """ "'letting' & 'go':*": quoted lexemes, the last a prefix, all required (or any
    one, with `any_word`); a word with synonyms, "('miss' | 'longing')"."""
    groups = _groups(terms, lambda word: f"'{word}'", ":*", " | ")
    return (" | " if any_word else " & ").join(groups)


# ts_rank divides by the document's length, so a short card about the word ranks
# above a long one that mentions it in passing (as FTS5's bm25 does).
NORMALIZATION = 2


CONFIG = "english"


def _postgres_query(terms: list[str], any_word: bool):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(tsquery(terms, any_word), config=CONFIG, search_type="raw")


def _postgres_matches(terms: list[str], any_word: bool):
    from django.contrib.postgres.search import SearchVector

    # This expression is the one migration 0006 indexes; change both together.
    document = SearchVector("title", "body_markdown", config=CONFIG)
    query = _postgres_query(terms, any_word)
    return Card.objects.live().alias(document=document).filter(document=query)


def _postgres_search(terms: list[str], offset: int, limit: int, any_word=False) -> list[Card]:
    from django.contrib.postgres.search import SearchRank, SearchVector
    from django.db.models import Case, Value, When

    weighted = SearchVector("title", weight="A", config=CONFIG) + SearchVector(
        "body_markdown", weight="D", config=CONFIG
    )
    query = _postgres_query(terms, any_word)
    return list(
        _postgres_matches(terms, any_word)
        .select_related("article")
        .annotate(
            rank=SearchRank(weighted, query, normalization=NORMALIZATION),
            own_voice=Case(When(article__perspective=OWN_VOICE, then=Value(1)), default=Value(0)),
            in_title=Case(When(title__icontains=_phrase(terms), then=Value(1)), default=Value(0)),
        )
        .order_by("-own_voice", "-in_title", "-rank", "article__position", "position", "pk")[
            offset : offset + limit
        ]
    )


# Highlighting: matched words are wrapped in <mark> after everything else is
# escaped, so neither the reader's text nor the card's can inject markup.


@lru_cache(maxsize=8192)
def _fold(word: str) -> str:
    """Case and accents dropped, as the search engines compare words.

    Cached: a results page folds every word of every excerpt, and the cards' own
    words come back again and again."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Matcher:
    whole: frozenset[str]
    prefix: str

    @classmethod
    def for_terms(cls, terms: list[str]) -> "Matcher":
        folded = [_fold(term) for term in terms]
        others = {word for term in terms for word in alternatives(term)[1:]}
        if folded and len(folded[-1]) < MIN_PREFIX:
            return cls(whole=frozenset(folded) | others, prefix="")
        return cls(whole=frozenset(folded[:-1]) | others, prefix=folded[-1] if folded else "")

    def matches(self, word: str) -> bool:
        folded = _fold(word)
        return folded in self.whole or bool(self.prefix) and folded.startswith(self.prefix)


def highlight(text: str, terms: list[str]) -> SafeString:
    matcher = Matcher.for_terms(terms)
    parts, last = [], 0
    for found in _WORD.finditer(text):
        if matcher.matches(found.group()):
            parts.append(conditional_escape(text[last : found.start()]))
            parts.append(f"<mark>{conditional_escape(found.group())}</mark>")
            last = found.end()
    parts.append(conditional_escape(text[last:]))
    return mark_safe("".join(parts))  # every piece above was escaped


def excerpt(text: str, terms: list[str], before: int = 10, after: int = 26) -> SafeString:
    """A few lines around the first match in `text`, matches highlighted."""
    words = text.split()
    matcher = Matcher.for_terms(terms)
    first = next(
        (i for i, word in enumerate(words) if any(map(matcher.matches, _WORD.findall(word)))),
        0,
    )
    start = max(0, first - before)
    end = min(len(words), max(first, start) + after)
    shown = " ".join(words[start:end])
    lead = "… " if start > 0 else ""
    tail = " …" if end < len(words) else ""
    return mark_safe(lead + highlight(shown, terms) + tail)  # highlight() escaped it
