"""The cache chosen from the environment, and Redis being away is not the site being
down (apps/core/rediscache.py).

The first tests need no Redis: a socket that does not exist fails every call at
once, as a stopped redis-server does. The last ones run a throwaway redis-server
(skipped, saying what to install, when there is none) to meet timeouts and an
outage that ends.
"""

import logging
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import override_settings

from apps.core import rediscache as resilient
from config.settings import cache_settings
from tests import services
from tests.bookmarks_helpers import bookmarks_of, reader_client, save
from tests.factories import make_card

BACKEND = "apps.core.rediscache.ResilientRedisCache"
DISK = "apps.core.caching.DiskCache"


def redis_at(location: str) -> dict:
    """Both caches on the Redis at `location`, as REDIS_URL chooses them."""
    return cache_settings(location, Path("/unused"))


def unreachable() -> dict:
    return redis_at(f"unix:///nonexistent/redis-{uuid.uuid4().hex}.sock")


def test_redis_url_puts_pages_and_versions_on_the_shared_redis():
    chosen = cache_settings("redis://cache.internal:6379/0", Path("/unused"))

    assert set(chosen) == {"default", "versions"}
    for alias in ("default", "versions"):
        assert chosen[alias]["BACKEND"] == BACKEND
        assert chosen[alias]["LOCATION"] == "redis://cache.internal:6379/0"
    assert chosen["default"]["KEY_PREFIX"] != chosen["versions"]["KEY_PREFIX"]


def test_without_redis_url_pages_and_versions_are_disk_stores_on_this_machine():
    chosen = cache_settings("", Path("/srv/cache"))

    assert chosen["default"]["BACKEND"] == chosen["versions"]["BACKEND"] == DISK
    assert chosen["default"]["LOCATION"] == "/srv/cache/pages"
    assert chosen["versions"]["LOCATION"] == "/srv/cache/versions"
    assert chosen["versions"]["OPTIONS"]["eviction_policy"] == "none"  # nothing culls a version


@pytest.mark.django_db
def test_with_redis_unreachable_pages_render_and_saves_succeed():
    card = make_card(title="Still here without a cache")
    with override_settings(CACHES=unreachable()):
        reader = reader_client()
        for url in ["/", card.get_absolute_url(), "/saved/", "/stand-still/", "/help/"]:
            response = reader.get(url)
            assert response.status_code == 200, url

        assert save(reader, card).status_code == 302
        assert [b.card_id for b in bookmarks_of(reader)] == [card.pk]
        assert "1 card" in reader.get("/saved/").content.decode()
        assert "Saved: Still here without a cache" in reader.get(card.get_absolute_url()).text


def test_an_unreachable_redis_answers_as_an_empty_cache():
    with override_settings(CACHES=unreachable()):
        cache = caches["default"]
        cache.set("k", "v")

        assert cache.get("k") is None
        assert cache.get("k", "fallback") == "fallback"
        assert cache.get_or_set("k", lambda: "made") == "made"
        assert cache.get_many(["k", "l"]) == {}
        assert cache.add("k", 1) is False
        assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
        assert cache.has_key("k") is False
        with pytest.raises(ValueError):
            cache.incr("counter")


def test_after_one_failure_a_process_leaves_redis_alone_for_a_pause(caplog):
    """No retry storm: the first call meets the outage; the rest of the pause costs
    nothing, and the log has one warning, not one per call."""
    with override_settings(CACHES=unreachable()), caplog.at_level(logging.WARNING):
        cache = caches["default"]
        cache.get("first")
        tries = []
        real = cache._cache.get_client
        cache._cache.get_client = lambda *a, **kw: tries.append(1) or real(*a, **kw)

        for n in range(200):
            cache.get(f"page-{n}")
            cache.set(f"page-{n}", "html")

    assert tries == [], "no call reached for Redis during the pause"
    warnings = [r for r in caplog.records if r.name == "apps.core.rediscache"]
    assert len(warnings) == 1
    assert "cannot be reached" in warnings[0].getMessage()


# With a real redis-server.

needs_redis = pytest.mark.skipif(
    not shutil.which("redis-server"),
    reason="needs redis-server (apt-get install -y redis-server)",
)


@pytest.fixture
def redis(tmp_path):
    server = services.Redis(tmp_path).start()
    yield server
    server.stop()


def pause_redis(redis, seconds: float) -> None:
    """Redis takes connections but answers nothing: a hung server, for timeouts."""
    cli = ["redis-cli", "-s", str(redis.socket), "client", "pause", str(int(seconds * 1000))]
    subprocess.run([*cli, "all"], check=True, capture_output=True)


@needs_redis
def test_a_hung_redis_costs_a_short_timeout_once_then_nothing(redis, monkeypatch):
    monkeypatch.setattr(resilient.ResilientRedisCache, "PAUSE", 30)
    with override_settings(CACHES=redis_at(redis.url)):
        cache = caches["default"]
        cache.set("page", "html")
        assert cache.get("page") == "html"
        pause_redis(redis, 3)

        started = time.monotonic()
        for _ in range(50):
            assert cache.get("page") is None
        took = time.monotonic() - started

    assert took < 1.0, f"50 reads took {took:.2f} s: one socket timeout, then misses"


@needs_redis
def test_when_redis_answers_again_it_is_used_and_emptied_of_what_a_lost_write_left(
    redis, monkeypatch, caplog
):
    """A write dropped during the outage may have been the one that retired a page:
    once Redis answers again, what it kept from before is gone, not served."""
    monkeypatch.setattr(resilient.ResilientRedisCache, "PAUSE", 0.2)
    with override_settings(CACHES=redis_at(redis.url)), caplog.at_level(logging.WARNING):
        cache = caches["default"]
        cache.set("content-version", "before the edit")
        pause_redis(redis, 1)
        cache.set("content-version", "after the edit")  # dropped: Redis does not answer
        assert cache.get("content-version") is None

        deadline = time.monotonic() + 10
        while cache.get("content-version") is None and time.monotonic() < deadline:
            cache.set("probe", "x")
            if cache.get("probe") == "x":
                break
            time.sleep(0.1)

        assert cache.get("content-version") is None, "the stale version was not served"
        cache.set("content-version", "fresh")
        assert cache.get("content-version") == "fresh"

    messages = [r.getMessage() for r in caplog.records if r.name == "apps.core.rediscache"]
    assert len(messages) == 2
    assert "cannot be reached" in messages[0]
    assert "answers again; emptied it" in messages[1]
