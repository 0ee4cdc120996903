"""/healthz, for the load balancer: 200 while this server can read and write the
database, 503 (with the reason) when it cannot; the cache's state named either way."""

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
