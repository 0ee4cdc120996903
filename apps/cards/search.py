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

from . import stems
from .models import Article, Card, Perspective, shown_language

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


SEEDS = Path(settings.BASE_DIR) / "seeds"
SYNONYMS_FILE = SEEDS / "synonyms.yaml"
MAX_SYNONYMS = 3


def synonyms_file(language: str = "en") -> Path:
    """seeds/synonyms.yaml for English, seeds/<language>/synonyms.yaml for the others."""
    return SYNONYMS_FILE if language == "en" else SEEDS / language / "synonyms.yaml"


@cache
def synonyms(language: str = "en") -> dict[str, tuple[str, ...]]:
    """The language's synonyms file, read once: each word (case-folded) and the words
    it also finds. A language with no file has none."""
    path = synonyms_file(language)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    return {
        _fold(str(word)): tuple(_fold(str(other)) for other in others)[:MAX_SYNONYMS]
        for word, others in (data or {}).items()
        if all(_WORD.fullmatch(str(w)) for w in [word, *others])
    }


def alternatives(term: str, language: str = "en") -> list[str]:
    return [term, *synonyms(language).get(_fold(term), ())]


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
    rows = search(terms, (number - 1) * size, size + 1, search_language())
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
# Each language's words: English in the card's own columns, the others in `texts`.
CONFIGS = {"en": "english", "es": "spanish", "de": "german"}


def _sqlite_statement(language: str) -> str:
    """English: FTS5's porter table over the card's columns (migration 0006); another
    language: its table of Snowball stems (migration 0011, apps/cards/stems.py)."""
    table = "cards_card_fts" if language == "en" else f"cards_card_fts_{language}"
    title = "card.title" if language == "en" else f"json_extract(card.texts, '$.{language}.title')"
    hits = f"""
    SELECT {table}.rowid AS id, bm25({table}, 4.0, 1.0) AS score
    FROM {table}
    JOIN cards_card AS card ON card.id = {table}.rowid
    JOIN cards_article AS article ON article.id = card.article_id
    WHERE {table} MATCH %s AND {_LIVE}
    """
    return f"""
    WITH every_hit AS ({hits} LIMIT {RANKED}),
    some_hit AS ({hits} AND NOT EXISTS (SELECT 1 FROM every_hit) LIMIT {RANKED})
    {_PAGE.format(in_title=f"instr(lower({title}), %s) > 0")}
    """


def _postgres_statement(language: str) -> str:
    """The document is the expression migration 0006 (English) or 0011 indexes; change
    both together. ts_rank divides by the document's length (normalization 2), so a
    short card about the word ranks above a long one that mentions it in passing, as
    bm25 does; lower is better in both engines' order, hence the minus."""
    config = CONFIGS[language]
    if language == "en":
        title, body = 'card."title"', 'card."body_markdown"'
    else:
        title = f"(card.texts -> '{language}' ->> 'title')"
        body = f"(card.texts -> '{language}' ->> 'body_markdown')"
    document = f"""to_tsvector('{config}'::regconfig,
        COALESCE({title}, '') || ' ' || COALESCE({body}, ''))"""
    weighted = f"""setweight(to_tsvector('{config}'::regconfig, COALESCE({title}, '')), 'A')
        || setweight(to_tsvector('{config}'::regconfig, COALESCE({body}, '')), 'D')"""
    hits = f"""
    SELECT card.id, -ts_rank({weighted}, query, 2) AS score
    FROM cards_card AS card
    JOIN cards_article AS article ON article.id = card.article_id,
    to_tsquery('{config}'::regconfig, %s) AS query
    WHERE {document} @@ query AND {_LIVE}
    """
    return f"""
    WITH every_hit AS ({hits} LIMIT {RANKED}),
    some_hit AS ({hits} AND NOT EXISTS (SELECT 1 FROM every_hit) LIMIT {RANKED})
    {_PAGE.format(in_title=f"strpos(lower({title}), %s) > 0")}
    """


_SQLITE = {language: _sqlite_statement(language) for language in CONFIGS}
_POSTGRES = {language: _postgres_statement(language) for language in CONFIGS}
_SQLITE_SEARCH, _POSTGRES_SEARCH = _SQLITE["en"], _POSTGRES["en"]


def search_language() -> str:
    """The language searched: the reader's, where its words are indexed, else English."""
    language = shown_language()
    return language if language in CONFIGS else "en"


# The cards say "they" of the other person, whoever the reader is.
THEIR_PRONOUNS = {"he": "they", "she": "they", "him": "them", "her": "them", "his": "their"}


def _phrase(terms: list[str], language: str = "en") -> str:
    """The words as typed, with the cards' pronouns: a card with them in its title comes
    first ("blocked" finds "They blocked me" before "blocking", which stems to the
    same word; so does "he blocked me")."""
    words = (term.lower() for term in terms)
    if language != "en":
        return " ".join(words)
    return " ".join(THEIR_PRONOUNS.get(word, word) for word in words)


# A last word shorter than this is matched whole: "me" would otherwise find "meeting".
MIN_PREFIX = 3


def _groups(terms: list[str], quote, prefix: str, either: str, language: str) -> list[str]:
    """Each term with its synonyms, quoted; the last term itself as a prefix. In a
    language SQLite stems with Snowball (`stems`), each word is its stem, and every one
    of three letters or more a prefix: "bloquear" (bloqu) finds "bloqueó" (bloque)."""
    stemmed = stems.stemmed(language) and quote is _fts5_quote
    groups = []
    for i, term in enumerate(terms):
        words = alternatives(term, language)
        if stemmed:
            words = [stems.stem(language, word) for word in words]
        words = [quote(word) for word in words]
        if (stemmed or i == len(terms) - 1) and len(term) >= MIN_PREFIX:
            words[0] += prefix
        groups.append(words[0] if len(words) == 1 else f"({either.join(words)})")
    return groups


def _fts5_quote(word: str) -> str:
    return f'"{word}"'


def fts5_query(terms: list[str], any_word: bool = False, language: str = "en") -> str:
    """'"letting" AND "go"*': each word a quoted string, so nothing in it is an operator;
    a word with synonyms, '("miss" OR "longing")'. AND is spelled out: FTS5 allows
    no implicit AND after a parenthesis."""
    groups = _groups(terms, _fts5_quote, "*", " OR ", language)
    return (" OR " if any_word else " AND ").join(groups)


def tsquery(terms: list[str], any_word: bool = False, language: str = "en") -> str:
    """ "'letting' & 'go':*": quoted lexemes, the last a prefix, all required (or any
    one, with `any_word`); a word with synonyms, "('miss' | 'longing')". PostgreSQL
    stems each with the language's own configuration."""
    groups = _groups(terms, lambda word: f"'{word}'", ":*", " | ", language)
    return (" | " if any_word else " & ").join(groups)


def _sqlite_search(terms: list[str], offset: int, limit: int, language: str) -> list[tuple]:
    every = fts5_query(terms, language=language)
    some = fts5_query(terms, any_word=True, language=language)
    try:
        return _run(_SQLITE[language], [every, some, _phrase(terms, language), limit, offset])
    except OperationalError as error:
        # Quoted words cannot make a syntax error; if FTS5 still objects, the
        # reader gets "nothing matches" rather than an error page.
        if not str(error).startswith("fts5:"):
            raise
        logger.warning("FTS5 refused %r: %s", every, error)
        return []


def _postgres_search(terms: list[str], offset: int, limit: int, language: str) -> list[tuple]:
    every = tsquery(terms, language=language)
    some = tsquery(terms, any_word=True, language=language)
    return _run(_POSTGRES[language], [every, some, _phrase(terms, language), limit, offset])


CARD_NAMES = [f.attname for f in CARD_FIELDS]
ARTICLE_NAMES = [f.attname for f in ARTICLE_FIELDS]


def _run(sql: str, params: list) -> list[tuple]:
    """(card, has every word, how many found) for each row, the card's article with it,
    each value converted as the ORM would (dates on SQLite, JSON)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    converters = _converters() if rows else []
    n = len(CARD_FIELDS)
    found = []
    for row in rows:
        values = list(row[: n + len(ARTICLE_FIELDS)])
        for i, column, convert in converters:
            values[i] = convert(values[i], column, connection)
        card = Card.from_db(connection.alias, CARD_NAMES, values[:n])
        card.article = Article.from_db(connection.alias, ARTICLE_NAMES, values[n:])
        found.append((card, bool(row[-2]), row[-1]))
    return found


def _converters() -> list[tuple]:
    """(column index, column, converter) for each value the database hands back raw."""
    found = []
    for i, field in enumerate([*CARD_FIELDS, *ARTICLE_FIELDS]):
        column = field.get_col(field.model._meta.db_table)
        for convert in connection.ops.get_db_converters(column) + field.get_db_converters(
            connection
        ):
            found.append((i, column, convert))
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
    # In a language stemmed with Snowball, words are compared as stems, each a prefix.
    language: str = "en"
    prefixes: frozenset[str] = frozenset()

    @classmethod
    def for_terms(cls, terms: list[str], language: str = "en") -> "Matcher":
        others = {word for term in terms for word in alternatives(term, language)[1:]}
        if stems.stemmed(language):
            words = [*terms, *others]
            found = {_fold(stems.stem(language, w)): len(w) >= MIN_PREFIX for w in words}
            return cls(
                whole=frozenset(stem for stem, long in found.items() if not long),
                prefix="",
                language=language,
                prefixes=frozenset(stem for stem, long in found.items() if long),
            )
        folded = [_fold(term) for term in terms]
        if folded and len(folded[-1]) < MIN_PREFIX:
            return cls(whole=frozenset(folded) | others, prefix="")
        return cls(whole=frozenset(folded[:-1]) | others, prefix=folded[-1] if folded else "")

    def matches(self, word: str) -> bool:
        if self.prefixes or stems.stemmed(self.language):
            stem = _fold(stems.stem(self.language, word))
            return stem in self.whole or any(stem.startswith(p) for p in self.prefixes)
        folded = _fold(word)
        return folded in self.whole or bool(self.prefix) and folded.startswith(self.prefix)


def highlight(text: str, terms: list[str], language: str | None = None) -> SafeString:
    matcher = Matcher.for_terms(terms, language or search_language())
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
    language = search_language()
    matcher = Matcher.for_terms(terms, language)
    first = next(
        (i for i, word in enumerate(words) if any(map(matcher.matches, _WORD.findall(word)))),
        0,
    )
    start = max(0, first - before)
    end = min(len(words), max(first, start) + after)
    shown = " ".join(words[start:end])
    lead = "… " if start > 0 else ""
    tail = " …" if end < len(words) else ""
    return mark_safe(lead + highlight(shown, terms, language) + tail)  # highlight() escaped it
