"""Settings for the test suite: production settings with a throwaway key and plain http."""

import os
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("DJANGO_HTTPS", "false")

from config.settings import *  # noqa: E402, F403
from config.settings import BASE_DIR, DATABASES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Each test run (a process) has its own collected static files and database
# file, apart from `manage.py serve`'s and from any other run going at once.
# A server the tests start in a process of its own (gunicorn) is handed the run's
# folder, so it serves the same static files.
TEST_RUN_DIR = Path(
    os.environ.get("STANDSTILL_TEST_RUN_DIR") or BASE_DIR / ".local" / f"test-run-{os.getpid()}"
)
STATIC_ROOT = TEST_RUN_DIR / "static"

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
