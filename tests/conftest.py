import fcntl
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.utils import translation

from apps.accounts import limits
from apps.core.catalogs import compile_catalogs
from apps.core.management.commands.serve import collect_static_if_changed
from tests.cards_helpers import insert_real_seeds, read_real_seeds


def pytest_configure(config):
    settings.TEST_RUN_DIR.mkdir(parents=True, exist_ok=True)
    compile_catalogs()  # the translations, as `serve` compiles them


def pytest_unconfigure(config):
    shutil.rmtree(settings.TEST_RUN_DIR, ignore_errors=True)


@pytest.fixture(autouse=True)
def no_language_left_behind():
    """A request to /es/ leaves Spanish active in this thread, as LocaleMiddleware does
    in any server thread until its next request: each test starts in English."""
    yield
    translation.deactivate()


@pytest.fixture(scope="session", autouse=True)
def collected_static(django_db_blocker):
    """Static files collected, hashed and compressed as a deploy does, so tests meet
    the production pipeline (pages name hashed files; whitenoise serves STATIC_ROOT).
    Collected again only when the sources changed since the last run (`serve`'s
    check); the lock makes a second worker or run wait for the first's collection."""
    lock = Path(f"{settings.STATIC_ROOT}.lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        collect_static_if_changed()
    # This process may have read the manifest (Django keeps one storage per process)
    # before another finished collecting: read it again.
    found = staticfiles_storage.load_manifest()
    staticfiles_storage.hashed_files, staticfiles_storage.manifest_hash = found
    staticfiles_storage._urls.clear()
    return settings.STATIC_ROOT


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached pages: the database rolls back between
    tests, the caches would not."""
    for cache in caches.all():
        cache.clear()
    limits.local.clear()  # each process's own rate-limit counts (apps/accounts/limits.py)


@pytest.fixture(scope="session")
def real_seeds(django_db_setup, django_db_blocker):
    """seeds/ read and loaded once per run; each test that asks for `seeds` gets the rows."""
    with django_db_blocker.unblock():
        return read_real_seeds()


@pytest.fixture
def seeds(real_seeds):
    """The real content (seeds/), in this test's database."""
    insert_real_seeds(real_seeds)
