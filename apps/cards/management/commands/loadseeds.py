"""``manage.py loadseeds``: check every file in seeds/, then load them in one transaction.

What changed retires the cached pages as it is written (content models, pagecache);
unchanged seeds write nothing and keep every page warm."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from apps.cards.loading import load_seeds
from apps.cards.seeds import LOADERS, SeedError, read_seeds


class Command(BaseCommand):
    help = "Load the articles and cards in seeds/ (idempotent; nothing is written on a bad file)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--seeds", type=Path, default=settings.BASE_DIR / "seeds", help="folder to load"
        )

    def handle(self, *args, seeds: Path, **options):
        if not seeds.is_dir():
            raise CommandError(f"No seeds folder at {seeds}")
        try:
            checked = read_seeds(seeds)
            others = [(load, read(seeds, checked)) for read, load in LOADERS]
        except SeedError as error:
            raise CommandError(f"Nothing loaded. {error}") from None
        # The seeds' own language, whatever was active: rows are read and written in it.
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            report = str(load_seeds(checked))
            lines = [load(data) for load, data in others]
        self.stdout.write(" ".join([report, *lines]))
