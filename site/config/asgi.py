"""ASGI entry point, with site/ on the import path."""

import os
import sys
from pathlib import Path

# site/ holds this package: the standard library owns the module name "site".
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

application = get_asgi_application()
