"""``manage.py compilecatalogs``: the translations compiled from locale/*/LC_MESSAGES/*.po
(apps/core/catalogs.py), with polib, so no GNU gettext is needed. A deploy runs it
before ``collectstatic``, which collects the scripts' words it writes; ``serve`` and
the tests run it themselves."""

from django.core.management.base import BaseCommand

from apps.core.catalogs import LOCALE, compile_catalogs


class Command(BaseCommand):
    help = "Compile the translations (locale/*.po) and the scripts' words, before collectstatic."

    def handle(self, *args, **options):
        written = compile_catalogs()
        for path in written:
            self.stdout.write(f"Wrote {path.relative_to(LOCALE.parent)}")
        if not written:
            self.stdout.write("The catalogs are up to date.")
