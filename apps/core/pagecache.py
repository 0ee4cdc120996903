"""Whole pages, rendered once and kept in the cache: `@cached_page`.

A view returns a `TemplateResponse` as every view does; the decorator keeps its
rendered content and serves it to the next request for the same page, with no
query and no rendering. Django's `cache_page` can't: every visitor has their own
CSRF token. Here the token is a per-process random placeholder in the kept copy
(stored with it, so no text a visitor types can produce it), put in as the page
leaves.

Keep only what repeats: a view passes `when=` to keep some requests only (search
keeps a page load, not each keystroke's results; figures in bench/RESULTS.md).

What a cached template may read: its view's context; the URL (`here`, absolute
links: the whole URL and, for htmx, the page it is for are in the key); the CSRF
token; and the reader's state that a registered hook passes in (`reader_state`:
bookmarks gives `saved_card_ids`, the saved cards among those the page shows).
What it may not: anything else of the visitor's: cookies, the session, `user`,
messages (a page with a toast waiting is rendered afresh and never kept), the
time of the request, a CSP nonce. tests/test_pagecache_guard.py renders every
cached page for two different readers and fails when one would get the other's.

Every key carries three versions, so a change shows at once in every worker with
nothing to find and delete (old entries age out):

- the *content version*, replaced when any model registered as content changes
  (`register_content`; cards registers cards, articles and topics), after bulk
  writes (`content_changed()`, as `loadseeds` does) and after every `migrate`;
- the *deploy version*, a hash of every template file, the static files
  manifest and the data files read once per process (`register_deploy_file`:
  the help lines), computed once per process: a new process with a changed
  template never serves a page made with the old one;
- for a personal page (`personal=True`: a reader's own lists), the reader's
  version (`readers.version`), which changes with each write to their data.

The one seam with a feature app: card templates include
"bookmarks/save_button.html", which reads `saved_card_ids`. Core imports nothing
of bookmarks; bookmarks registers its hook in `BookmarksConfig.ready`.
"""

import hashlib
import secrets
from collections.abc import Callable, Iterable
from functools import cache as once
from functools import wraps
from pathlib import Path

from django.contrib.messages import get_messages
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.autoreload import get_template_directories
from django.template.response import TemplateResponse

from . import readers

VERSION_KEY = "content-version"
# Long enough for a quiet site to keep its pages warm; a change never waits for it.
TIMEOUT = 24 * 60 * 60
# Stands for the CSRF token in a kept copy; random per process, so a visitor can't
# type it into a page. Each copy keeps the placeholder it was made with.
HOLE = f"csrf-hole-{secrets.token_hex(16)}"

# What a page shows of the reader: hooks that take the request and the pks of the
# cards the page shows, and return context for the template (see `reader_state`).
_reader_hooks: list[Callable[..., dict]] = []
# Data files, besides templates, that the deploy version covers (`register_deploy_file`).
_deploy_files: set[Path] = set()


def cached_page(
    view=None,
    *,
    shows: Callable[[dict], Iterable] | None = None,
    personal: bool = False,
    when: Callable[..., bool] | None = None,
):
    """Keep the view's rendered `TemplateResponse`. `shows(context)` gives the cards
    the page shows with a save button (their state is the reader's, see
    `reader_state`); a `personal` page is kept per reader and their version;
    `when(request)` says whether this request's page is worth keeping at all."""

    def decorator(view):
        @wraps(view)
        def cached_view(request, *args, **kwargs):
            if len(get_messages(request)) or (when and not when(request)):
                return _fresh(request, view(request, *args, **kwargs), shows)
            key = _key(request, personal)
            shown = cache.get(f"{key}:shows")
            if shown is not None:
                kept = cache.get(_html_key(key, reader_state(request, shown)))
                if kept is not None:
                    return _serve(request, *kept)
            response = view(request, *args, **kwargs)
            if not isinstance(response, TemplateResponse) or response.status_code != 200:
                return response
            shown = _shown(response, shows)
            state = reader_state(request, shown)
            response.context_data = {**response.context_data, **state, "csrf_token": HOLE}
            response.render()
            kept = (HOLE, dict(response.headers), response.content.decode())
            cache.set_many({f"{key}:shows": shown, _html_key(key, state): kept}, TIMEOUT)
            return _serve(request, *kept)

        cached_view.cached_page = True  # found by the guard test, through any decorator
        return cached_view

    return decorator(view) if view is not None else decorator


def register_reader_state(hook: Callable[..., dict]) -> None:
    """`hook(request, shown)` returns what a cached page shows of the reader, for the
    cards (pks) it shows. Its values are part of the key, so they must be plain
    hashable values (frozensets, strings), and a hit should cost no query."""
    if hook not in _reader_hooks:
        _reader_hooks.append(hook)


def reader_state(request, shown: frozenset[int]) -> dict:
    state: dict = {}
    for hook in _reader_hooks:
        state.update(hook(request, shown))
    return state


def register_content(*models) -> None:
    """Any save or delete of these models (and changes to their many-to-many
    fields) retires every cached page. Bulk writes send no signals: call
    `content_changed()` after them."""
    for model in models:
        name = model._meta.label
        post_save.connect(_changed, sender=model, dispatch_uid=f"pagecache-save-{name}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"pagecache-delete-{name}")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_changed, sender=through, dispatch_uid=f"pagecache-m2m-{through}")


def content_version() -> str:
    return cache.get_or_set(VERSION_KEY, _new_version, timeout=None)


def content_changed() -> None:
    """Retire every cached page: now, for this process's own next read, and again
    when the transaction commits, so no worker keeps a page it read before then."""
    _bump()
    transaction.on_commit(_bump)


@once
def deploy_version() -> str:
    """A hash of every template file, of the data files registered with
    `register_deploy_file` and of the static files manifest, once per process (a
    deploy starts new processes; the cached template loader would not see a change
    in a running one anyway)."""
    digest = hashlib.blake2b(digest_size=12)
    for folder in sorted(get_template_directories()):
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    for path in sorted(_deploy_files):
        digest.update(str(path).encode() + b"\0" + path.read_bytes())
    digest.update(getattr(staticfiles_storage, "manifest_hash", "").encode())
    return digest.hexdigest()


def register_deploy_file(path: Path) -> None:
    """A data file read once per process (as templates are) that cached pages show:
    a changed file, like a changed template, retires them in the next process."""
    _deploy_files.add(Path(path))


def _fresh(request, response, shows) -> HttpResponse:
    """This request's own page (a toast waits in it): rendered for it alone, not kept."""
    if isinstance(response, TemplateResponse):
        state = reader_state(request, _shown(response, shows))
        response.context_data = {**response.context_data, **state}
    return response


def _shown(response: TemplateResponse, shows) -> frozenset[int]:
    return frozenset(card.pk for card in shows(response.context_data)) if shows else frozenset()


def _serve(request, hole: str, headers: dict, html: str) -> HttpResponse:
    return HttpResponse(html.replace(hole, get_token(request)), headers=headers)


def _key(request, personal: bool) -> str:
    """The page as this request asks for it: its whole URL (canonical links name the
    host), and for htmx the page it is for (forms in a partial send the reader back
    there); for a personal page, whose it is and how it stands."""
    htmx = (request.htmx.current_url_abs_path or "") if request.htmx else ""
    parts = [
        content_version(),
        deploy_version(),
        request.build_absolute_uri(),
        str(bool(request.htmx)),
        htmx,
    ]
    if personal:
        parts.append(readers.version(request.reader_token) if readers.has_reader(request) else "")
    return f"page:{_digest(parts)}"


def _html_key(key: str, state: dict) -> str:
    return f"{key}:{_digest(f'{name}={_plain(value)}' for name, value in sorted(state.items()))}"


def _plain(value) -> str:
    if isinstance(value, set | frozenset):
        return ",".join(map(str, sorted(value)))
    return str(value)


def _digest(parts: Iterable[str]) -> str:
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def _changed(sender, **kwargs) -> None:
    content_changed()


def _new_version() -> str:
    return secrets.token_hex(8)


def _bump() -> None:
    cache.set(VERSION_KEY, _new_version(), timeout=None)
