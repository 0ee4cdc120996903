"""The shared cache on Redis, and the site going on without it.

Everything kept in the cache can be made again (rendered pages, the content
version, readers' versions), so a Redis that cannot be reached is a miss, not an
error: `ResilientRedisCache` turns redis-py's connection and timeout errors into
what an empty cache would answer, and callers (the page cache) need no change.

The contract, for anything that uses the cache:

- a read that cannot reach Redis returns its default (`get`, `get_many`,
  `has_key`): a miss;
- a write that cannot reach Redis is dropped (`set`, `add` answers False,
  `delete`, `touch`); `incr` raises ValueError, as for a missing key;
- after a failure this process leaves Redis alone for `PAUSE` seconds (every call
  a miss, at once), then tries again: one attempt per process per pause, with
  short socket timeouts and no retries, so an outage never becomes a queue of
  requests each waiting on Redis;
- one warning when Redis is lost and one when it is back, per process;
- if a write was dropped during the outage, the cache is emptied when Redis
  answers again: the dropped write may have been the one that retired a page (a
  card edit, a reader's save), and an emptied cache is only ever slower.
  So REDIS_URL must name a Redis database used for this site's cache alone.
"""

import functools
import logging
import threading
import time
from dataclasses import dataclass

from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError, TimeoutError
from redis.retry import Retry

log = logging.getLogger(__name__)

UNREACHABLE = (ConnectionError, TimeoutError)


@dataclass
class _Outage:
    """How Redis stands for this process (shared by its threads, which each have
    their own cache object)."""

    down: bool = False
    retry_at: float = 0.0
    lost_writes: bool = False


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _guard(fallback, *, writes: bool):
    """Run the Redis call if Redis is available, else answer as `fallback` does."""

    def decorate(method):
        @functools.wraps(method)
        def guarded(self, *args, **kwargs):
            if self._available():
                try:
                    return method(self, *args, **kwargs)
                except UNREACHABLE as error:
                    self._lost(error)
            if writes:
                self._outage.lost_writes = True
            return fallback(*args, **kwargs)

        return guarded

    return decorate


def _default(key, default=None, version=None):
    return default


def _nothing(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _no_value(key, delta=1, version=None):
    raise ValueError(f"Key '{key}' not found (the cache cannot be reached).")


def _all_failed(data, timeout=None, version=None):
    return list(data)


class ResilientRedisCache(RedisCache):
    """Django's RedisCache, for which an unreachable Redis is a miss (see the module)."""

    PAUSE = 5.0  # seconds this process leaves Redis alone after it failed to answer
    DEFAULT_OPTIONS = {
        # On a network, Redis answers in well under a millisecond: a page makes a few
        # calls, so a dead Redis must cost little more than a miss.
        "socket_connect_timeout": 0.25,
        "socket_timeout": 0.25,
        "retry": Retry(NoBackoff(), 0),
        # Check a connection that has been idle a while before using it.
        "health_check_interval": 30,
    }

    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**self.DEFAULT_OPTIONS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        with _outages_lock:
            self._outage = _outages.setdefault(",".join(self._servers), _Outage())

    get = _guard(_default, writes=False)(RedisCache.get)
    get_many = _guard(lambda keys, version=None: {}, writes=False)(RedisCache.get_many)
    has_key = _guard(_false, writes=False)(RedisCache.has_key)
    add = _guard(_false, writes=True)(RedisCache.add)
    set = _guard(_nothing, writes=True)(RedisCache.set)
    set_many = _guard(_all_failed, writes=True)(RedisCache.set_many)
    touch = _guard(_false, writes=True)(RedisCache.touch)
    delete = _guard(_false, writes=True)(RedisCache.delete)
    delete_many = _guard(_nothing, writes=True)(RedisCache.delete_many)
    incr = _guard(_no_value, writes=True)(RedisCache.incr)
    clear = _guard(_nothing, writes=True)(RedisCache.clear)

    def _available(self) -> bool:
        outage = self._outage
        if not outage.down:
            return True
        if time.monotonic() < outage.retry_at:
            return False
        try:
            client = self._cache.get_client(write=True)
            client.ping()
            if outage.lost_writes:
                client.flushdb()
        except UNREACHABLE as error:
            outage.retry_at = time.monotonic() + self.PAUSE
            log.debug("The cache is still unreachable: %s", error)
            return False
        log.warning(
            "The cache (Redis) answers again%s.",
            "; emptied it, since writes were lost while it was away" if outage.lost_writes else "",
        )
        outage.down = outage.lost_writes = False
        return True

    def _lost(self, error: Exception) -> None:
        outage = self._outage
        if not outage.down:
            log.warning(
                "The cache (Redis) cannot be reached (%s): serving without it, "
                "trying again every %.0f s.",
                error,
                self.PAUSE,
            )
        outage.down = True
        outage.retry_at = time.monotonic() + self.PAUSE
