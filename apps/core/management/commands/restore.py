"""``manage.py restore PATH``: put a copy made by ``backup`` back, after a confirmation.

The copy is checked first; then it replaces every row of the database at once
(SQLite's backup API, so serving workers see the old data or the new, never a mix),
and the cache of rendered pages is emptied. Run `migrate` afterwards if the copy is
older than the code.
"""

import sqlite3
from pathlib import Path

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from .backup import check_copy, postgres_advice


class Command(BaseCommand):
    help = "Replace the database with a copy made by `backup` (asks first; --yes for scripts)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the copy to restore")
        parser.add_argument(
            "--yes", "--noinput", "--no-input", action="store_true", dest="yes",
            help="do not ask for confirmation",
        )  # fmt: skip

    def handle(self, *args, path: Path, yes: bool, **options):
        if connection.vendor != "sqlite":
            raise CommandError(postgres_advice("pg_restore"))
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        check_copy(path)
        target = connection.settings_dict["NAME"]
        if not yes:
            answer = input(
                f"This replaces everything in {target} (every reader, list, note and saved "
                f"card) with the copy in {path}.\nType 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was changed.")
        connection.ensure_connection()
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as source:
            source.backup(connection.connection)
        source.close()
        cache.clear()  # pages rendered from the data that was replaced
        self.stdout.write(self.style.SUCCESS(f"Restored {target} from {path}"))
