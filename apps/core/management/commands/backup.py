"""``manage.py backup PATH``: a consistent copy of the database, taken while the app serves.

SQLite: the online backup API copies every page as of one moment, however many
workers are writing; the copy is checked, then moved into place whole. PostgreSQL:
use pg_dump (the command says how, and whether it is installed); `restore` takes
its dump.
"""

import os
import shutil
import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


def postgres_advice() -> str:
    found = shutil.which("pg_dump")
    where = (
        f"pg_dump is installed at {found}."
        if found
        else "pg_dump is not installed here: apt-get install postgresql-client."
    )
    db = connection.settings_dict
    example = (
        f"pg_dump --format=custom --file PATH --host {db['HOST'] or 'localhost'} "
        f"--username {db['USER']} {db['NAME']}"
    )
    return (
        f"This database is PostgreSQL: use pg_dump, e.g. `{example}`; "
        f"`manage.py restore PATH` restores it. {where}"
    )


def check_copy(path: Path) -> None:
    """A copy that SQLite reads as whole and that holds this app's tables, or CommandError."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as copy:
            (result,) = copy.execute("PRAGMA integrity_check").fetchone()
            copy.execute("SELECT COUNT(*) FROM django_migrations").fetchone()
    except sqlite3.DatabaseError as error:
        raise CommandError(f"{path} is not a Stand Still database: {error}") from None
    if result != "ok":
        raise CommandError(f"{path} is damaged: {result}")


class Command(BaseCommand):
    help = "Copy the database to PATH while the app serves (SQLite; on PostgreSQL, use pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="where to write the copy")
        parser.add_argument("--force", action="store_true", help="replace PATH if it exists")

    def handle(self, *args, path: Path, force: bool, **options):
        if connection.vendor != "sqlite":
            raise CommandError(postgres_advice())
        path = path.resolve()
        if path == Path(connection.settings_dict["NAME"]).resolve():
            raise CommandError("That is the database itself: choose another path.")
        if path.exists() and not force:
            raise CommandError(f"{path} exists: choose another path, or add --force.")
        if not path.parent.is_dir():
            raise CommandError(f"There is no folder {path.parent}: make it, or choose another.")
        partial = path.with_name(f".{path.name}.partial")
        partial.unlink(missing_ok=True)
        connection.ensure_connection()
        with sqlite3.connect(partial) as copy:
            connection.connection.backup(copy)
        copy.close()
        check_copy(partial)
        os.replace(partial, path)
        self.stdout.write(self.style.SUCCESS(f"Backed up to {path}"))
