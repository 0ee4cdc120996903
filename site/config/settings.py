"""Stand Still settings, read from the environment.

Production is the default: debug is off unless DJANGO_DEBUG is set, and a
secret key must then be given. See README.md for every variable.
"""

import hashlib
import os
import sys
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from config.env import env_bool, env_list

BASE_DIR = Path(__file__).resolve().parents[2]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        sys.exit(
            "Stand Still: DJANGO_SECRET_KEY is not set. Set it (or DJANGO_DEBUG=true for "
            "development), or start with `uv run manage.py serve`, which makes a local one."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"

# Whether the site is reached over HTTPS: on by default in production, turned
# off by `manage.py serve` for plain http on loopback.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# The address readers use ("https://standstill.example"), where several app servers
# stand behind one: cached pages are kept under it, so every server shares them, and
# the pages' absolute links name it. Empty: the origin each request was made to.
SITE_ORIGIN = os.environ.get("DJANGO_SITE_ORIGIN", "").strip().rstrip("/")

# Passkeys (apps/accounts): the relying party ID is the site's registrable domain,
# by default the first allowed host (a leading dot, as in ".example.com", dropped).
WEBAUTHN_RP_ID = os.environ.get("DJANGO_WEBAUTHN_RP_ID") or next(
    (host.lstrip(".") for host in ALLOWED_HOSTS if host.lstrip(".") not in {"", "*"}), ""
)
WEBAUTHN_RP_NAME = "Stand Still"
LOGIN_URL = "accounts:sign_in"

# Reminders by Web Push (apps/reminders): the server's VAPID key pair and a contact
# (`mailto:` or `https:`) for the push services. None set: the page offers the calendar
# file alone. `uv run manage.py makevapidkeys` prints a new pair.
VAPID_PUBLIC_KEY = os.environ.get("VAPID_PUBLIC_KEY", "").strip()
VAPID_PRIVATE_KEY = os.environ.get("VAPID_PRIVATE_KEY", "").strip()
VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT", "").strip()
# Where a browser's push subscription may point: the push services of Chrome, Edge,
# Firefox and Safari. The server posts to these addresses alone.
REMINDERS_PUSH_SERVICES = [
    "https://fcm.googleapis.com",
    "https://updates.push.services.mozilla.com",
    "https://web.push.apple.com",
    "https://*.push.apple.com",
    "https://*.notify.windows.com",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    "apps.core",
    "apps.cards",
    "apps.timer",
    "apps.bookmarks",
    "apps.accounts",
    "apps.pwa",
    "apps.reachout",
    "apps.companion",
    "apps.reminders",
]

MIDDLEWARE = [
    # Outermost, so every response carries these headers: error pages too, even those
    # made for an exception raised in a middleware below (a disallowed Host).
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "apps.core.middleware.PermissionsPolicyMiddleware",
    "apps.core.middleware.PrivateIfPersonalMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "apps.core.middleware.StaticFilesMiddleware",
    # Pages compressed here, after whitenoise has served static files (precompressed).
    # Django pads gzip output with random bytes, which mitigates BREACH.
    "django.middleware.gzip.GZipMiddleware",
    # The language: the URL's prefix (/es/, /de/; English has none); at an address
    # without one, a remembered choice, then the browser's languages, lead there.
    # Before anything that answers in words (a body that can't be read: edge).
    "django.middleware.locale.LocaleMiddleware",
    "apps.core.languages.LanguageMiddleware",
    # Before anything reads a body (CSRF reads the form): a body that can't be read is
    # a 400 that says why, and form text reaches views clean (apps/core/edge.py).
    "apps.core.edge.InputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "apps.core.readers.ReaderTokenMiddleware",
    "apps.accounts.middleware.AccountReaderMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "apps.core.middleware.DatabaseUnavailableMiddleware",
]

# The largest form is a note (1,000 characters, at most 12 KB percent-encoded); an
# import is a file, read and bounded by apps/bookmarks/imports.py.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 400

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.here",
                "apps.core.context_processors.shell",
                "apps.core.context_processors.languages",
                "apps.bookmarks.context_processors.saved_cards",
            ],
        },
    },
]

# Database: SQLite in the project by default, anything dj-database-url reads
# (postgres://… with psycopg 3) from DATABASE_URL.
# Connections are kept between requests (CONN_MAX_AGE) and checked before a
# request reuses one (CONN_HEALTH_CHECKS), so a database restart or failover costs
# one reconnect, not an error.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and a writer work at once; IMMEDIATE transactions take
    # the write lock up front, so concurrent writers wait (up to the timeout)
    # instead of failing with "database is locked" halfway through.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# The caches (apps/core/caching.py): `default` for rendered pages, any entry of which
# may be dropped for room, and `versions` for the content and reader versions, which
# nothing may drop. Keys carry the database's name, so two databases never share pages.
CACHE_KEY_PREFIX = hashlib.blake2b(
    f"{DATABASES['default']['HOST']}/{DATABASES['default']['NAME']}".encode(), digest_size=6
).hexdigest()


# No memory map at all, so a cache file truncated while it is open is an error, not a
# SIGBUS that kills the worker: SQLite's own map off, and a rollback journal rather
# than WAL, whose -shm file is always mapped. Figures in bench/RESULTS.md.
NO_MMAP = {"sqlite_mmap_size": 0, "sqlite_journal_mode": "truncate"}


def cache_settings(redis_url: str, cache_dir: Path) -> dict:
    """The one place the caches are chosen.

    REDIS_URL: both on Redis, shared by every app server (several machines); an
    unreachable Redis is a miss, not an error (apps/core/rediscache.py). Versions are
    kept with no expiry, so a `volatile-*` maxmemory policy never evicts the content
    version (README, "Running on several machines").

    Without it: diskcache stores (SQLite files) in DJANGO_CACHE_DIR, shared by every
    gunicorn worker and manage.py command on this machine. Pages are culled by size
    through an index, never by listing files; the versions' store culls nothing.
    Figures for the choice in bench/RESULTS.md.
    """
    if redis_url:
        redis = {
            "BACKEND": "apps.core.rediscache.ResilientRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
        return {"default": redis, "versions": {**redis, "KEY_PREFIX": f"{CACHE_KEY_PREFIX}:v"}}
    return {
        "default": {
            "BACKEND": "apps.core.caching.DiskCache",
            "LOCATION": str(cache_dir / "pages"),
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # A lock held longer than this makes a read a miss and a write a no-op.
            "DATABASE_TIMEOUT": 0.05,
            # No fsync: a crash may damage the file, which is then set aside and made anew.
            "OPTIONS": {
                **NO_MMAP,
                "sqlite_synchronous": 0,
                "size_limit": 256 * 2**20,
                "disk_min_file_size": 2**20,
            },
        },
        "versions": {
            "BACKEND": "apps.core.caching.DiskCache",
            "LOCATION": str(cache_dir / "versions"),
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "SHARDS": 1,
            # A version must be written: wait for the lock as the database would.
            "DATABASE_TIMEOUT": 5,
            "OPTIONS": {**NO_MMAP, "eviction_policy": "none"},
        },
    }


CACHE_DIR = Path(os.environ.get("DJANGO_CACHE_DIR") or BASE_DIR / ".local" / "cache")
CACHES = cache_settings(os.environ.get("REDIS_URL", "").strip(), CACHE_DIR)
# Only for bench/server.py: an X-Page-Cache: hit or miss header on cached pages.
PAGE_CACHE_HEADER = env_bool("DJANGO_PAGE_CACHE_HEADER", False)

# Sessions (the admin's sign-in) live in the database, which every app server shares.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The seeds are written in English; seeds/es/ and seeds/de/ hold the same cards in
# Spanish and German (apps/cards/translations.py).
LANGUAGES = [("en", "English"), ("es", "Español"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The reader's choice of language, remembered for a year; it names a language only.
LANGUAGE_COOKIE_NAME = "language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files: collected, hashed and compressed (brotli and gzip); whitenoise
# serves them in development too, so both behave alike.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
# The scripts' words per language (static/words/es.js), made from locale/*/djangojs.po
# by apps/core/catalogs.py before static files are collected.
STATICFILES_DIRS = [BASE_DIR / "static", ("words", BASE_DIR / "locale" / "words")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "apps.core.storage.StaticFilesStorage"},
}

# Security headers, on every response.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A signed-in device stays signed in for a year (the session is rotated at sign-in).
SESSION_COOKIE_AGE = 365 * 24 * 60 * 60
CSRF_COOKIE_SAMESITE = "Lax"

if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# Behind a proxy that terminates TLS, set DJANGO_SECURE_PROXY_SSL_HEADER=true so
# Django trusts its X-Forwarded-Proto. Only do this when the proxy always sets
# (and overwrites) that header; otherwise a client could claim https.
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
