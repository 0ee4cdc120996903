"""The translations are compiled from the .po files kept in the repository, by polib:
the .mo files Django reads and the scripts' words one static file per language."""

import json
import os
import shutil
from io import StringIO

from django.core.management import call_command

from apps.core.catalogs import LOCALE, compile_catalogs


def spanish_scripts_catalog(tmp_path):
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(LOCALE / "es" / "LC_MESSAGES" / "djangojs.po", folder)
    return folder / "djangojs.po"


def test_the_scripts_words_are_written_as_a_static_file_with_plurals_and_contexts(tmp_path):
    spanish_scripts_catalog(tmp_path)

    written = compile_catalogs(tmp_path)

    words = tmp_path / "words" / "es.js"
    assert sorted(written) == sorted([tmp_path / "es/LC_MESSAGES/djangojs.mo", words])
    text = words.read_text()
    assert text.startswith("// Made from djangojs.po.\nglobalThis.standStillWords = {")
    catalog = json.loads(text.split(" = ", 1)[1].rstrip(";\n"))
    assert catalog["Breathe in"] == "Inhala"
    assert catalog["%(n)s minute left"] == ["Queda %(n)s minuto", "Quedan %(n)s minutos"]
    assert any("\x04" in key for key in catalog)  # a word with its context


def test_a_catalog_is_compiled_again_only_when_its_po_changed(tmp_path):
    po = spanish_scripts_catalog(tmp_path)
    compile_catalogs(tmp_path)
    assert compile_catalogs(tmp_path) == []

    later = po.stat().st_mtime + 10
    os.utime(po, (later, later))

    assert len(compile_catalogs(tmp_path)) == 2


def test_the_command_a_deploy_runs_before_collectstatic_says_what_it_did():
    out = StringIO()
    call_command("compilecatalogs", stdout=out)  # the test run compiled them already
    assert out.getvalue() == "The catalogs are up to date.\n"
