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
me" first); then the engine's rank, of which the best RANKED are kept. All of it,
the fallback to some of the words and the count, is one query.
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

from .models import Article, Card, Perspective

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
    # `total` is RANKED: at least that many cards match.
    at_least: bool = False


# Bounded ranking: the engine ranks the first RANKED matches in its index's order (the
# order cards were made in), and only those are ordered, paged and counted. A word on
# every card costs the same ranking at 10,000 cards as at 200; a reader gets twelve
# pages of it, and the page says "144 cards or more" (bench/search.py).
RANKED = 144


def find_cards(terms: list[str], number: int, size: int = PAGE_SIZE) -> Found:
    """A page of live cards with every word (the last as a prefix), best first; when
    no card has every word, the cards with some of them, and Found says so. One query,
    on either engine, the fallback and the count included."""
    if not terms:
        return Found(Page(items=[], number=number, has_next=False), 0)
    search = _postgres_search if connection.vendor == "postgresql" else _sqlite_search
    rows = search(terms, (number - 1) * size, size + 1)
    page = Page.from_rows([card for card, _, _ in rows], number, size)
    if not rows:
        return Found(page, 0)
    _, every, total = rows[0]
    return Found(page, total, some_words=not every, at_least=total >= RANKED)


def search_cards(terms: list[str], number: int, size: int = PAGE_SIZE) -> Page:
    return find_cards(terms, number, size).page


# One statement on both engines: up to RANKED live cards with every word
# (`every_hit`); only when there are none, up to RANKED with any (`some_hit`); then
# the page of them in the order above, each with whether it has every word and how
# many there are. Titles weigh four times the body in the engine's rank.
OWN_VOICE = Perspective.STAND_STILL.value
CARD_FIELDS = Card._meta.concrete_fields
ARTICLE_FIELDS = Article._meta.concrete_fields
_COLUMNS = ", ".join(
    [f'card."{f.column}"' for f in CARD_FIELDS] + [f'article."{f.column}"' for f in ARTICLE_FIELDS]
)
_PAGE = f"""
    , hit AS (
        SELECT id, score, 1 AS every FROM every_hit
        UNION ALL SELECT id, score, 0 AS every FROM some_hit
    )
    SELECT {_COLUMNS}, hit.every, count(*) OVER () AS found
    FROM hit
    JOIN cards_card AS card ON card.id = hit.id
    JOIN cards_article AS article ON article.id = card.article_id
    ORDER BY article.perspective = '{OWN_VOICE}' DESC,
             {{in_title}} DESC,
             hit.score, article.position, card.position, card.id
    LIMIT %s OFFSET %s
"""
_LIVE = "card.archived_at IS NULL AND article.archived_at IS NULL"
_SQLITE_HITS = f"""
    SELECT cards_card_fts.rowid AS id, bm25(cards_card_fts, 4.0, 1.0) AS score
    FROM cards_card_fts
    JOIN cards_card AS card ON card.id = cards_card_fts.rowid
    JOIN cards_article AS article ON article.id = card.article_id
    WHERE cards_card_fts MATCH %s AND {_LIVE}
"""
_SQLITE_SEARCH = f"""
    WITH every_hit AS ({_SQLITE_HITS} LIMIT {RANKED}),
    some_hit AS ({_SQLITE_HITS} AND NOT EXISTS (SELECT 1 FROM every_hit)
                 LIMIT {RANKED})
    {_PAGE.format(in_title="instr(lower(card.title), %s) > 0")}
"""
# The document is the expression migration 0006 indexes; change both together.
CONFIG = "english"
_DOCUMENT = f"""to_tsvector('{CONFIG}'::regconfig,
    COALESCE(card."title", '') || ' ' || COALESCE(card."body_markdown", ''))"""
# ts_rank divides by the document's length (normalization 2), so a short card about
# the word ranks above a long one that mentions it in passing, as bm25 does; lower
# is better in both engines' order, hence the minus.
_WEIGHTED = f"""setweight(to_tsvector('{CONFIG}'::regconfig, COALESCE(card."title", '')), 'A')
    || setweight(to_tsvector('{CONFIG}'::regconfig, COALESCE(card."body_markdown", '')), 'D')"""
_POSTGRES_HITS = f"""
    SELECT card.id, -ts_rank({_WEIGHTED}, query, 2) AS score
    FROM cards_card AS card
    JOIN cards_article AS article ON article.id = card.article_id,
    to_tsquery('{CONFIG}'::regconfig, %s) AS query
    WHERE {_DOCUMENT} @@ query AND {_LIVE}
"""
_POSTGRES_SEARCH = f"""
    WITH every_hit AS ({_POSTGRES_HITS} LIMIT {RANKED}),
    some_hit AS ({_POSTGRES_HITS} AND NOT EXISTS (SELECT 1 FROM every_hit)
                 LIMIT {RANKED})
    {_PAGE.format(in_title="strpos(lower(card.title), %s) > 0")}
"""


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


def tsquery(terms: list[str], any_word: bool = False) -> str:
    """ "'letting' & 'go':*": quoted lexemes, the last a prefix, all required (or any
    one, with `any_word`); a word with synonyms, "('miss' | 'longing')"."""
    groups = _groups(terms, lambda word: f"'{word}'", ":*", " | ")
    return (" | " if any_word else " & ").join(groups)


def _sqlite_search(terms: list[str], offset: int, limit: int) -> list[tuple]:
    every, some = fts5_query(terms), fts5_query(terms, any_word=True)
    try:
        return _run(_SQLITE_SEARCH, [every, some, _phrase(terms), limit, offset])
    except OperationalError as error:
        # Quoted words cannot make a syntax error; if FTS5 still objects, the
        # reader gets "nothing matches" rather than an error page.
        if not str(error).startswith("fts5:"):
            raise
        logger.warning("FTS5 refused %r: %s", every, error)
        return []


def _postgres_search(terms: list[str], offset: int, limit: int) -> list[tuple]:
    every, some = tsquery(terms), tsquery(terms, any_word=True)
    return _run(_POSTGRES_SEARCH, [every, some, _phrase(terms), limit, offset])


def _run(sql: str, params: list) -> list[tuple]:
    """(card, has every word, how many found) for each row, the card's article with it."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = []
    n = len(CARD_FIELDS)
    for row in rows:
        card = Card.from_db(connection.alias, [f.attname for f in CARD_FIELDS], row[:n])
        card.article = Article.from_db(
            connection.alias, [f.attname for f in ARTICLE_FIELDS], row[n : n + len(ARTICLE_FIELDS)]
        )
        found.append((card, bool(row[-2]), row[-1]))
    return found


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
