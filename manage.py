#!/usr/bin/env python
"""Django's command-line utility for Stand Still."""

import os
import sys
from pathlib import Path

# The settings package lives in site/config; the standard library owns the
# module name "site", so site/ is a plain folder put on the import path.
sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from config.local import prepare_local_install

    prepare_local_install(sys.argv[1] if len(sys.argv) > 1 else "")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
