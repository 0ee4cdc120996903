import shutil

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command


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
    tests, the cache would not."""
    cache.clear()
