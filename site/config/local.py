"""Prepare the environment for ``manage.py serve`` on a developer's machine.

``serve`` runs the app the production way (debug off), which needs a secret
key. When none is set, one is generated once into a git-ignored file, so
sessions and signed cookies survive restarts without a secret in the repo.
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


def prepare_local_serving() -> None:
    os.environ.setdefault("DJANGO_SECRET_KEY", local_secret_key())
    # Plain http on loopback: no HTTPS redirect, HSTS or Secure-only cookies.
    os.environ.setdefault("DJANGO_HTTPS", "false")
