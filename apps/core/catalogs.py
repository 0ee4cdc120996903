"""The translations' compiled catalogs: locale/<language>/LC_MESSAGES/django.mo, made
from the .po files that are kept in the repository (the .mo files are not).

polib compiles them, so no machine needs GNU gettext to run the app or its tests
(`makemessages`, which only the people adding strings run, does). `serve` and the test
run call `compile_catalogs()` first; a catalog already newer than its .po is left.
"""

import os
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def compile_catalogs(locale: Path = LOCALE) -> list[Path]:
    """Every .po whose .mo is missing or older, compiled; the .mo files written."""
    written = []
    for po in sorted(locale.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        part = mo.with_name(f"{mo.name}.{os.getpid()}.part")
        polib.pofile(str(po)).save_as_mofile(str(part))
        os.replace(part, mo)  # whole or not at all, with two processes at once
        written.append(mo)
    return written
