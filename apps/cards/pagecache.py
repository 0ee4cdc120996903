"""Pages of cards, rendered once per content version and kept in the cache.

A page of cards is the same for every reader but for three things:

- the CSRF token in its forms, rendered as a placeholder and put in as the page
  leaves (`HOLE`);
- the state of each card's save button: the reader's saved cards among those on
  the page are part of the key, so most readers share one copy and a reader with
  some of them saved gets a copy of their own;
- a toast waiting to be shown after a plain form post: that response is for this
  request alone, so it is rendered afresh and not kept.

Every key carries the *content version*: a random string in the cache, replaced
whenever a card, article or topic changes (`content_changed`, called by the
signals in `signals.py` and by `loadseeds`). A change makes every page a miss at
once in every worker, with nothing to find and delete; old entries age out. The
cache is shared by the workers (see CACHES in settings), so a page rendered by
one is served by all.

A hit costs no query: a reader's saved cards are kept too, keyed on their own
version, which changes after each of their form posts (`readers.changed`).
"""

import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string

from apps.bookmarks import readers
from apps.bookmarks.queries import saved_card_ids

from .models import Card

VERSION_KEY = "content-version"
# Long enough for a quiet site to keep its pages warm; a change never waits for it.
TIMEOUT = 24 * 60 * 60
# Not a token Django would ever make (they are letters and digits only).
HOLE = "{csrf-token-hole}"


@dataclass
class Rendering:
    """What a view would render: its template, context and the cards it shows with
    a save button (whose state depends on the reader)."""

    template: str
    context: dict
    cards: Iterable[Card] = ()


def content_version() -> str:
    return cache.get_or_set(VERSION_KEY, _new_version, timeout=None)


def content_changed() -> None:
    """Retire every cached page: now, for this process's own next read, and again
    when the transaction commits, so no worker keeps a page it read before then."""
    _bump()
    transaction.on_commit(_bump)


def render(request, build: Callable[[], Rendering], *, personal: bool = False) -> HttpResponse:
    """The page `build` describes, from the cache when it can be; `build` runs (and
    queries) only on a miss. A `personal` page (a reader's own lists) is kept per
    reader, keyed on their version (`readers.version`) instead of their saved cards."""
    if len(get_messages(request)):
        return HttpResponse(_render(request, build()))

    key = _key(request, personal)
    rendering = None
    if personal:
        html_key = key
    else:
        card_ids = cache.get(f"{key}:cards")
        if card_ids is None:
            rendering = build()
            card_ids = [card.pk for card in rendering.cards]
            cache.set(f"{key}:cards", card_ids, TIMEOUT)
        saved = _saved(request) & frozenset(card_ids)
        html_key = f"{key}:saved:{','.join(map(str, sorted(saved)))}"

    html = cache.get(html_key)
    if html is None:
        html = _render(request, rendering or build(), csrf_token=HOLE)
        cache.set(html_key, html, TIMEOUT)
    return HttpResponse(html.replace(HOLE, get_token(request)))


def _render(request, rendering: Rendering, **extra) -> str:
    shown = frozenset(card.pk for card in rendering.cards)
    saved = _saved(request) & shown if shown else frozenset()
    context = {**rendering.context, "saved_card_ids": saved, **extra}
    return render_to_string(rendering.template, context, request)


def _has_reader(request) -> bool:
    """Whether the request comes from a reader who may have saved something: a
    visitor who has never had a cookie has not, and costs no lookup."""
    return getattr(request, "reader_token", None) is not None and bool(
        request.COOKIES.get(readers.COOKIE)
    )


def _saved(request) -> frozenset[int]:
    """Every card in the reader's "Saved" list, kept with their version."""
    if not _has_reader(request):
        return frozenset()
    token = request.reader_token
    key = f"saved:{readers.version(token)}"
    return cache.get_or_set(key, lambda: saved_card_ids(token), readers.VERSION_TIMEOUT)


def _key(request, personal: bool) -> str:
    """The page as this request asks for it: its whole URL (canonical links name the
    host), and for htmx the page it is for (forms in a partial send the reader back
    there); for a personal page, whose it is and how it stands."""
    htmx = (request.htmx.current_url_abs_path or "") if request.htmx else ""
    parts = [content_version(), request.build_absolute_uri(), str(bool(request.htmx)), htmx]
    if personal:
        parts.append(readers.version(request.reader_token) if _has_reader(request) else "")
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
    return f"page:{digest}"


def _new_version() -> str:
    return secrets.token_hex(8)


def _bump() -> None:
    cache.set(VERSION_KEY, _new_version(), timeout=None)
