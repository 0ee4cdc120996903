"""Pieces of a page kept per process: `{% include_kept "cards/card_item.html" card=card %}`.

A page of cards renders the same card again and again: on the feed and on each of its
topics, in its article, for htmx and for a whole page, for every reader state a page is
kept for. Included, a card with its save button costs about 0.2 ms to render, most of
a cache miss; kept, a dictionary lookup and three string replacements. Measured side
by side (bench/RESULTS.md, 2026-12-05): a feed miss 5.2 ms CPU without, 2.6 ms with;
the every-miss feed's throughput falls by a third without.

The contract. A kept piece is rendered from exactly these, and kept under them:

- its values, the tag's keyword arguments: plain values (str, int, bool, None),
  instances of models registered as content (`pagecache.register_content`), kept under
  their pk, since the content version covers what they show and every link they hold,
  or tuples of those (the topic chips);
- the reader's state for the piece's `card` only: each value the reader-state hooks
  give a cached page (`pagecache.register_reader_state`), cut down to that card. So a
  piece is kept per card and state (saved or not, in how many lists), never per reader;
- the request's own values, `PER_REQUEST`: the piece holds a placeholder for each, and
  the request's value goes in as `{{ name }}` prints it. A piece's template prints
  them only that way, with no filter (`here_query` is `here` made ready for a query
  string for that reason).

Nothing else of the page's context reaches it: a piece that read `request`, `user` or
messages would find nothing there. Its links are Django's own `{% url %}`: a piece is
kept under the active language and the script prefix, so a prefixed URL is never
shown under another. Pieces are kept per content version (any content
change renders them again) and process, up to `LIMIT`, oldest first out
(`pagecache.PerVersion`); never in debug, where a template can change under a running
process. With the versions cache out of
reach, a piece is rendered every time, from the same values.

tests/test_fragments.py proves it: pages the same byte for byte whether their pieces
were kept or not, for readers with different saves; a card edit shows at once.
"""

import secrets
from dataclasses import dataclass

from django.db.models import Model
from django.template import Context
from django.urls import get_script_prefix
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from . import pagecache

# The request's values a piece may print; each a placeholder while it is rendered.
PER_REQUEST = ("here", "here_query", "csrf_token")
# About 3 KB a piece: some 12 MB a process at most, every card of a large site twice.
LIMIT = 4_000

_PLACEHOLDERS = {name: f"kept-{secrets.token_hex(12)}" for name in PER_REQUEST}
_kept = pagecache.PerVersion(LIMIT)
_PAGE = object()  # where a page's render keeps what `_for_this_page` found


def include_kept(context: Context, template_name: str, **values) -> str:
    """`template_name` rendered from `values`, the reader's state for `values["card"]`
    and the request's `PER_REQUEST` values, as kept by this process when it can be."""
    page = _for_this_page(context)
    state, state_key = _state_for(page.reader, values.get("card"))
    key = (
        page.engine,  # settings may change in tests: another engine, other files
        get_language(),  # its words and links are in the active language
        get_script_prefix(),
        template_name,
        page.autoescape,
        *[_plain(name, value) for name, value in values.items()],
        *state_key,
        *page.given,
    )
    piece = page.pieces.get(key) if page.pieces is not None else None
    if piece is None:
        placeholders = {name: mark_safe(_PLACEHOLDERS[name]) for name in page.given}
        piece = page.engine.get_template(template_name).render(
            Context(
                {**values, **state, **placeholders},
                autoescape=context.autoescape,
                use_l10n=context.use_l10n,
                use_tz=context.use_tz,
            )
        )
        if page.pieces is not None:
            _kept.keep(page.pieces, key, piece)
    for name, shown in page.given.items():
        piece = piece.replace(_PLACEHOLDERS[name], shown)
    return mark_safe(piece)


@dataclass(frozen=True)
class _Page:
    """What every piece of one page shares, looked up once per page: the kept pieces
    (None when they can't be kept), the request's values as the page prints them (a
    page without a CSRF token has no form field for it), the reader's state."""

    engine: object
    autoescape: bool
    pieces: dict | None
    given: dict[str, str]
    reader: dict[str, object]


def _for_this_page(context: Context) -> _Page:
    page = context.render_context.get(_PAGE)
    if page is None:
        given = {}
        for name in PER_REQUEST:
            value = context.get(name)
            if _given(value):
                given[name] = conditional_escape(value) if context.autoescape else str(value)
        engine = context.template.engine
        page = context.render_context[_PAGE] = _Page(
            engine=engine,
            autoescape=context.autoescape,
            pieces=None if engine.debug else _pieces(pagecache.content_version()),
            given=given,
            reader={name: context.get(name) for name in pagecache.reader_state_names()},
        )
    return page


def _given(value) -> bool:
    return bool(value) and value != "NOTPROVIDED"  # Django's csrf_token for "none here"


def _pieces(version: str | None) -> dict | None:
    return None if version is None else _kept.values(version)


def _state_for(reader: dict, card) -> tuple[dict, tuple]:
    """Each reader-state value of the page cut down to `card`, and that as part of a
    key: a set of card pks to whether it holds the card, a mapping by card pk to the
    card's entry; a plain value (signed in or not) as it is. Without a card, nothing
    of the reader."""
    if card is None:
        return {}, ()
    pk = card.pk
    state, key = {}, []
    for name, value in reader.items():
        if value is None or isinstance(value, str | int | bool):
            state[name] = value
            key.append(value)
        elif hasattr(value, "keys"):
            held = pk in value
            state[name] = {pk: value[pk]} if held else {}
            key.append((value[pk],) if held else ())
        else:
            held = pk in value
            state[name] = frozenset([pk]) if held else frozenset()
            key.append(held)
    return state, tuple(key)


def _plain(name: str, value) -> tuple:
    if isinstance(value, Model):
        kind = type(value)
        if not pagecache.is_content(kind):
            raise TypeError(f"{name}: {kind.__name__} is not content; a piece can't keep it")
        return name, value._meta.label, value.pk
    if value is None or isinstance(value, str | int | bool):
        return name, type(value).__name__, value
    if isinstance(value, tuple):
        return name, "tuple", tuple(_plain(name, each) for each in value)
    raise TypeError(f"{name}: a piece is kept under plain values, not {type(value).__name__}")
