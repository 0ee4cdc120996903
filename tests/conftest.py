import shutil

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command

from apps.accounts import limits
from tests.cards_helpers import insert_real_seeds, read_real_seeds


def pytest_configure(config):
    settings.TEST_RUN_DIR.mkdir(parents=True, exist_ok=True)


def pytest_unconfigure(config):
    shutil.rmtree(settings.TEST_RUN_DIR, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def collected_static(django_db_blocker):
    """Collect, hash and compress static files once, as a deploy does.

    Pages name hashed files from the manifest, and whitenoise serves them from
    STATIC_ROOT, so tests meet the production static pipeline.
    """
    call_command("collectstatic", interactive=False, verbosity=0)
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
