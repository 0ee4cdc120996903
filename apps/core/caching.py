"""The machine's caches as the app uses them: a cache that fails is a miss, never an error.

Two caches (settings.CACHES), so that culling never reaches what must be kept:

- `default`, the rendered pages and the small state kept with a reader's version:
  any entry may be dropped for room, and is simply made again;
- `versions`, the content version and the readers' versions: small, never dropped
  for room (its own store, no culling). Losing one would retire pages that are still
  good, or, worse, bring back pages that were retired.

`read(request, alias, keys)` fetches what a request needs in one round trip per cache
and remembers it for the rest of the request. An entry that can't be read (a damaged
file, a value of the wrong shape) is a miss and is dropped, so the write that follows
replaces it; a cache that can't be reached at all is a miss on every read and a no-op
on every write, so pages are rendered without it, with one warning in the log until
it answers again.
"""

import contextlib
import functools
import logging
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from diskcache import DjangoCache, FanoutCache, Timeout
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

PAGES = "default"
VERSIONS = "versions"

log = logging.getLogger(__name__)
_MISSING = object()
_failing: set[str] = set()  # the caches that failed and have not answered since
_writes = 0  # versions changed by this process: what a request read before is stale


class DiskCache(DjangoCache):
    """diskcache's Django backend, for which a damaged or unwritable store is a miss.

    - Its SQLite connections are kept from one request to the next: Django closes every
      cache when a request ends, and opening the nine SQLite files again cost more than
      serving the page (bench/RESULTS.md).
    - The store is opened at its first use, not when Django builds the backend (system
      checks do, before every command), so a damaged file stops no command.
    - Any SQLite or file error but a busy lock (a damaged, truncated or garbage file,
      a full disk, a read-only folder) sets the store's folder aside as
      `<folder>.damaged` (one log line) and a new one is made at once; while none can
      be made, every read is a miss and every write is refused, and it is tried again
      every `PAUSE` seconds (and emptied when it is back, if a write was refused
      meanwhile: it may have been one that retired a page). Every process checks
      that its folder is still the one it opened (one `stat` per call), so one that
      sets it aside retires it for all: a version that could not be written is never
      read from the old store elsewhere.
    - SQLite's memory map is off (settings: `sqlite_mmap_size` 0): a file truncated
      under a mapping kills the process with SIGBUS; read() calls fail cleanly.
    """

    PAUSE = 5.0
    PATIENCE = 2.0  # seconds a `set` waits for the store's lock, try after try

    def __init__(self, directory, params):
        BaseCache.__init__(self, params)
        self._where = Path(directory)
        self._shards = params.get("SHARDS", 8)
        self._lock_timeout = params.get("DATABASE_TIMEOUT", 0.010)
        self._options = params.get("OPTIONS", {})
        self._store: FanoutCache | None = None
        self._opened = None  # the folder's identity when the store was opened
        self._retry_at = 0.0
        self._lost_writes = False  # a write refused while no store could be used

    @property
    def _cache(self) -> FanoutCache:
        identity = _identity(self._where)
        if self._store is not None and identity == self._opened:
            return self._store
        if time.monotonic() < self._retry_at:
            raise _Unavailable
        self._drop()
        for _attempt in range(2):  # a damaged store is set aside, then a new one made
            try:
                self._store = FanoutCache(
                    str(self._where), self._shards, self._lock_timeout, **self._options
                )
            except (sqlite3.Error, OSError) as error:
                if not self._damaged(error):
                    raise _Unavailable from error
            else:
                self._opened = _identity(self._where)
                if self._lost_writes:  # it may hold what a lost write retired
                    self._lost_writes = False
                    self._store.clear()
                    log.warning("The cache at %s is used again, emptied.", self._where)
                return self._store
        raise _Unavailable

    def _drop(self) -> None:
        store, self._store, self._opened = self._store, None, None
        if store is not None:
            with contextlib.suppress(Exception):  # closing a damaged store may fail too
                store.close()

    def _damaged(self, error: Exception) -> bool:
        """Set the store's folder aside (True), or run without it a while."""
        opened = self._opened
        self._drop()
        if opened is not None and _identity(self._where) != opened:
            return True  # another process set it aside already: use the new one
        aside = self._where.with_name(f"{self._where.name}.damaged")
        try:
            shutil.rmtree(aside, ignore_errors=True)
            if self._where.exists():
                os.replace(self._where, aside)
                log.warning(
                    "The cache at %s can't be used (%s: %s): set aside as %s; "
                    "a new one is made.",
                    self._where, type(error).__name__, error, aside.name,
                )  # fmt: skip
                return True
        except OSError:
            pass
        if time.monotonic() >= self._retry_at:
            log.warning(
                "The cache at %s can't be used (%s: %s): running without it, "
                "trying again every %.0f s.",
                self._where, type(error).__name__, error, self.PAUSE,
            )  # fmt: skip
        self._retry_at = time.monotonic() + self.PAUSE
        return False

    def close(self, **kwargs):
        pass

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return [key for key, value in data.items() if not self.set(key, value, timeout, version)]


def _identity(folder: Path):
    try:
        found = os.stat(folder)
    except OSError:
        return None
    return found.st_dev, found.st_ino


class _Unavailable(Exception):
    """The store can't be opened now."""


def _store_guard(fallback, *, writes: bool, once: bool = False):
    def decorate(method):
        @functools.wraps(method)
        def guarded(self, *args, **kwargs):
            if once:
                # diskcache's Django backend retries a write until BEGIN IMMEDIATE
                # succeeds, whatever the error: a store whose transaction could not
                # begin (its lock held by a connection that failed to roll back, its
                # folder gone) spun every worker at full CPU for ever (bench run,
                # 2026-12-05). Each try waits out the lock timeout; `set`, the write
                # every page makes, tries again for up to PATIENCE (other workers'
                # writes are short), then it is refused: a miss, never a hang.
                kwargs["retry"] = False
            for _attempt in range(2):  # again on the new store, if the old was set aside
                try:
                    return method(self, *args, **kwargs)
                except Timeout:
                    break
                except _Unavailable:
                    self._lost_writes |= writes
                    break
                except (sqlite3.Error, OSError) as error:
                    if "locked" in str(error) or "busy" in str(error):
                        break
                    if not self._damaged(error):
                        self._lost_writes |= writes
                        break
            return fallback(*args, **kwargs)

        return guarded

    return decorate


def _default(key, default=None, *args, **kwargs):
    return default


def _false(*args, **kwargs):
    return False


def _no_value(*args, **kwargs):
    raise ValueError("not in the cache, or the cache can't be written")


# (Named apart from the module's `_writes` counter, which a loop variable would rebind.)
# A write that takes `retry` is tried once (`once`); clear takes none and never retries.
for _method, _fallback, _is_write, _once in [
    ("get", _default, False, False),
    ("has_key", _false, False, False),
    ("set", _false, True, True),
    ("add", _false, True, True),
    ("touch", _false, True, True),
    ("delete", _false, True, True),
    ("incr", _no_value, True, True),
    ("clear", _false, True, False),
]:
    _guarded = _store_guard(_fallback, writes=_is_write, once=_once)(getattr(DjangoCache, _method))
    setattr(DiskCache, _method, _guarded)


_set_once = DiskCache.set


def _patient_set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
    """`set`, tried again while the store's lock is held by other workers' short writes
    (each try waits out the lock timeout), for up to PATIENCE; then refused."""
    deadline = time.monotonic() + self.PATIENCE
    while not (stored := _set_once(self, key, value, timeout, version)):
        if self._store is None or time.monotonic() > deadline:  # unusable, or too long
            break
    return stored


DiskCache.set = _patient_set


def read(request, alias: str, keys: Iterable[str]) -> dict | None:
    """The values found for `keys` (missing keys absent), fetched in one round trip and
    remembered on the request; None when the cache can't be reached."""
    memo = _memo(request, alias)
    wanted = [key for key in keys if key not in memo]
    if wanted:
        found = get_many(alias, wanted)
        if found is None:
            return None
        memo.update({key: found.get(key, _MISSING) for key in wanted})
    return {key: memo[key] for key in keys if memo[key] is not _MISSING}


def remember(request, alias: str, values: dict) -> None:
    """What this request wrote, so its own later reads see it."""
    _memo(request, alias).update(values)


def get_many(alias: str, keys: list[str]) -> dict | None:
    try:
        found = caches[alias].get_many(keys)
    except Exception as error:  # any backend, any damage: see below, key by key
        return _one_by_one(alias, keys, error)
    _answered(alias)
    return found


def set_many(alias: str, values: dict, timeout) -> bool:
    """Whether every value was stored."""
    try:
        failed = caches[alias].set_many(values, timeout)
    except Exception as error:
        _failed(alias, error)
        return False
    if failed:
        _failed(alias, RuntimeError(f"{len(failed)} values refused"))
        return False
    _answered(alias)
    return True


def replace_versions(values: dict, timeout) -> None:
    """New versions, that retire every page kept under the old ones in every process.
    When the cache refuses the write (a Redis full under `noeviction`, a full disk),
    the old versions are deleted instead (a full Redis still deletes; a disk store that
    refused a write is set aside whole): until a new version can be stored, no page is
    read from the cache, rather than one from before the change."""
    forget_reads()
    if not set_many(VERSIONS, values, timeout):
        try:
            caches[VERSIONS].delete_many(list(values))
        except Exception as error:
            log.warning("The versions cache refused to retire pages either: %s", error)


def get_or_set(alias: str, key: str, make: Callable[[], str], timeout) -> str | None:
    """The value kept under `key`, or a new one from `make()` kept there first (another
    process may win the race: everyone gets the winner's); None when the cache can't
    be reached."""
    found = get_many(alias, [key])
    if found is None:
        return None
    if isinstance(found.get(key), str):
        return found[key]
    try:
        cache = caches[alias]
        if key in found:  # a value of the wrong shape: replace it
            cache.set(key, value := make(), timeout)
            return value
        if cache.add(key, value := make(), timeout):
            return value
        kept = cache.get(key)
    except Exception as error:
        _failed(alias, error)
        return None
    return kept if isinstance(kept, str) else None


def _one_by_one(alias: str, keys: list[str], error: Exception) -> dict | None:
    """A whole read failed: find which entries are damaged and drop them. None when the
    cache does not answer at all."""
    found, answered = {}, False
    for key in keys:
        try:
            cache = caches[alias]
            value = cache.get(key, _MISSING)
        except Exception:
            try:
                caches[alias].delete(key)
            except Exception:
                continue
            log.warning("Dropped a damaged %s cache entry; it will be made again.", alias)
            answered = True
            continue
        answered = True
        if value is not _MISSING:
            found[key] = value
    if not answered:
        _failed(alias, error)
        return None
    _answered(alias)
    return found


def forget_reads() -> None:
    """Versions are changing (a save, a content change): reads remembered by requests
    so far are stale, their own included."""
    global _writes
    _writes += 1


def _memo(request, alias: str) -> dict:
    memos = request.__dict__.get("_caching")
    if memos is None or memos["writes"] != _writes:
        memos = request._caching = {"writes": _writes}
    return memos.setdefault(alias, {})


def _failed(alias: str, error: Exception) -> None:
    if alias not in _failing:
        _failing.add(alias)
        log.warning(
            "The %s cache can't be used (%s: %s); serving pages without it.",
            alias,
            type(error).__name__,
            error,
        )


def _answered(alias: str) -> None:
    if alias in _failing:
        _failing.discard(alias)
        log.warning("The %s cache answers again.", alias)
