"""How the site's dependencies stand, for /healthz and the load balancer in front.

- database: "ok"; "read-only" when it answers but refuses a write (a write is tried
  inside a transaction that is rolled back, so nothing is kept); "full" when that
  write is refused for want of disk (on SQLite it also makes a table, so it needs a
  free page) or, SQLite, its disk has under 1 MB left; "down" when it does not answer. Any of
  the last three takes this server out of rotation (503): it could not save a
  reader's card. (PostgreSQL tells no client its free disk space: there a full
  disk shows as saves answered 503, see db.py.)
- cache: "ok", or "degraded" when a value written to either cache (pages,
  versions) cannot be read back (Redis unreachable or full, a cache file damaged and
  not yet made anew, a cache folder that cannot be written). Pages are then rendered
  without it (apps/core/caching.py), so the server stays in rotation (200).
"""

import logging
import os
import secrets
from dataclasses import dataclass, field

from django.core.cache import caches
from django.db import DatabaseError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from apps.core import db

log = logging.getLogger(__name__)


@dataclass
class Health:
    database: str = "ok"
    cache: str = "ok"
    reasons: list[str] = field(default_factory=list)

    @property
    def serving(self) -> bool:
        return self.database == "ok"

    def as_json(self) -> dict:
        status = "unavailable" if not self.serving else "degraded" if self.reasons else "ok"
        return {"status": status, "database": self.database, "cache": self.cache} | (
            {"reasons": self.reasons} if self.reasons else {}
        )


def check() -> Health:
    health = Health()
    health.database = _database(health.reasons)
    health.cache = _cache(health.reasons)
    return health


def _database(reasons: list[str]) -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        log.error("Health check: the database does not answer: %s", error)
        reasons.append(f"The database does not answer ({type(error).__name__}).")
        return "down"
    table = connection.ops.quote_name(MigrationRecorder.Migration._meta.db_table)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # A write that changes no row still needs the right to write.
            cursor.execute(f"UPDATE {table} SET app = app WHERE id IS NULL")
            if connection.vendor == "sqlite":  # and room to grow by a page (a table's root)
                cursor.execute("CREATE TABLE healthz_probe (id INTEGER)")
            transaction.set_rollback(True)
    except DatabaseError as error:
        if db.is_disk_full(error):
            log.error("Health check: the database's disk is full: %s", error)
            reasons.append(f"The database's disk is full: saves are refused ({error}).")
            return "full"
        log.error("Health check: the database refuses writes: %s", error)
        reasons.append(f"The database answers but refuses writes ({error}).".replace("\n", " "))
        return "read-only"
    if full := _sqlite_full():
        log.error("Health check: %s", full)
        reasons.append(full)
        return "full"
    return "ok"


# Below this, a disk is full for SQLite: a write also needs room for its journal.
MIN_FREE_BYTES = 1024 * 1024


def _sqlite_full() -> str:
    """Why the SQLite database will soon be refused writes for want of disk, or ""."""
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" or name == ":memory:" or "mode=memory" in name:
        return ""
    disk = os.statvfs(os.path.dirname(os.path.abspath(name)))
    free = disk.f_bavail * disk.f_frsize
    if free < MIN_FREE_BYTES:
        return f"The disk holding the database is full ({free // 1024} KB free): saves are refused."
    return ""


def _cache(reasons: list[str]) -> str:
    failing = [alias for alias in caches.settings if not _keeps(caches[alias])]
    if failing:
        reasons.append(
            f"The cache ({', '.join(failing)}) cannot be used: pages are rendered without it."
        )
        return "degraded"
    return "ok"


def _keeps(cache) -> bool:
    key, value = f"healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    try:
        cache.set(key, value, 10)
        kept = cache.get(key) == value
        cache.delete(key)
    except Exception as error:  # any backend, any failure: the site serves without it
        log.warning("Health check: the cache fails: %s", error)
        return False
    return kept
