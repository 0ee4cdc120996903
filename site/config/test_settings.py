"""Settings for the test suite: production settings with a throwaway key and plain http."""

import os
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("DJANGO_HTTPS", "false")


def _redis_of_this_worker(url: str, worker: str) -> str:
    """pytest-xdist's workers share one throwaway Redis and each empties the caches
    before every test: each worker gets a database of its own (gw0 -> 1, gw1 -> 2…)."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    number = int(worker.removeprefix("gw")) + 1
    parts = urlsplit(url)
    if parts.scheme == "unix":  # urlunsplit would drop the "//" of unix:///path
        query = urlencode({**dict(parse_qsl(parts.query)), "db": number})
        return f"{url.split('?')[0]}?{query}"
    return urlunsplit(parts._replace(path=f"/{number}"))


if os.environ.get("REDIS_URL", "").strip() and os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["REDIS_URL"] = _redis_of_this_worker(
        os.environ["REDIS_URL"].strip(), os.environ["PYTEST_XDIST_WORKER"]
    )

from config.settings import *  # noqa: E402, F403
from config.settings import BASE_DIR, DATABASES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Each test process (each pytest-xdist worker) has its own database file, apart from
# `manage.py serve`'s and from any other run going at once; a server the tests start
# in a process of its own (gunicorn) is handed the run's folder.
TEST_RUN_DIR = Path(
    os.environ.get("STANDSTILL_TEST_RUN_DIR") or BASE_DIR / ".local" / f"test-run-{os.getpid()}"
)
# The collected static files are shared by every run and collected again only when
# the sources changed (tests/conftest.py, as `serve` does), under a lock.
STATIC_ROOT = BASE_DIR / ".local" / "test-static"

# A real file, not SQLite's in-memory database: the browser tests' live server
# and the concurrency tests use their own connections, as production does.
DATABASES["default"].setdefault("TEST", {})
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"]["NAME"] = str(TEST_RUN_DIR / "db.sqlite3")

# Each process its own caches, emptied before every test (tests/conftest.py). With
# REDIS_URL set, the caches the settings choose from it (as .ci/run does once): it must
# name a throwaway Redis, since emptying it before every test empties all of it.
if not os.environ.get("REDIS_URL", "").strip():
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
        },
        "versions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "versions",
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        },
    }
