"""``manage.py makeicons``: render the PNG icons from static/pwa/icon.svg (commit the result)."""

from django.core.management.base import BaseCommand

from apps.pwa.icons import SOURCE, write_all


class Command(BaseCommand):
    help = (
        "Render the app icons (192, 512, maskable 512, apple-touch 180) from static/pwa/icon.svg."
    )

    def handle(self, *args, **options):
        for path in write_all(SOURCE.parent):
            self.stdout.write(f"wrote {path.relative_to(SOURCE.parents[2])}")
