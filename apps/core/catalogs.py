"""The translations' compiled catalogs, made from the .po files kept in the repository:
- locale/<language>/LC_MESSAGES/django.mo (and djangojs.mo), for Django's gettext;
- locale/words/<language>.js, the scripts' words (djangojs.po) as one static file per
  language (`words/es.js`), which each page of that language loads before its scripts
  and the service worker keeps; static/core/words.js reads it.

polib compiles them, so no machine needs GNU gettext to run the app or its tests
(`makemessages`, which only the people adding strings run, does). `serve` and the test
run call `compile_catalogs()` first, before static files are collected; a file already
newer than its .po is left. None of them is kept in the repository.
"""

import json
import os
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "locale"
WORDS = "words"  # the scripts' words: locale/words/, collected as static/words/


def compile_catalogs(locale: Path = LOCALE) -> list[Path]:
    """Every .po whose compiled files are missing or older, compiled; those written."""
    written = []
    for po in sorted(locale.glob("*/LC_MESSAGES/*.po")):
        targets = [po.with_suffix(".mo")]
        if po.stem == "djangojs":
            targets.append(locale / WORDS / f"{po.parents[1].name}.js")
        for target in targets:
            if target.exists() and target.stat().st_mtime >= po.stat().st_mtime:
                continue
            target.parent.mkdir(exist_ok=True)
            part = target.with_name(f"{target.name}.{os.getpid()}.part")
            if target.suffix == ".mo":
                polib.pofile(str(po)).save_as_mofile(str(part))
            else:
                part.write_text(_words_script(script_words(po)), encoding="utf-8")
            os.replace(part, target)  # whole or not at all, with two processes at once
            written.append(target)
    return written


def script_words(po: Path) -> dict:
    """A djangojs.po as the catalog words.js reads, Django's JavaScript catalog's shape:
    msgid (after its context and "\\x04", if it has one) -> msgstr, or [one, many]."""
    words = {}
    for entry in polib.pofile(str(po)).translated_entries():
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        plural = [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)]
        words[key] = plural if entry.msgid_plural else entry.msgstr
    return words


def _words_script(words: dict) -> str:
    catalog = json.dumps(words, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"// Made from djangojs.po.\nglobalThis.standStillWords = {catalog};\n"
