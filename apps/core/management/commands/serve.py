"""``manage.py serve``: everything needed to run Stand Still locally, the production way.

Migrates, loads the content from seeds/, collects the static files, then
replaces itself with gunicorn (debug off, whitenoise serving static files), in
threaded workers (gunicorn.conf.py says why). A port already in use is one line
and exit 1; "Stand Still is running at ..." is printed by gunicorn.conf.py once a
worker is ready to answer.
Safe to run again: each step only does what is left to do. Collecting (hashing
and compressing every file with brotli) is most of a cold start, so it is
skipped when the static sources are those of the last collection.
"""

import errno
import hashlib
import os
import socket
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from apps.core.catalogs import compile_catalogs

# collectstatic's default ignore patterns.
IGNORED = ["CVS", ".*", "*~"]


LOOPBACK = {"127.0.0.1", "::1", "localhost"}


class Command(BaseCommand):
    help = "Migrate, load seeds/, collect static files and serve the app with gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")

    def handle(self, *args, host, port, workers, **options):
        verbosity = options["verbosity"]
        refuse_if_taken(host, port)
        compile_catalogs()  # the translations (locale/*.po), for this checkout
        call_command("migrate", interactive=False, verbosity=0)
        call_command("clearsessions")  # expired sessions (an unfinished sign-in's) go
        if "loadseeds" in get_commands():
            call_command("loadseeds", verbosity=verbosity)
        collect_static_if_changed(self.stdout if verbosity else None)
        if settings.DEBUG:
            self.stderr.write("DJANGO_DEBUG is set: serving with debug on.")

        bind_host = f"[{host}]" if ":" in host else host
        # Loopback is named `localhost`: passkeys need a domain name (WebAuthn takes no
        # IP address), and localhost is the default relying party (README, accounts).
        shown_host = "localhost" if host in LOOPBACK else bind_host
        os.environ["STANDSTILL_SERVE_URL"] = f"http://{shown_host}:{port}/"
        self.stdout.write("Starting the server...")
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


def refuse_if_taken(host: str, port: int) -> None:
    """One clear line, before any work, when the address can't be listened on (gunicorn
    alone would retry five times, printing an error each time, then exit 1)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            # As gunicorn binds: a port left in TIME_WAIT by a stopped server is free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise CommandError(
                f"Port {port} on {host} is already in use: stop what runs there, "
                f"or choose another port with --port."
            ) from None
        raise CommandError(f"Can't listen on {host}:{port}: {error.strerror or error}.") from None


def collect_static_if_changed(out=None) -> bool:
    """Run collectstatic unless STATIC_ROOT holds the collection it last made, of
    exactly these sources (recorded beside it, with its manifest). Says whether it ran."""
    record = Path(f"{settings.STATIC_ROOT}.sources")
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    sources = static_sources_digest()
    if record.exists() and record.read_text() == _collected(sources, manifest):
        if out:
            out.write("Static files unchanged since they were collected.")
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    record.write_text(_collected(sources, manifest))
    return True


def _collected(sources: str, manifest: Path) -> str:
    made = (
        hashlib.blake2b(manifest.read_bytes(), digest_size=16).hexdigest()
        if manifest.exists()
        else ""
    )
    return f"sources {sources}\nmanifest {made}\n"


def static_sources_digest() -> str:
    """Every file collectstatic would copy (the first found of each path, as it
    does), by path and content, and the storage that processes them."""
    found: dict[str, str] = {}
    for finder in finders.get_finders():
        for path, storage in finder.list(IGNORED):
            found.setdefault(path, storage.path(path))
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{settings.STORAGES['staticfiles']} {settings.STATIC_URL}".encode())
    for path in sorted(found):
        digest.update(path.encode() + b"\0" + Path(found[path]).read_bytes() + b"\0")
    return digest.hexdigest()
