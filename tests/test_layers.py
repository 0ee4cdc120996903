"""Each app names only the apps below it: in its Python imports and strings, its
templates, its scripts and its service-worker routes. A higher app fills a lower one's
page through a slot (apps/core/slots.py) or the shell's registry (apps/core/shell.py),
never the other way round.

"Names" is any of: `apps.X` imported, a URL name `X:…`, a template or static path
`X/…`, a script's import from X's folder, or a path under one of X's URLs ("/saved/").
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.helpers import url_patterns

ROOT = Path(settings.BASE_DIR)

# What each app may name, besides itself. core and pwa are the shell: one layer.
BELOW = {
    "core": {"pwa"},
    "pwa": {"core"},
    "cards": {"core", "pwa"},
    "reminders": {"core", "pwa"},
    "companion": {"core", "pwa", "reminders"},
    "timer": {"core", "pwa", "cards", "companion", "reminders"},
    "bookmarks": {"core", "pwa", "cards"},
    "accounts": {"core", "pwa", "cards", "bookmarks", "companion", "reminders"},
    "reachout": {"core", "pwa", "cards", "timer", "bookmarks", "companion", "reminders"},
}
APPS = set(BELOW)


def url_prefixes() -> dict[str, set[str]]:
    """The first path segment of each app's URLs ("/saved/" is bookmarks')."""
    found: dict[str, set[str]] = {}
    for pattern in url_patterns():
        app = getattr(pattern, "app_name", None)
        if app not in APPS:
            continue
        for inner in pattern.url_patterns:
            first = str(pattern.pattern) + str(inner.pattern)
            first = first.lstrip("^").split("/")[0]
            if first and "<" not in first and "." not in first:
                found.setdefault(app, set()).add(f"/{first}/")
    # Two apps may share a first segment (none do today): it then names neither.
    shared = {p for a in found for p in found[a] if any(p in found[b] for b in found if b != a)}
    return {app: prefixes - shared for app, prefixes in found.items()}


PREFIXES = url_prefixes()


def owner(path: Path) -> str | None:
    parts = path.relative_to(ROOT).parts
    if parts[0] in ("apps", "templates", "static") and len(parts) > 2 and parts[1] in APPS:
        return parts[1]
    if parts[0] == "templates" and len(parts) == 2:
        return "core"  # the top-level templates are the shell's
    return None


def named_in_text(text: str) -> set[tuple[str, str]]:
    """(app, how) for every app the text of a template or script names."""
    found = set()
    for app in APPS:
        patterns = [
            rf"""['"]{app}:[\w-]+['"]""",  # a URL name
            rf"""['"]{app}/[^'"\s]+\.(?:html|js|css|svg|png|json)""",  # a template or static file
            rf"""['"](?:\.\./|/static/){app}/""",  # a script's import or a static URL
        ]
        for prefix in PREFIXES.get(app, ()):
            patterns.append(rf"""['"`]{re.escape(prefix)}""")
        for pattern in patterns:
            for match in re.finditer(pattern, text):
                found.add((app, match.group(0)))
    return found


def named_in_python(source: str) -> set[tuple[str, str]]:
    found = set()
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("apps."):
            found.add((node.module.split(".")[1], f"from {node.module} import"))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("apps."):
                    found.add((alias.name.split(".")[1], f"import {alias.name}"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if text and id(node) not in docstrings:
            found |= named_in_text(repr(node.value))
    return found


def files():
    for folder, patterns in (
        ("apps", ("*.py",)),
        ("templates", ("*.html", "*.js", "*.json", "*.txt")),
        ("static", ("*.js", "*.css")),
    ):
        for pattern in patterns:
            for path in sorted((ROOT / folder).rglob(pattern)):
                if "migrations" in path.parts or "vendor" in path.parts:
                    continue
                if owner(path):
                    yield path


def reaches_up(path: Path) -> list[str]:
    app = owner(path)
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        named = named_in_python(text)
    else:
        named = named_in_text(
            re.sub(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", "", text, flags=re.S)
        )
    return sorted(
        f"{how} ({other})" for other, how in named if other != app and other not in BELOW[app]
    )


@pytest.mark.parametrize("path", list(files()), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_file_names_an_app_above_its_own(path):
    found = reaches_up(path)
    assert not found, f"{path.relative_to(ROOT)} ({owner(path)}) names a higher app: {found}"


def test_the_check_finds_a_template_naming_a_higher_app(tmp_path, monkeypatch):
    monkeypatch.setattr("tests.test_layers.ROOT", tmp_path)
    template = tmp_path / "templates" / "cards" / "x.html"
    template.parent.mkdir(parents=True)
    template.write_text("""<a href="{% url 'bookmarks:saved' %}">Saved</a>""")
    script = tmp_path / "static" / "core" / "x.js"
    script.parent.mkdir(parents=True)
    script.write_text('import "../bookmarks/outbox.js";\nfetch("/saved/lists/");')
    module = tmp_path / "apps" / "timer" / "x.py"
    module.parent.mkdir(parents=True)
    module.write_text('from apps.reachout import steps\nURL = "reachout:start"\n')

    assert reaches_up(template) == ["'bookmarks:saved' (bookmarks)"]
    assert reaches_up(script) == ['"../bookmarks/ (bookmarks)', '"/saved/ (bookmarks)']
    assert reaches_up(module) == [
        "'reachout:start' (reachout)",
        "from apps.reachout import (reachout)",
    ]
