"""The scripts show no English a translator can't reach: every text a script puts on
the page (textContent, innerText, a title, a placeholder, an aria-label, a confirm()
or alert()) goes through static/core/words.js, never as an English literal."""

import re
from pathlib import Path

import pytest
from django.conf import settings

SCRIPTS = sorted(
    p
    for p in (Path(settings.BASE_DIR) / "static").rglob("*.js")
    if "django_htmx" not in p.parts and p.name != "webauthn-json.js"
)
# A text literal (a letter first) put where a person reads or hears it.
SHOWN = re.compile(
    r"""(?:\.(?:textContent|innerText|title|placeholder)\s*=\s*"""
    r"""|setAttribute\(\s*["']aria-label["']\s*,\s*"""
    r"""|\b(?:confirm|alert)\(\s*)["'`][A-Za-z]"""
)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_a_script_shows_no_english_literal(script):
    found = [
        line.strip()
        for line in script.read_text(encoding="utf-8").splitlines()
        if SHOWN.search(line)
    ]
    assert found == []


def test_the_check_finds_an_english_literal():
    assert SHOWN.search('status.textContent = "Kept on this phone.";')
    assert SHOWN.search("button.setAttribute('aria-label', `Saved: ${title}`);")
    assert not SHOWN.search('status.textContent = gettext("Kept on this phone.");')
    assert not SHOWN.search('status.textContent = "";')
