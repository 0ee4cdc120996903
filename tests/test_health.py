"""/healthz, for the load balancer: 200 while this server can read and write the
database, 503 (with the reason) when it cannot; the cache's state named either way."""

import itertools
import uuid
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.test import override_settings

from config.settings import cache_settings

pytestmark = pytest.mark.django_db


def unreachable_redis() -> dict:
    """A Redis cache whose socket does not exist: every call fails at once, as when
    redis-server has stopped. No Redis is needed to run these."""
    return cache_settings(f"unix:///nonexistent/redis-{uuid.uuid4().hex}.sock", Path("/unused"))


def test_healthz_is_200_and_names_every_dependency_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr("apps.core.health.connection.cursor", unreachable)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"] == "down"
    assert "does not answer" in body["reasons"][0]


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_with_the_reason_when_the_database_refuses_writes(client):
    """SQLite: the file opened read-only, as SQLite opens a file it may not write (the
    tests may run as root, which file modes do not stop). PostgreSQL: a session whose
    transactions are read-only, as on a standby."""
    name = connection.settings_dict["NAME"]
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = f"file:{name}?mode=ro"
    else:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SET default_transaction_read_only = on")
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name

    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "read-only"
    assert "refuses writes" in body["reasons"][0]
    assert "read" in body["reasons"][0].split("refuses writes")[1]  # the database's own words
    assert client.get("/healthz").status_code == 200, "a fresh connection writes again"


def test_healthz_is_503_and_says_full_when_the_database_reached_its_size(client):
    """SQLite: no free page left in the file, and it may not grow by one (its page
    limit, met as a full disk is met)."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL tells no client its free space: see the next test")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA page_count")
        cursor.execute(f"PRAGMA max_page_count = {cursor.fetchone()[0]}")
        # Each table takes a page: the free ones, then up to the limit (in the test's
        # transaction, rolled back after it).
        # Only "full" ends the filling: another error (a lock held a moment by another
        # connection to the test database) is met again, not taken for a full file.
        refused = 0
        for n in itertools.count():
            try:
                cursor.execute(f"CREATE TABLE disk_filler_{n} (id INTEGER)")
            except OperationalError as error:
                if "full" in str(error):
                    break
                refused += 1
                assert refused < 1000, error
    try:
        response = client.get("/healthz")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA max_page_count = 1073741823")

    assert response.status_code == 503
    assert response.json()["database"] == "full"
    assert "disk is full" in response.json()["reasons"][0]


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_and_says_full_when_a_write_is_refused_for_want_of_disk(client):
    """PostgreSQL: its probe write answered with the server's own disk_full error
    (SQLSTATE 53100), as a full disk answers it."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's full disk: the test above and test_database_recovery")
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'could not extend file: No space left on device' "
            "USING ERRCODE = 'disk_full'; END $$"
        )
        cursor.execute(
            "CREATE TRIGGER disk_full BEFORE UPDATE ON django_migrations "
            "FOR EACH STATEMENT EXECUTE FUNCTION disk_full()"
        )
    try:
        response = client.get("/healthz")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER disk_full ON django_migrations")
            cursor.execute("DROP FUNCTION disk_full()")

    assert response.status_code == 503
    assert response.json()["database"] == "full"
    assert "disk is full" in response.json()["reasons"][0]
    assert client.get("/healthz").status_code == 200


def test_healthz_is_200_and_says_the_cache_is_degraded_when_redis_is_away(client):
    with override_settings(CACHES=unreachable_redis()):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "degraded",
        "reasons": ["The cache (default, versions) cannot be used: pages are rendered without it."],
    }
