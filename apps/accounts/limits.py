"""Rate limits on guessing: sign-in, recovery codes and link codes.

Counts live in Django's cache, so every server counts together (on Redis with
REDIS_URL), in fixed windows: a person who tripped a limit waits out the window and
nothing is locked for good. Only failures count, per IP address and, where the
account is known, per account. A passkey's signature can't be guessed, so a passkey
sign-in counts failures per address only and a valid signature always signs in:
knowing someone's credential id (no secret) never locks its owner out. The counts
use the "versions" cache: the one whose writes wait for their lock and that culls
nothing for space (see settings.cache_settings).

Each process also counts in its own memory, and a try is refused when either count
is spent. So while the shared cache can't be reached (Redis away: every read a miss,
every write dropped), guessing stays bounded, per process, instead of open; and
nobody is locked out for the outage either.
"""

import logging
import time
from dataclasses import dataclass

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.utils.translation import ngettext

WINDOW = 15 * 60

log = logging.getLogger(__name__)
# This process's own counts (see the module); a full one forgets its oldest.
local = LocMemCache("accounts-limits", {"TIMEOUT": WINDOW + 60, "OPTIONS": {"MAX_ENTRIES": 50_000}})


@dataclass(frozen=True)
class Limit:
    scope: str
    per_ip: int
    per_account: int


SIGN_IN = Limit("sign-in", per_ip=20, per_account=10)
RECOVERY = Limit("recovery", per_ip=10, per_account=5)
LINK = Limit("link", per_ip=10, per_account=5)
# Making codes is not guessing, but each one is a row and a page: keep it sane.
MAKE_CODES = Limit("make-codes", per_ip=30, per_account=10)
# Starting a passkey ceremony (its options) makes a short-lived session row.
CEREMONY = Limit("ceremony", per_ip=60, per_account=60)


class TooMany(Exception):
    def __init__(self, wait: int):
        self.wait = wait
        minutes = max(1, round(wait / 60))
        super().__init__(
            ngettext(
                "Too many tries from here for now. Please wait about %(minutes)s minute, "
                "then try again.",
                "Too many tries from here for now. Please wait about %(minutes)s minutes, "
                "then try again.",
                minutes,
            )
            % {"minutes": minutes}
        )


def ip_of(request) -> str:
    # REMOTE_ADDR: behind a proxy this is the proxy's, unless it rewrites it. A forwarded
    # header is the client's own claim, so it is not trusted here.
    return request.META.get("REMOTE_ADDR") or "unknown"


def _shared():
    return caches["versions"]


def _keys(limit: Limit, request, account) -> list[tuple[str, int]]:
    window = int(time.time() // WINDOW)
    keys = [(f"limit:{limit.scope}:ip:{ip_of(request)}:{window}", limit.per_ip)]
    if account is not None:
        keys.append((f"limit:{limit.scope}:account:{account}:{window}", limit.per_account))
    return keys


def _wait() -> int:
    return WINDOW - int(time.time() % WINDOW)


def check(limit: Limit, request, account=None) -> None:
    """Raise `TooMany` if this IP (or account) used up its tries in this window."""
    keys = _keys(limit, request, account)
    names = [key for key, _ in keys]
    try:
        shared = _shared().get_many(names)
    except Exception as error:  # any backend, any damage: this process's count holds
        log.warning("Rate limits counted in this process only: %s", error)
        shared = {}
    counts = local.get_many(names)
    if any(max(shared.get(key, 0), counts.get(key, 0)) >= most for key, most in keys):
        raise TooMany(_wait())


def failed(limit: Limit, request, account=None) -> None:
    """Count one failed try, in the shared cache and in this process."""
    for key, _ in _keys(limit, request, account):
        _count(local, key)
        try:
            _count(_shared(), key)
        except Exception as error:
            log.warning("Rate limits counted in this process only: %s", error)


def _count(cache, key: str) -> None:
    cache.add(key, 0, WINDOW + 60)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr (or Redis is away)
        cache.set(key, 1, WINDOW + 60)


def attempt(limit: Limit, request, account=None) -> None:
    """Check and count at once: for actions where every try counts (making codes)."""
    check(limit, request, account)
    failed(limit, request, account)
