"""Backups you can trust: taken while readers save, restored with nothing lost."""

import sqlite3
import threading
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction

from apps.bookmarks import services
from apps.bookmarks.models import Bookmark, BookmarkList, Reader
from tests.factories import make_cards

pytestmark = pytest.mark.django_db(transaction=True)


def rows_now() -> set[tuple]:
    return set(Bookmark.objects.values_list("list__reader__token", "list__name", "card_id", "note"))


def saving_while(work, cards, token):
    """Save `cards` one by one (each its own transaction) in another thread while
    `work()` runs; returns what was committed before `work` began, and its result."""
    committed: list[int] = []
    started = threading.Event()

    def saver():
        try:
            for n, card in enumerate(cards):
                with transaction.atomic():  # a save and its note: in the copy both or neither
                    bookmark = services.save_card(token, card)
                    services.set_note(bookmark, f"note {n}")
                committed.append(card.pk)
                if n == 5:
                    started.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=saver)
    thread.start()
    started.wait(timeout=30)
    before = list(committed)
    result = work()
    thread.join(timeout=60)
    return before, result


def test_a_backup_taken_while_saving_restores_with_nothing_lost(tmp_path):
    if connection.vendor != "sqlite":
        return says_to_use_pg_dump(tmp_path)
    token, cards = uuid.uuid4(), make_cards(60)
    services.create_list(token, "Nights")
    copy = tmp_path / "backup.sqlite3"

    before, _ = saving_while(lambda: call_command("backup", str(copy), verbosity=0), cards, token)
    with sqlite3.connect(copy) as db:
        in_copy = {pk for (pk,) in db.execute("SELECT card_id FROM bookmarks_bookmark")}
        notes = dict(db.execute("SELECT card_id, note FROM bookmarks_bookmark"))
    assert set(before) <= in_copy  # everything saved before the backup began is in it
    assert all(notes[pk] for pk in in_copy)  # and each transaction whole: no note missing
    kept = rows_now()
    assert len(kept) == len(cards)  # the app went on saving meanwhile

    Reader.objects.all().delete()  # a disaster
    call_command("restore", str(copy), "--yes", verbosity=0)

    restored = rows_now()
    assert {row[2] for row in restored} == in_copy
    assert restored <= kept
    assert BookmarkList.objects.filter(name="Nights", reader__token=token).exists()


def test_restore_asks_first_and_changes_nothing_without_a_yes(tmp_path, monkeypatch):
    if connection.vendor != "sqlite":
        return says_to_use_pg_dump(tmp_path)
    copy = tmp_path / "empty.sqlite3"
    call_command("backup", str(copy), verbosity=0)
    services.create_list("6f1c5a8e-0b0e-4d4c-9a53-2f6b1f3f4a10", "Kept")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("restore", str(copy))

    assert BookmarkList.objects.filter(name="Kept").exists()


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    if connection.vendor != "sqlite":
        return says_to_use_pg_dump(tmp_path)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    services.create_list("6f1c5a8e-0b0e-4d4c-9a53-2f6b1f3f4a10", "Kept")

    with pytest.raises(CommandError, match="not a Stand Still database"):
        call_command("restore", str(junk), "--yes")

    assert BookmarkList.objects.filter(name="Kept").exists()


def test_backup_never_overwrites_a_file_or_the_database_unasked(tmp_path):
    if connection.vendor != "sqlite":
        return says_to_use_pg_dump(tmp_path)
    existing = tmp_path / "there.sqlite3"
    existing.write_text("keep me")

    with pytest.raises(CommandError, match="exists"):
        call_command("backup", str(existing))
    with pytest.raises(CommandError, match="the database itself"):
        call_command("backup", connection.settings_dict["NAME"], "--force")
    assert existing.read_text() == "keep me"


def says_to_use_pg_dump(tmp_path):
    """What the commands say on PostgreSQL, whose own tools make and restore backups."""
    assert connection.vendor == "postgresql"
    with pytest.raises(CommandError, match=r"use pg_dump, e\.g\. `pg_dump --format=custom"):
        call_command("backup", str(tmp_path / "x"))
    with pytest.raises(CommandError, match=r"There is no file"):
        call_command("restore", str(tmp_path / "x"), "--yes")
