"""``manage.py serve``: everything needed to run Stand Still locally, the production way.

Migrates, loads the content from seeds/, collects the static files, then
replaces itself with gunicorn (debug off, whitenoise serving static files).
Safe to run again: each step only does what is left to do.
"""

import os
import sys

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, load seeds/, collect static files and serve the app with gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")

    def handle(self, *args, host, port, workers, **options):
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=0)
        if "loadseeds" in get_commands():
            call_command("loadseeds", verbosity=verbosity)
        call_command("collectstatic", interactive=False, verbosity=0)
        if settings.DEBUG:
            self.stderr.write("DJANGO_DEBUG is set: serving with debug on.")

        bind_host = f"[{host}]" if ":" in host else host
        self.stdout.write(
            self.style.SUCCESS(f"Stand Still is running at http://{bind_host}:{port}/")
        )
        self.stdout.write("Press Ctrl+C to stop.")
        sys.stdout.flush()
        site_dir = str(settings.BASE_DIR / "site")
        gunicorn = [
            sys.executable, "-m", "gunicorn", "config.wsgi",
            "--config", str(settings.BASE_DIR / "gunicorn.conf.py"),
            "--chdir", str(settings.BASE_DIR),
            "--pythonpath", site_dir,
            "--bind", f"{bind_host}:{port}",
            "--workers", str(workers),
            "--access-logfile", "-",
            "--no-control-socket",
        ]  # fmt: skip
        os.execv(sys.executable, gunicorn)
