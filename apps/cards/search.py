"""Search across card titles and bodies, in the database's own full-text engine.

SQLite uses the FTS5 table and PostgreSQL the GIN index that migration 0002
creates. Either way the reader's text never reaches the query language: it is
cut into words (letters and digits only), each word is quoted, and the last one
matches as a prefix so results follow the reader as they type. Whatever they
type (quotes, operators, symbols, 100 characters of it), the query is valid.

Both engines match whole words without stemming ("runs" does not find
"running"), so results stay predictable as someone types. SQLite also ignores
accents ("cafe" finds "café"); PostgreSQL's "simple" configuration does not.
"""

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.db import OperationalError, connection
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from apps.core.paging import PAGE_SIZE, Page

from .models import Card

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


def search_cards(terms: list[str], number: int, size: int = PAGE_SIZE) -> Page:
    """Live cards matching every term (the last as a prefix), best match first."""
    if not terms:
        return Page(items=[], number=number, has_next=False)
    start = (number - 1) * size
    if connection.vendor == "postgresql":
        rows = _postgres_search(terms, start, size + 1)
    else:
        rows = _sqlite_search(terms, start, size + 1)
    return Page.from_rows(rows, number, size)


# SQLite: one query for the page of matching ids (FTS5 cannot be joined through
# the ORM), one for those cards with their articles. Titles weigh four times
# the body in the ranking. The archived filters are CardQuerySet.live()'s.
_SQLITE_MATCHES = """
    SELECT card.id
    FROM cards_card_fts
    JOIN cards_card AS card ON card.id = cards_card_fts.rowid
    JOIN cards_article AS article ON article.id = card.article_id
    WHERE cards_card_fts MATCH %s
      AND card.archived_at IS NULL
      AND article.archived_at IS NULL
    ORDER BY bm25(cards_card_fts, 4.0, 1.0), article.position, card.position, card.id
    LIMIT %s OFFSET %s
"""


def fts5_query(terms: list[str]) -> str:
    """'"letting" "go"*': each word a quoted string, so nothing in it is an operator."""
    quoted = [f'"{term}"' for term in terms]
    quoted[-1] += "*"
    return " ".join(quoted)


def _sqlite_search(terms: list[str], offset: int, limit: int) -> list[Card]:
    try:
        with connection.cursor() as cursor:
            cursor.execute(_SQLITE_MATCHES, [fts5_query(terms), limit, offset])
            ids = [row[0] for row in cursor.fetchall()]
    except OperationalError as error:
        # Quoted words cannot make a syntax error; if FTS5 still objects, the
        # reader gets "nothing matches" rather than an error page.
        if not str(error).startswith("fts5:"):
            raise
        logger.warning("FTS5 refused %r: %s", fts5_query(terms), error)
        return []
    if not ids:
        return []
    cards = Card.objects.select_related("article").in_bulk(ids)
    return [cards[pk] for pk in ids if pk in cards]


def tsquery(terms: list[str]) -> str:
    """ "'letting' & 'go':*": quoted lexemes, the last a prefix, all required."""
    quoted = [f"'{term}'" for term in terms]
    quoted[-1] += ":*"
    return " & ".join(quoted)


# ts_rank divides by the document's length, so a short card about the word ranks
# above a long one that mentions it in passing (as FTS5's bm25 does).
NORMALIZATION = 2


def _postgres_search(terms: list[str], offset: int, limit: int) -> list[Card]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    # This expression is the one migration 0002 indexes; change both together.
    document = SearchVector("title", "body_markdown", config="simple")
    weighted = SearchVector("title", weight="A", config="simple") + SearchVector(
        "body_markdown", weight="D", config="simple"
    )
    query = SearchQuery(tsquery(terms), config="simple", search_type="raw")
    return list(
        Card.objects.live()
        .select_related("article")
        .alias(document=document)
        .filter(document=query)
        .annotate(rank=SearchRank(weighted, query, normalization=NORMALIZATION))
        .order_by("-rank", "article__position", "position", "pk")[offset : offset + limit]
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
        return cls(whole=frozenset(folded[:-1]), prefix=folded[-1] if folded else "")

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
