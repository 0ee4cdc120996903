"""A damaged or full cache stops nothing, and never shows a reader what they changed
back (apps/core/caching.py, README "When things go wrong").

Each disk store (pages, versions) is damaged in each way before a command starts,
while pages are served in this process, and under a real gunicorn; its folder is
made unwritable and writable again; Redis is filled under `noeviction`; a backup is
restored while pages are kept.
"""

import logging
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from apps.cards.models import Card
from apps.core import caching, health, pagecache
from config.settings import cache_settings
from tests import services
from tests.bookmarks_helpers import reader_client, save
from tests.factories import make_card

ROOT = Path(__file__).resolve().parents[1]
STORES = ["pages", "versions"]


def damage(store: Path, how: str) -> None:
    """Damage every SQLite file of a disk store (each shard's cache.db)."""
    for db in store.rglob("cache.db"):
        if how == "truncated":
            os.truncate(db, db.stat().st_size // 3)
        elif how == "emptied":
            os.truncate(db, 0)
        elif how == "garbage":
            db.write_bytes(secrets.token_bytes(max(db.stat().st_size, 4096)))
        elif how == "companions-missing":  # a crash left a journal, then it was lost
            for companion in db.parent.glob("cache.db-*"):
                companion.unlink()
            db.with_name("cache.db-journal").write_bytes(secrets.token_bytes(512))
        else:
            raise AssertionError(how)


def filled_caches(folder: Path) -> dict:
    """Both disk stores in `folder`, with values in them."""
    chosen = cache_settings("", folder)
    with override_settings(CACHES=chosen):
        for alias in caches.settings:
            for n in range(50):
                caches[alias].set(f"k{n}", "x" * 2000)
    return chosen


def command_env(tmp_path: Path, cache_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    return env | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_CACHE_DIR": str(cache_dir),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "",
    }


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def saved_shown(client: Client, card) -> dict[str, bool]:
    """Whether the card shows as Saved on its page, in the feed and on Saved."""
    label = f'aria-label="Saved: {card.title}"'
    pages = {"card": card.get_absolute_url(), "feed": "/", "saved": "/saved/"}
    shown = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        shown[name] = label in text if name != "saved" else card.title in text
    return shown


@pytest.mark.parametrize("how", ["truncated", "emptied", "garbage", "companions-missing"])
@pytest.mark.parametrize("store", STORES)
def test_every_command_starts_with_a_damaged_cache_file(tmp_path, store, how):
    cache_dir = tmp_path / "cache"
    filled_caches(cache_dir)
    damage(cache_dir / store, how)
    env = command_env(tmp_path, cache_dir)

    assert manage(env, "check").returncode == 0
    migrated = manage(env, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    used = manage(env, "shell", "-c", "from apps.core import health; print(health.check().cache)")
    assert used.returncode == 0, used.stderr[-2000:]
    assert used.stdout.strip().endswith("ok")  # set aside and made anew by then
    if how in ("truncated", "garbage"):
        assert (cache_dir / f"{store}.damaged").is_dir()


def test_every_command_starts_when_the_cache_folder_cannot_be_made(tmp_path):
    in_the_way = tmp_path / "not-a-folder"
    in_the_way.write_text("a file where the cache folder goes")
    env = command_env(tmp_path, in_the_way / "cache")

    assert manage(env, "check").returncode == 0
    result = manage(env, "shell", "-c", "from apps.core import health; print(health.check().cache)")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("degraded")
    assert "running without it" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["truncated", "emptied", "garbage", "companions-missing"])
@pytest.mark.parametrize("store", STORES)
def test_a_cache_file_damaged_while_serving_is_set_aside_with_one_log_line(
    tmp_path, store, how, caplog
):
    card = make_card(title="Held steady")
    with override_settings(CACHES=cache_settings("", tmp_path)):
        reader = reader_client()
        save(reader, card)
        assert all(saved_shown(reader, card).values())
        with caplog.at_level(logging.WARNING, logger="apps.core.caching"):
            damage(tmp_path / store, how)
            assert all(saved_shown(reader, card).values())
            save(reader, card, action="unsave")
            assert not any(saved_shown(reader, card).values())
            assert not any(saved_shown(reader, card).values())  # kept copies, right too
        assert health.check().cache == "ok"

    set_aside = [r for r in caplog.records if "set aside" in r.getMessage()]
    if how in ("truncated", "garbage"):
        assert len(set_aside) == 1, [r.getMessage() for r in caplog.records]
        assert store in set_aside[0].getMessage()


@pytest.mark.django_db
def test_a_folder_that_cannot_be_written_is_degraded_then_ok_once_mended(tmp_path, monkeypatch):
    monkeypatch.setattr(caching.DiskCache, "PAUSE", 0.2)
    card = make_card(title="Still served")
    in_the_way = tmp_path / "cache"
    in_the_way.write_text("a file where the cache folder goes")
    with override_settings(CACHES=cache_settings("", in_the_way / "inside")):
        reader = reader_client()
        save(reader, card)
        assert all(saved_shown(reader, card).values())
        assert health.check().as_json()["status"] == "degraded"
        save(reader, card, action="unsave")  # written nowhere: the cache refuses it

        in_the_way.unlink()  # the folder can be made again
        deadline = time.monotonic() + 10
        while health.check().cache != "ok" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert health.check().as_json()["status"] == "ok"
        assert not any(saved_shown(reader, card).values())
        assert not any(saved_shown(reader, card).values())


@pytest.mark.django_db
def test_a_full_cache_disk_never_shows_a_reader_their_old_state(tmp_path, monkeypatch):
    """A version write refused (SQLite: disk full) sets the store aside whole, so a
    process that opened it before (another worker) no longer reads the old version."""
    card = make_card(title="Let go")
    chosen = cache_settings("", tmp_path)
    with override_settings(CACHES=chosen):
        reader = reader_client()
        save(reader, card)
        assert all(saved_shown(reader, card).values())
        other_worker = caching.DiskCache(str(tmp_path / "versions"), chosen["versions"])
        keys = [k for k in caches["versions"]._cache if "reader-version" in str(k)]
        before = {key: other_worker._cache.get(key) for key in keys}
        assert all(before.values())

        def full(*args, **kwargs):
            raise sqlite3.OperationalError("database or disk is full")

        with monkeypatch.context() as disk:
            disk.setattr("diskcache.core.Cache.set", full)
            disk.setattr("diskcache.core.Cache.add", full)
            save(reader, card, action="unsave")
            assert not any(saved_shown(reader, card).values())
            assert all(other_worker._cache.get(key) != before[key] for key in keys)

        assert not any(saved_shown(reader, card).values())  # the disk has room again
        assert not any(saved_shown(reader, card).values())


@pytest.mark.django_db
def test_a_store_that_could_not_be_written_nor_set_aside_is_emptied_once_writable(
    tmp_path, monkeypatch
):
    """A read-only cache folder (as its parent): the version write and the set-aside
    are both refused. Once writable again, the store (holding the reader's old
    version) is emptied before it is used, so the old pages never come back."""
    monkeypatch.setattr(caching.DiskCache, "PAUSE", 0.2)
    card = make_card(title="Taken out")
    with override_settings(CACHES=cache_settings("", tmp_path)):
        reader = reader_client()
        save(reader, card)
        assert all(saved_shown(reader, card).values())

        def read_only(*args, **kwargs):
            raise sqlite3.OperationalError("attempt to write a readonly database")

        def no_rename(*args, **kwargs):
            raise PermissionError("read-only folder")

        with monkeypatch.context() as disk:
            disk.setattr("diskcache.core.Cache.set", read_only)
            disk.setattr("diskcache.core.Cache.add", read_only)
            disk.setattr("diskcache.core.Cache.delete", read_only)
            disk.setattr(caching.os, "replace", no_rename)
            save(reader, card, action="unsave")
            assert not any(saved_shown(reader, card).values())
            assert health.check().cache == "degraded"

        deadline = time.monotonic() + 10  # writable again
        while health.check().cache != "ok" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert health.check().cache == "ok"
        assert not any(saved_shown(reader, card).values())
        assert not any(saved_shown(reader, card).values())


# With a real redis-server, full under `noeviction`.


@pytest.fixture
def full_redis(tmp_path):
    if not shutil.which("redis-server"):
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing in CI")
        pytest.skip("needs redis-server (apt-get install -y redis-server)")
    server = services.Redis(tmp_path).start()

    def cli(*args):
        command = ["redis-cli", "-s", str(server.socket), *args]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout

    cli("config", "set", "maxmemory-policy", "noeviction")
    yield server, cli
    server.stop()


@pytest.mark.django_db
def test_a_full_redis_never_shows_a_reader_their_old_state(full_redis):
    server, cli = full_redis
    card = make_card(title="Unsaved at night")
    with override_settings(CACHES=cache_settings(server.url, Path("/unused"))):
        reader = reader_client()
        save(reader, card)
        assert all(saved_shown(reader, card).values())
        cli("config", "set", "maxmemory", "1")  # full: every write refused
        with pytest.raises(Exception, match="maxmemory"):
            caches["default"].set("probe", "x" * 10000)

        save(reader, card, action="unsave")
        assert not any(saved_shown(reader, card).values())
        assert health.check().as_json()["status"] == "degraded"

        cli("config", "set", "maxmemory", "0")  # room again
        assert not any(saved_shown(reader, card).values())
        assert not any(saved_shown(reader, card).values())
        assert health.check().as_json()["status"] == "ok"


# Restore.


def backup_to(copy: Path) -> Path:
    """A backup as the README makes one: `backup` on SQLite, pg_dump on PostgreSQL."""
    if connection.vendor != "postgresql":
        call_command("backup", str(copy), verbosity=0)
        return copy
    if not shutil.which("pg_dump"):
        pytest.skip("needs pg_dump (apt-get install postgresql-client)")
    db = connection.settings_dict
    dump = ["pg_dump", "--format=custom", "--file", str(copy), "--dbname", db["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            dump += [option, str(db[key])]
    subprocess.run(dump, check=True, env=os.environ | {"PGPASSWORD": db.get("PASSWORD") or ""})
    return copy


@pytest.mark.django_db(transaction=True)
def test_restore_while_serving_retires_every_kept_page_and_memo(tmp_path):
    card = make_card(title="As it was")
    copy = backup_to(tmp_path / "backup")
    client = Client()
    Card.objects.filter(pk=card.pk).update(title="Edited after the backup")
    pagecache.content_changed()
    assert "Edited after the backup" in client.get(card.get_absolute_url()).content.decode()
    assert "Edited after the backup" in client.get("/").content.decode()

    call_command("restore", str(copy), "--yes", verbosity=0)

    for url in [card.get_absolute_url(), "/"]:
        page = client.get(url).content.decode()
        assert "As it was" in page and "Edited after the backup" not in page, url


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_truncated_dump_and_changes_nothing(tmp_path):
    make_card(title="Still here")
    copy = backup_to(tmp_path / "backup")
    os.truncate(copy, copy.stat().st_size // 2)

    with pytest.raises(Exception, match="not a whole Stand Still dump|damaged|not a Stand"):
        call_command("restore", str(copy), "--yes", verbosity=0)

    assert Card.objects.filter(title="Still here").exists()


def test_backup_into_a_missing_folder_says_so_in_one_line(tmp_path):
    env = command_env(tmp_path, tmp_path / "cache")
    result = manage(env, "backup", str(tmp_path / "nowhere" / "copy.sqlite3"))

    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"CommandError: There is no folder {tmp_path / 'nowhere'}: make it, or choose another."
    ]


# Under a real gunicorn: no worker dies.


def test_under_gunicorn_cache_files_damaged_while_serving_kill_no_worker(tmp_path):
    cache_dir = tmp_path / "cache"
    env = command_env(tmp_path, cache_dir) | {
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_HTTPS": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    services.manage(env, "migrate", "--noinput")
    services.manage(env, "collectstatic", "--noinput")
    server = services.AppServer(env, tmp_path, workers=2).start()
    urls = ["/", "/help/", "/stand-still/", "/saved/"]

    def all_pages_answer():
        for _ in range(4):  # reaches both workers
            for url in urls:
                with services.urllib.request.urlopen(server.base + url, timeout=10) as answer:
                    assert answer.status == 200, url

    try:
        all_pages_answer()
        for how in ["truncated", "emptied", "garbage", "companions-missing"]:
            for store in STORES:
                if (cache_dir / store).exists():
                    damage(cache_dir / store, how)
                all_pages_answer()
        for shard in cache_dir.rglob("cache.db*"):  # truncated under an open reader
            os.truncate(shard, 0)
        all_pages_answer()
        assert server.process.poll() is None
    finally:
        server.stop()
    log = server.log.read_text()
    assert log.count("Booting worker") == 2, log[-3000:]
    assert "SIGBUS" not in log and "exited" not in log.lower(), log[-3000:]
