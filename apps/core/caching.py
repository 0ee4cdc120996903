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

import logging
from collections.abc import Callable, Iterable

from diskcache import DjangoCache
from django.core.cache import caches

PAGES = "default"
VERSIONS = "versions"

log = logging.getLogger(__name__)
_MISSING = object()
_failing: set[str] = set()  # the caches that failed and have not answered since
_writes = 0  # versions changed by this process: what a request read before is stale


class DiskCache(DjangoCache):
    """diskcache's Django backend, its SQLite connections kept from one request to the
    next: Django closes every cache when a request ends, and opening the nine SQLite
    files again cost more than serving the page (bench/RESULTS.md)."""

    def close(self, **kwargs):
        pass


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


def set_many(alias: str, values: dict, timeout) -> None:
    try:
        caches[alias].set_many(values, timeout)
    except Exception as error:
        _failed(alias, error)
    else:
        _answered(alias)


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
