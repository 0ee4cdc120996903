"""Settings for the test suite: production settings with a throwaway key and plain http."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("DJANGO_HTTPS", "false")

from config.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Browser tests collect static files here, apart from `manage.py serve`'s copy.
STATIC_ROOT = BASE_DIR / ".local" / "test-static"  # noqa: F405

# A real file, not SQLite's in-memory database: the browser tests' live server
# and the concurrency tests use their own connections, as production does.
DATABASES["default"].setdefault("TEST", {})  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"]["NAME"] = str(BASE_DIR / ".local" / "test-db.sqlite3")  # noqa: F405
