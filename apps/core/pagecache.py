"""Whole pages, rendered once and kept in the cache: `@cached_page`.

A view returns a `TemplateResponse` as every view does; the decorator keeps its
rendered content and serves it to the next request for the same page, with no
query and no rendering. Django's `cache_page` can't: every visitor has their own
CSRF token. Here the token is a per-process random placeholder while the page is
rendered (so no text a visitor types can produce it); the copy is kept compressed
only, as one deflate stream with a place for the token (`_keep`), and the visitor's
token goes in as the page leaves. A browser that accepts gzip gets the kept stream
with the token in a stored (uncompressed) block, every later token a copy of it, and
the gzip trailer's CRC-32 made from the kept page's and the token's, never from the
page's bytes: no compression on a hit, a hit's work the same for a page of 60 forms as
for one, and the token is never compressed with text a visitor can reflect into the
page (BREACH). A client that takes no gzip (rare: every browser takes it; curl without
--compressed, some bots) gets the kept stream inflated, its tokens put in (`_inflated`).

Keep only what repeats: a view passes `when=` to keep some requests only (search
keeps a page load, not each keystroke's results; figures in bench/RESULTS.md).

What a cached template may read: its view's context; the URL (`here`, `here_query`, absolute
links: the whole URL and, for htmx, the page it is for are in the key); the CSRF
token; and the reader's state that a registered hook passes in (`reader_state`:
bookmarks gives `saved_card_ids`, the saved cards among those the page shows).
What it may not: anything else of the visitor's: cookies, the session, `user`,
messages (a page with a toast waiting is rendered afresh and never kept), the
time of the request, a CSP nonce. tests/test_pagecache_guard.py renders every
cached page for two different readers and fails when one would get the other's.

A hit costs two cache round trips: the versions (one `get_many` in the `versions`
cache, which no culling reaches), then the page and the reader's kept state (one
`get_many` in the page cache); a third only when the reader's state on this page
differs from the kept copy's (another copy is kept for that state). A miss costs
the same two reads and one write: the view runs under the content version its key
was made with, so what it reads `per_content_version` needs no read of its own, and
the cards it shows are kept pieces (core/fragments.py). A cache that fails is a
miss: the page is rendered without it (apps/core/caching.py).

Every key carries three versions, so a change shows at once in every worker with
nothing to find and delete (old entries age out):

- the *content version*, replaced when any model registered as content changes
  (`register_content`; cards registers cards, articles and topics), after bulk
  writes (`content_changed()`, as `loadseeds` does) and after every `migrate`;
- the *deploy version*, a hash of every template file, the static files
  manifest, the data files read once per process (`register_deploy_file`:
  the help lines) and this file (what a `Kept` holds and means), computed once per
  process: a new process with a changed template never serves a page made with
  the old one, nor reads a copy kept in another shape;
- for a personal page (`personal=True`: a reader's own lists), the reader's
  version (`readers.version`), which changes with each write to their data.

The one seam with a feature app: card templates include
"bookmarks/save_button.html", which reads `saved_card_ids`. Core imports nothing
of bookmarks; bookmarks registers its hook in `BookmarksConfig.ready`.
"""

import hashlib
import secrets
import struct
import zlib
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
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.middleware.gzip import re_accepts_gzip
from django.template.autoreload import get_template_directories
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers

from . import caching, readers

VERSION_KEY = "content-version"
# Long enough for a quiet site to keep its pages warm; a change never waits for it.
TIMEOUT = 24 * 60 * 60
# zlib's default level: measured against level 1 on a miss in bench/RESULTS.md.
LEVEL = 6
# A masked CSRF token's length (Django's get_token), and deflate's window.
TOKEN_LENGTH = 64
WINDOW = 32 * 1024
# Stands for the CSRF token while a page to keep is rendered; random per process, so
# a visitor can't type it into a page. Kept copies are cut at it and don't hold it.
HOLE = f"csrf-hole-{secrets.token_hex(16)}"
# What the compressor is given for a token (`_keep`): never sent.
STAND_IN = b"\0" * TOKEN_LENGTH
# CRC-32's polynomial and its 1 (x^0), bit-reflected as zlib holds them (`_trailer`).
_POLY = 0xEDB88320
_ONE = 0x80000000

# What a page shows of the reader: hooks that take the request and the pks of the
# cards the page shows, and return context for the template (see `reader_state`).
_reader_hooks: list[Callable[..., dict]] = []
# The content version a cached page's view is running under (set around the view).
_serving: ContextVar[str | None] = ContextVar("pagecache_serving", default=None)
_reader_names: list[str] = []  # the context names the hooks give
# The models registered as content (`register_content`).
_content_models: set[type] = set()
# Data files, besides templates, that the deploy version covers (`register_deploy_file`);
# this file among them: a kept copy is read only by the code that made it.
_deploy_files: set[Path] = {Path(__file__)}


@dataclass(frozen=True)
class Kept:
    """A kept page: the cards it shows, the reader state it was rendered for (a digest),
    its headers, and its content as one raw deflate stream without the CSRF token,
    `stream`, cut where the token goes as it is (the first one, and any too far from
    the one before to be copied; every other token is in the stream already, as a copy
    of the one before). `lengths` are the page's parts between tokens; `crc` is the
    CRC-32 of the page with NUL bytes for its tokens, and `spread` what a token's CRC
    adds to it from all the token's places (`_trailer`)."""

    shows: frozenset[int]
    state: str
    headers: dict
    stream: tuple[bytes, ...]
    lengths: tuple[int, ...]
    crc: int
    spread: int


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
            found = _key(request, personal)
            if found is None:  # the versions can't be read: nothing kept can be trusted
                return _fresh(request, view(request, *args, **kwargs), shows)
            key, content = found
            serving = _serving.set(content)  # read once: the view's reads use it too
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
        state = _state_digest(reader_state(request, main.shows))
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
    kept = _keep(shown, _state_digest(state), response)
    # The first copy made is the page's; a reader whose state differs gets their own.
    where = f"{key}:{kept.state}" if isinstance(main, Kept) else key
    caching.set_many(caching.PAGES, {where: kept}, TIMEOUT)
    return _serve(request, kept, "miss")


def register_reader_state(hook: Callable[..., dict], names: Iterable[str]) -> None:
    """`hook(request, shown)` returns what a cached page shows of the reader, for the
    cards (pks) it shows, under `names`. Its values are part of the key and are cut
    down card by card (core/fragments.py), so each is a plain value (str, int, bool),
    a frozenset of card pks or a dict keyed by card pk of plain values; a hit should
    cost no query (keep what it needs with `readers.kept`, read in the same round trip
    as the page)."""
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


def register_content(*models) -> None:
    """Any save or delete of these models (and changes to their many-to-many
    fields) retires every cached page. Bulk writes send no signals: call
    `content_changed()` after them."""
    for model in models:
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
    version its key was made with (read once for the whole request)."""
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
    another's. `per_content_version` and kept pieces (core/fragments.py) keep theirs here."""

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
    """`make(*args)`, computed once per process for each content version (and its
    arguments, up to `limit` of them, the oldest forgotten first): for what many pages
    derive from the content (the cards' reading order, a page of the feed) and only a
    content change can alter. Costs no read of the content version inside a cached
    page's view (its key read it); elsewhere, one. With the cache away, `make(*args)`
    every time. The values are shared by every request: nothing may change them."""

    def decorator(make):
        kept = PerVersion(limit)

        @wraps(make)
        def current(*args):
            version = content_version()
            if version is None:
                return make(*args)
            values = kept.values(version)
            if args in values:
                return values[args]
            return kept.keep(values, args, make(*args))

        current.kept = kept
        return current

    return decorator(make) if make is not None else decorator


@once
def deploy_version() -> str:
    """A hash of every template file, of the data files registered with
    `register_deploy_file` (this module's own file among them) and of the static
    files manifest, once per process (a
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
    """This request's own page (a toast waits in it, or the cache is out): rendered
    for it alone, not kept."""
    if isinstance(response, TemplateResponse):
        state = reader_state(request, _shown(response, shows))
        response.context_data = {**response.context_data, **state}
    return response


def _shown(response: TemplateResponse, shows) -> frozenset[int]:
    return frozenset(card.pk for card in shows(response.context_data)) if shows else frozenset()


def _keep(shown: frozenset[int], state: str, response: TemplateResponse) -> Kept:
    """Cut the page at each placeholder and compress it as one deflate stream, ended
    on a sync flush (byte-aligned) at each cut. Where a token goes, the compressor is
    given NUL bytes of a token's length, and what it makes of them is dropped: so its
    history holds a stand-in of the right length (every distance back stays right),
    and as no HTML has a NUL byte, nothing after ever refers into a token. The first
    token goes out as it is; each later one (a page has the same token in every form)
    as a copy of the one before, kept in the stream. So the page is about as small as
    one gzip of it, for the cost of compressing it once."""
    parts = response.content.split(HOLE.encode())
    deflate = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    stream, run = [], [deflate.compress(parts[0])]
    crc, spread = zlib.crc32(parts[0]), 0
    for n, part in enumerate(parts[1:], 1):  # a token goes before each of these
        run.append(deflate.flush(zlib.Z_SYNC_FLUSH))
        deflate.compress(STAND_IN)
        deflate.flush(zlib.Z_SYNC_FLUSH)  # the stand-in's block, never sent
        distance = len(parts[n - 1]) + TOKEN_LENGTH  # back to the token before
        if n > 1 and distance <= WINDOW:
            run.append(_copy_block(TOKEN_LENGTH, distance))
        else:  # the token goes here as it is
            stream.append(b"".join(run))
            run = []
        run.append(deflate.compress(part))
        crc = zlib.crc32(part, zlib.crc32(STAND_IN, crc))
        after = len(part) + (TOKEN_LENGTH if n < len(parts) - 1 else 0)
        spread = _past_zeros(spread ^ _ONE, after)  # to the next token's end, or the page's
    run.append(deflate.flush(zlib.Z_FINISH))
    stream.append(b"".join(run))
    lengths = tuple(map(len, parts))
    return Kept(shown, state, dict(response.headers), tuple(stream), lengths, crc, spread)


def _copy_block(length: int, distance: int) -> bytes:
    """A deflate block in fixed codes (RFC 1951, 3.2.6) that copies `length` bytes
    from `distance` back, followed by an empty stored block so it ends byte-aligned,
    as a sync flush does. For 3 <= length <= 258 and distance <= 32,768."""
    symbol, base, extra = next(c for c in _LENGTH_CODES if c[1] <= length < c[1] + 2 ** c[2])
    dsymbol, dbase, dextra = next(c for c in _DISTANCE_CODES if c[1] <= distance < c[1] + 2 ** c[2])
    bits = [(0, 1), (1, 2)]  # not the last block; fixed codes
    if symbol <= 279:
        bits.append((_reversed(symbol - 256, 7), 7))
    else:
        bits.append((_reversed(0b11000000 + symbol - 280, 8), 8))
    bits += [(length - base, extra), (_reversed(dsymbol, 5), 5), (distance - dbase, dextra)]
    bits += [(0, 7), (0, 1), (0, 2)]  # end of block (256); an empty stored block's header
    value = position = 0
    for field, count in bits:  # deflate packs fields from the least significant bit
        value |= field << position
        position += count
    return value.to_bytes((position + 7) // 8, "little") + b"\x00\x00\xff\xff"


def _reversed(code: int, count: int) -> int:
    """Huffman codes are packed from their most significant bit."""
    return int(f"{code:0{count}b}"[::-1], 2)


def _codes(first_symbol: int, bases: list[int], extras: list[int]) -> list[tuple[int, int, int]]:
    return [
        (first_symbol + n, base, extra)
        for n, (base, extra) in enumerate(zip(bases, extras, strict=True))
    ]


_LENGTH_CODES = _codes(
    257,
    [
        3,
        4,
        5,
        6,
        7,
        8,
        9,
        10,
        11,
        13,
        15,
        17,
        19,
        23,
        27,
        31,
        35,
        43,
        51,
        59,
        67,
        83,
        99,
        115,
        131,
        163,
        195,
        227,
        258,
    ],
    [0] * 8 + [1] * 4 + [2] * 4 + [3] * 4 + [4] * 4 + [5] * 4 + [0],
)
_DISTANCE_CODES = _codes(
    0,
    [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
     1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577],
    [0, 0, 0, 0] + [n for n in range(1, 14) for _ in range(2)],
)  # fmt: skip


def _serve(request, kept: Kept, how: str) -> HttpResponse:
    token = get_token(request).encode()
    gzip = re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    if gzip and len(token) == TOKEN_LENGTH:
        response = HttpResponse(_gzip(kept, token), headers=kept.headers)
        response.headers["Content-Encoding"] = "gzip"
        patch_vary_headers(response, ("Accept-Encoding",))
    else:  # GZipMiddleware compresses it, if the browser takes gzip
        response = HttpResponse(_inflated(kept, token), headers=kept.headers)
    if settings.PAGE_CACHE_HEADER:
        response.headers["X-Page-Cache"] = how
    return response


def _gzip(kept: Kept, token: bytes) -> bytes:
    """One gzip stream: the kept deflate stream with the token in a stored
    (uncompressed) block at each cut (each piece but the last ends byte-aligned on a
    sync flush, so a block may follow). The name field carries random bytes of random
    length, as Django's GZipMiddleware does, so sizes vary from response to response."""
    stored = _stored(token)
    name = secrets.token_hex(1 + secrets.randbelow(50)).encode() + b"\x00"
    body = [b"\x1f\x8b\x08\x08\x00\x00\x00\x00\x00\xff" + name]
    for piece in kept.stream:
        body += [piece, stored]
    body[-1] = _trailer(kept, token)
    return b"".join(body)


def _inflated(kept: Kept, token: bytes) -> bytes:
    """The page as it is, for a client that takes no gzip: the kept stream inflated
    with the stand-in for each token, then cut at the tokens' places and joined with
    the visitor's (of any length)."""
    page = zlib.decompress(_stored(STAND_IN).join(kept.stream), -zlib.MAX_WBITS)
    parts, start = [], 0
    for length in kept.lengths:
        parts.append(page[start : start + length])
        start += length + TOKEN_LENGTH
    return token.join(parts)


def _stored(data: bytes) -> bytes:
    """A stored (uncompressed) deflate block, not the last, holding `data`."""
    return b"\x00" + struct.pack("<HH", len(data), len(data) ^ 0xFFFF) + data


def _trailer(kept: Kept, token: bytes) -> bytes:
    """The gzip trailer: the page's CRC-32 and length, with the token (of
    `TOKEN_LENGTH` bytes, as Django's always are) at every place.

    CRC-32 is affine over GF(2): two messages of one length differ in CRC by the CRC
    (without its start and end values) of their XOR. The page with the token and the
    kept page with NUL bytes for it differ by the token at each place, and a token
    followed by d bytes adds its own CRC times x^(8d), modulo CRC-32's polynomial.
    Summed over the places: the token's CRC times `spread`, which `_keep` made. So a
    hit reads 64 bytes and multiplies once, whatever the page's length or forms."""
    own = zlib.crc32(token) ^ zlib.crc32(STAND_IN)  # the token's CRC, less a stand-in's
    crc = kept.crc ^ _times(kept.spread, own)
    size = sum(kept.lengths) + TOKEN_LENGTH * (len(kept.lengths) - 1)
    return struct.pack("<II", crc, size & 0xFFFFFFFF)


def _times(a: int, b: int) -> int:
    """a times b modulo CRC-32's polynomial, both as zlib holds them (bit-reflected):
    zlib's own multmodp, which Python does not expose."""
    product, bit = 0, _ONE
    while a:
        if a & bit:
            product ^= b
            a ^= bit
        bit >>= 1
        b = (b >> 1) ^ _POLY if b & 1 else b >> 1
    return product


def _past_zeros(value: int, count: int) -> int:
    """`value` times x^(8 * count) modulo CRC-32's polynomial: what a CRC register
    holding `value` holds after `count` zero bytes."""
    return zlib.crc32(bytes(count), value ^ 0xFFFFFFFF) ^ 0xFFFFFFFF


def _key(request, personal: bool) -> tuple[str, str] | None:
    """The page as this request asks for it: its whole URL (canonical links name the
    host), and for htmx the page it is for (forms in a partial send the reader back
    there); for a personal page, whose it is and how it stands. The versions are read
    in one round trip; None when they can't be read."""
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
    parts = [content, deploy_version(), request.build_absolute_uri(), str(bool(request.htmx)), htmx]
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


def _state_digest(state: dict) -> str:
    return _digest(f"{name}={_plain(value)}" for name, value in sorted(state.items()))


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
    caching.replace_versions({VERSION_KEY: _new_version()}, None)
