"""The local install's environment: ``manage.py serve`` and the commands run beside it.

``serve`` runs the app the production way (debug off), which needs a secret key.
When none is set, one is generated once into a git-ignored file,
``.local/secret_key``, so sessions and signed cookies survive restarts without a
secret in the repo. Every other ``manage.py`` command (backup, restore, shell,
loadseeds...) then uses that same key, so the README's commands work on the
install ``serve`` made.

Only ``manage.py`` ever reads the file: gunicorn started on ``config.wsgi`` (the
production way) never does, so a production server without DJANGO_SECRET_KEY
still refuses to start, even in a folder where ``serve`` once ran. A key given in
the environment always wins.
"""

import os
import secrets
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
SECRET_FILE = PROJECT_DIR / ".local" / "secret_key"


def local_secret_key() -> str:
    if not SECRET_FILE.exists():
        SECRET_FILE.parent.mkdir(exist_ok=True)
        SECRET_FILE.write_text(secrets.token_urlsafe(50))
        SECRET_FILE.chmod(0o600)
    return SECRET_FILE.read_text().strip()


def prepare_local_install(command: str) -> None:
    """Before a manage.py command: `serve` makes the local key if needed; any other
    command uses it when `serve` made one and no key is given."""
    if command != "serve" and (os.environ.get("DJANGO_SECRET_KEY") or not SECRET_FILE.exists()):
        return
    if not os.environ.get("DJANGO_SECRET_KEY"):
        os.environ["DJANGO_SECRET_KEY"] = local_secret_key()
    # Plain http on loopback: no HTTPS redirect, HSTS or Secure-only cookies.
    os.environ.setdefault("DJANGO_HTTPS", "false")
