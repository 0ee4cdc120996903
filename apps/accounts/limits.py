"""Rate limits on guessing: sign-in, recovery codes and link codes.

Counts live in Django's cache, so every server counts together (on Redis with
REDIS_URL), in fixed windows: a person who tripped a limit waits out the window and
nothing is locked for good. Only failures count, per IP address and, where the
account is known, per account. They use the "versions" cache: the one whose writes
wait for their lock and that culls nothing for space (see settings.cache_settings).
While Redis is unreachable nothing is counted: the limits open rather than lock
everyone out.
"""

import time
from dataclasses import dataclass

from django.core.cache import caches

WINDOW = 15 * 60


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


class TooMany(Exception):
    def __init__(self, wait: int):
        self.wait = wait
        minutes = max(1, round(wait / 60))
        super().__init__(
            "Too many tries from here for now. Please wait about "
            f"{minutes} minute{'s' if minutes != 1 else ''}, then try again."
        )


def ip_of(request) -> str:
    # REMOTE_ADDR: behind a proxy this is the proxy's, unless it rewrites it. A forwarded
    # header is the client's own claim, so it is not trusted here.
    return request.META.get("REMOTE_ADDR") or "unknown"


def _counts():
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
    counts = _counts().get_many([key for key, _ in keys])
    if any(counts.get(key, 0) >= most for key, most in keys):
        raise TooMany(_wait())


def failed(limit: Limit, request, account=None) -> None:
    """Count one failed try."""
    for key, _ in _keys(limit, request, account):
        cache = _counts()
        cache.add(key, 0, WINDOW + 60)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr (or Redis is away)
            cache.set(key, 1, WINDOW + 60)


def attempt(limit: Limit, request, account=None) -> None:
    """Check and count at once: for actions where every try counts (making codes)."""
    check(limit, request, account)
    failed(limit, request, account)
