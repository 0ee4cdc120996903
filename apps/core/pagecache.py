"""Whole pages, rendered once and kept: `@cached_page` on a view that returns a
`TemplateResponse`. A hit runs no query and no template; Django's `cache_page` can't
do that here, since every visitor has their own CSRF token.

The contract (each rule, then the tests in tests/ that prove it):

1. A hit is the page a fresh render would give this visitor: no query, no render,
   their own working CSRF token (in place of a per-process placeholder, framing.py).
   test_pagecache.py::test_a_page_seen_before_costs_no_query
   test_pagecache.py::test_a_shared_page_carries_each_readers_own_working_csrf_token
2. A cached template reads only its view's context, the URL (`here`, `here_query`, the
   page in each language: `languages`, `language`, `chooser_next`), the CSRF token
   and the reader state registered hooks give (`register_reader_state`):
   never cookies, the session, `user`, messages, the time or a nonce.
   test_pagecache_guard.py::test_a_cached_page_serves_each_reader_exactly_their_own_fresh_render
3. A page is kept under its URL on the site's origin (`SITE_ORIGIN` where set, else
   the request's scheme and Host), the active language, htmx or not and the page htmx
   asks for, the reader state it shows, and for a `personal` page the reader's version.
   test_pagecache.py::test_the_htmx_partial_and_the_whole_page_are_kept_apart
   test_pagecache.py::test_servers_behind_one_origin_share_kept_pages
   test_translations.py::test_a_page_in_one_language_is_never_served_in_another
4. Content retires every page at once: any write to a model registered as content,
   row by row (signals) or in bulk (`ContentQuerySet`: `update`, `delete`,
   `bulk_create`, `bulk_update`), and a `migrate` that applied a migration. Nothing
   else does: a restart with unchanged seeds keeps every page warm.
   test_pagecache.py::test_an_edited_card_shows_at_once
   test_pagecache.py::test_a_bulk_write_to_content_retires_every_page
   test_pagecache.py::test_loading_unchanged_seeds_keeps_every_page
5. A deploy retires every page: the deploy version hashes the Python code, the
   templates, the static files manifest, the registered data files and the database's
   name, once per process.
   test_pagecache_guard.py::test_a_changed_template_shows_at_once_in_a_new_process
   test_pagecache.py::test_changed_code_or_another_database_is_another_deploy
6. Never kept: a page with a toast waiting, a response that isn't a 200
   `TemplateResponse`, a request `when=` declines (a search keystroke), a page the
   framing can't hold (a NUL byte), anything while the versions can't be read: then
   the page is served as if there were no cache.
   test_pagecache.py::test_a_toast_is_shown_once_and_never_kept_for_later
   test_pagecache_robust.py::test_a_page_with_a_nul_byte_is_served_but_never_kept
   test_cache_faults.py (a cache that fails is a miss, never an error)

test_pagecache.py::test_every_test_the_contract_names_exists keeps these names true.

A hit costs two cache round trips (the versions; then the page with the reader's kept
state) and no compression: the kept stream goes out with the token framed in
(framing.py: its own module, behind `keep` and `gzip`). A miss renders the page
around cards kept rendered per content version (fragments.py). Old entries are never
deleted: every key holds the versions, so a change is seen at once by every worker
and the old entries age out.
"""

import hashlib
import secrets
from collections.abc import Callable, Iterable
from contextlib import suppress
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache as once
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.middleware.gzip import re_accepts_gzip
from django.template.autoreload import get_template_directories
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from . import caching, framing, readers

VERSION_KEY = "content-version"
# Long enough for a quiet site to keep its pages warm; a change never waits for it.
TIMEOUT = 24 * 60 * 60
# Stands for the CSRF token while a page to keep is rendered: random per process, so
# no text a visitor types can produce it.
HOLE = f"csrf-hole-{secrets.token_hex(16)}"

_reader_hooks: list[Callable[..., dict]] = []
_reader_names: list[str] = []  # the context names the hooks give
_content_models: set[type] = set()
_deploy_files: set[Path] = set()
# The content version a cached page's view runs under (read once, with its key).
_serving: ContextVar[str | None] = ContextVar("pagecache_serving", default=None)


@dataclass(frozen=True)
class Kept:
    """A kept page: the cards it shows, the digest of the reader state it was rendered
    for, its headers, and its bytes framed around the CSRF tokens (framing.py)."""

    shows: frozenset[int]
    state: str
    headers: dict
    framed: framing.Framed


def cached_page(
    view=None,
    *,
    shows: Callable[[dict], Iterable] | None = None,
    personal: bool = False,
    when: Callable[..., bool] | None = None,
):
    """Keep the view's rendered page. `shows(context)` gives the cards it shows (the
    reader state hooks are asked about them); a `personal` page is kept per reader and
    version; `when(request)` says whether this request's page is worth keeping."""

    def decorator(view):
        @wraps(view)
        def cached_view(request, *args, **kwargs):
            found = None
            if not len(get_messages(request)) and (when is None or when(request)):
                found = _key(request, personal)
            if found is None:  # not to be kept, or the versions can't be read
                return _fresh(request, view(request, *args, **kwargs), shows)
            key, content = found
            serving = _serving.set(content)
            try:
                return _hit_or_render(request, view, args, kwargs, key, shows)
            finally:
                _serving.reset(serving)

        cached_view.cached_page = True  # found by the guard test, through any decorator
        return cached_view

    return decorator(view) if view is not None else decorator


def _hit_or_render(request, view, args, kwargs, key: str, shows) -> HttpResponse:
    found = caching.read(request, caching.PAGES, [key, *_kept_keys(request)]) or {}
    main = found.get(key)
    if isinstance(main, Kept):
        state = _digest_of(reader_state(request, main.shows))
        if state == main.state:
            return _serve(request, main, "hit")
        other = (caching.get_many(caching.PAGES, [f"{key}:{state}"]) or {}).get(f"{key}:{state}")
        if isinstance(other, Kept):
            return _serve(request, other, "hit")
    response = view(request, *args, **kwargs)
    if not isinstance(response, TemplateResponse) or response.status_code != 200:
        return response
    shown = _shown(response, shows)
    state = reader_state(request, shown)
    response.context_data = {**response.context_data, **state, "csrf_token": HOLE}
    response.render()
    framed = framing.keep(response.content, HOLE.encode())
    if framed is None:  # a page the framing can't hold: served, never kept
        response.content = response.content.replace(HOLE.encode(), get_token(request).encode())
        return response
    kept = Kept(shown, _digest_of(state), dict(response.headers), framed)
    # The first copy made is the page's; a reader whose state differs gets their own.
    where = f"{key}:{kept.state}" if isinstance(main, Kept) else key
    caching.set_many(caching.PAGES, {where: kept}, TIMEOUT)
    return _serve(request, kept, "miss")


def _fresh(request, response, shows) -> HttpResponse:
    """This request's own page (a toast waits in it, or the cache is out): rendered
    for it alone, not kept."""
    if isinstance(response, TemplateResponse):
        state = reader_state(request, _shown(response, shows))
        response.context_data = {**response.context_data, **state}
    return response


def _serve(request, kept: Kept, how: str) -> HttpResponse:
    token = get_token(request).encode()
    gzip = re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    if gzip and len(token) == framing.TOKEN_LENGTH:
        response = HttpResponse(framing.gzip(kept.framed, token), headers=kept.headers)
        response.headers["Content-Encoding"] = "gzip"
        patch_vary_headers(response, ("Accept-Encoding",))
    else:  # GZipMiddleware compresses it, if the browser takes gzip
        response = HttpResponse(framing.plain(kept.framed, token), headers=kept.headers)
    if settings.PAGE_CACHE_HEADER:
        response.headers["X-Page-Cache"] = how
    return response


# The reader's state on a page


def register_reader_state(hook: Callable[..., dict], names: Iterable[str]) -> None:
    """`hook(request, shown)` returns what a cached page shows of the reader for the
    cards (pks) it shows, under `names`: plain values, sets of card pks or dicts keyed
    by card pk (kept pieces cut them down card by card, fragments.py). It is part of
    the key; a hit should cost it no query (`readers.kept`)."""
    if hook not in _reader_hooks:
        _reader_hooks.append(hook)
        _reader_names.extend(name for name in names if name not in _reader_names)


def reader_state_names() -> tuple[str, ...]:
    return tuple(_reader_names)


def reader_state(request, shown: frozenset[int]) -> dict:
    state: dict = {}
    for hook in _reader_hooks:
        state.update(hook(request, shown))
    return state


def _shown(response: TemplateResponse, shows) -> frozenset[int]:
    return frozenset(card.pk for card in shows(response.context_data)) if shows else frozenset()


def _digest_of(state: dict) -> str:
    return _digest(f"{name}={_plain(value)}" for name, value in sorted(state.items()))


def _plain(value) -> str:
    if isinstance(value, set | frozenset):
        return ",".join(map(str, sorted(value)))
    if isinstance(value, dict):
        return ",".join(f"{key}:{value[key]}" for key in sorted(value))
    return str(value)


# Content: what retires every page


class ContentQuerySet(models.QuerySet):
    """The queryset of a model registered as content: its bulk writes, which send no
    signals, retire the pages too."""

    def update(self, **kwargs):
        content_changed()
        return super().update(**kwargs)

    def delete(self):
        content_changed()
        return super().delete()

    def bulk_create(self, *args, **kwargs):
        content_changed()
        return super().bulk_create(*args, **kwargs)

    def bulk_update(self, *args, **kwargs):
        content_changed()
        return super().bulk_update(*args, **kwargs)


def register_content(*models_) -> None:
    """Any write to these models retires every cached page. Each one's managers must
    give a `ContentQuerySet`, so a bulk write can't be forgotten."""
    for model in models_:
        queryset = model._default_manager.get_queryset()
        if not isinstance(queryset, ContentQuerySet):
            raise TypeError(f"{model.__name__}'s manager must give a pagecache.ContentQuerySet")
        _content_models.add(model)
        name = model._meta.label
        post_save.connect(_changed, sender=model, dispatch_uid=f"pagecache-save-{name}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"pagecache-delete-{name}")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_changed, sender=through, dispatch_uid=f"pagecache-m2m-{through}")


def is_content(model: type) -> bool:
    return model in _content_models or any(issubclass(model, c) for c in _content_models)


def content_version() -> str | None:
    """None when the versions cache can't be reached. Inside a cached page's view, the
    version its key was made with."""
    return _serving.get() or caching.get_or_set(caching.VERSIONS, VERSION_KEY, _new_version, None)


def content_changed() -> None:
    """Retire every cached page: now, for this process's own next read, and again
    when the transaction commits, so no worker keeps a page it read before then."""
    _bump()
    transaction.on_commit(_bump)


class PerVersion:
    """Values kept in this process for the current content version, up to `limit`, the
    oldest forgotten first; a new version starts with none. The version and its values
    are replaced in one step, so a thread never finds one version's values under
    another's. `per_content_version` and kept pieces (fragments.py) keep theirs here."""

    def __init__(self, limit: int):
        self.limit = limit  # read at each `keep`: a test may lower it
        self._now: tuple[str | None, dict] = (None, {})

    def values(self, version: str) -> dict:
        kept_version, values = self._now
        if kept_version != version:
            values = {}
            self._now = (version, values)
        return values

    def keep(self, values: dict, key, value):
        if len(values) >= self.limit:
            # Another thread of this worker may change them first: trimmed next time.
            with suppress(RuntimeError, StopIteration, KeyError):
                del values[next(iter(values))]
        values[key] = value
        return value


def per_content_version(make: Callable | None = None, *, limit: int = 1) -> Callable:
    """`make(*args)`, computed once per process for each content version, language and
    set of arguments (up to `limit` of them, the oldest forgotten first): for what many
    pages derive from the content alone (the topics, a page of the feed), whose words
    are in the active language. With the cache away, `make(*args)` every time. The
    values are shared: nothing may change them."""

    def decorator(make):
        kept = PerVersion(limit)

        @wraps(make)
        def current(*args):
            version = content_version()
            if version is None:
                return make(*args)
            values = kept.values(version)
            key = (get_language(), *args)
            if key in values:
                return values[key]
            return kept.keep(values, key, make(*args))

        current.kept = kept
        return current

    return decorator(make) if make is not None else decorator


def _changed(sender, **kwargs) -> None:
    content_changed()


def _new_version() -> str:
    return secrets.token_hex(8)


def _bump() -> None:
    caching.replace_versions({VERSION_KEY: _new_version()}, None)


# Deploys


@once
def deploy_version() -> str:
    """A hash of what a page is made with besides content: the Python code under
    BASE_DIR's apps and site, every template, the registered data files, the static
    files manifest and the database's name. Once per process (a deploy starts new ones)."""
    digest = hashlib.blake2b(digest_size=12)
    base = Path(settings.BASE_DIR)
    code = [base / "apps", base / "site"]
    folders = [(folder, "*.py") for folder in code]
    folders += [(Path(folder), "*") for folder in sorted(get_template_directories())]
    for folder, pattern in folders:
        for path in sorted(p for p in folder.rglob(pattern) if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    for path in sorted(_deploy_files):
        digest.update(str(path).encode() + b"\0" + path.read_bytes())
    digest.update(getattr(staticfiles_storage, "manifest_hash", "").encode())
    database = settings.DATABASES["default"]
    digest.update(f"{database['ENGINE']} {database.get('HOST')} {database['NAME']}".encode())
    return digest.hexdigest()


def register_deploy_file(path: Path) -> None:
    """A data file read once per process, as templates are, that cached pages show."""
    _deploy_files.add(Path(path))


# The key


def site_origin(request) -> str:
    """`SITE_ORIGIN` where the site has one (several servers behind one address);
    otherwise the origin this request was made to."""
    return settings.SITE_ORIGIN or f"{request.scheme}://{request.get_host()}"


def _key(request, personal: bool) -> tuple[str, str] | None:
    """The page as this request asks for it, and the content version it was read
    under; None when the versions can't be read. One round trip for the versions."""
    found = caching.read(request, caching.VERSIONS, [VERSION_KEY, *readers.version_keys(request)])
    if found is None:
        return None
    content = found.get(VERSION_KEY)
    if not isinstance(content, str):
        content = content_version()
        if content is None:
            return None
        caching.remember(request, caching.VERSIONS, {VERSION_KEY: content})
    htmx = (request.htmx.current_url_abs_path or "") if request.htmx else ""
    url = site_origin(request) + request.get_full_path()
    # The language too: a page in Spanish and the same address in English are two pages.
    parts = [content, deploy_version(), get_language(), url, str(bool(request.htmx)), htmx]
    if personal:
        reader = readers.version_of(request) if readers.has_reader(request) else ""
        if reader is None:
            return None
        parts.append(reader)
    return f"page:{_digest(parts)}", content


def _kept_keys(request) -> list[str]:
    """The reader's kept state, read with the page (its version was read with the key)."""
    version = readers.version_of(request)
    return [readers.kept_key(version)] if version else []


def _digest(parts: Iterable[str]) -> str:
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
