"""``manage.py restore PATH``: put a backup back, after a confirmation.

SQLite, a copy made by ``backup``: checked first, then it replaces every row of the
database at once (SQLite's backup API, so serving workers see the old data or the
new, never a mix). PostgreSQL, a dump made by ``pg_dump --format=custom``: read
whole first (``pg_restore --list``), then restored in one transaction, so a
truncated or damaged dump changes nothing.

Then every kept page and memo is retired: both caches are emptied, so the content
version and every reader's version start anew, in every worker (per-process memos
are kept per content version). Run `migrate` afterwards if the copy is older than
the code.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from .backup import check_copy


class Command(BaseCommand):
    help = "Replace the database with a backup (asks first; --yes for scripts)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the copy (SQLite) or dump (PostgreSQL)")
        parser.add_argument(
            "--yes", "--noinput", "--no-input", action="store_true", dest="yes",
            help="do not ask for confirmation",
        )  # fmt: skip

    def handle(self, *args, path: Path, yes: bool, **options):
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        postgres = connection.vendor == "postgresql"
        if postgres:
            check_dump(path)
        elif connection.vendor == "sqlite":
            check_copy(path)
        else:
            raise CommandError(f"Restoring a {connection.vendor} database is not supported.")
        target = connection.settings_dict["NAME"]
        if not yes:
            answer = input(
                f"This replaces everything in {target} (every reader, list, note and saved "
                f"card) with the copy in {path}.\nType 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was changed.")
        if postgres:
            connection.close()  # hold no lock the restore waits on
            run_pg_restore(path)
        else:
            connection.ensure_connection()
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as source:
                source.backup(connection.connection)
            source.close()
        self.retire_kept_pages()
        self.stdout.write(self.style.SUCCESS(f"Restored {target} from {path}"))

    def retire_kept_pages(self) -> None:
        """Pages, reader state and versions kept from the data that was replaced."""
        for alias in caches:
            try:
                caches[alias].clear()
            except Exception as error:  # the database is restored; say what is left
                self.stderr.write(
                    f"The {alias} cache could not be emptied ({error}): restart the app "
                    "servers, and empty it (or REDIS_URL's database) when it answers."
                )


def _pg(tool: str) -> tuple[list[str], dict]:
    found = shutil.which(tool)
    if not found:
        raise CommandError(
            f"Restoring a PostgreSQL dump needs {tool}: apt-get install postgresql-client."
        )
    db = connection.settings_dict
    args = [found, "--dbname", db["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [option, str(db[key])]
    env = os.environ | ({"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {})
    return args, env


def check_dump(path: Path) -> None:
    """A dump pg_restore reads to its end, or CommandError: checked before anything
    is dropped."""
    args, env = _pg("pg_restore")
    result = subprocess.run([args[0], "--list", str(path)], env=env, capture_output=True, text=True)
    if result.returncode or "django_migrations" not in result.stdout:
        reason = result.stderr.strip().splitlines()[-1:] or ["no Stand Still tables in it"]
        raise CommandError(f"{path} is not a whole Stand Still dump: {reason[0]}")


def run_pg_restore(path: Path) -> None:
    args, env = _pg("pg_restore")
    command = [*args, "--clean", "--if-exists", "--no-owner", "--single-transaction"]
    result = subprocess.run([*command, str(path)], env=env, capture_output=True, text=True)
    if result.returncode:
        raise CommandError(
            "pg_restore failed; nothing was changed (one transaction): "
            + (result.stderr.strip().splitlines() or ["no message"])[-1]
        )
