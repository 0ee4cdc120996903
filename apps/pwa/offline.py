"""What the service worker keeps on the device, and the version that names its cache.

Everything here comes from what the apps registered with the shell (apps/core/shell.py:
`shell.offline(...)`): pwa names no feature."""

import hashlib
import json
import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import get_template
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language, override

from apps.core import shell
from apps.core.catalogs import WORDS

# The shell's own static folders and files; the apps add theirs (`shell.offline(static=…)`,
# `later_static=…`). A file goes with the longest of the names it starts with.
SHELL_STATIC = ("core/", "pwa/", "django_htmx/htmx-2.min.js")
SHELL_LATER_STATIC = ("core/forget.js",)  # for the delete forms of pages kept later
# The icons of the manifest and the home screen (35 KB): only the browser asks for them,
# online, to install the app; no page needs them to open offline.
NOT_IN_SHELL = (
    "pwa/icon-192.png",
    "pwa/icon-512.png",
    "pwa/icon-maskable-512.png",
    "pwa/apple-touch-icon.png",
)
# The shell's pages fetched at install, and just after; the apps add theirs
# (`shell.offline(pages=…, later_pages=…)`).
SHELL_PAGES = ("pwa:offline", "core:help")
SHELL_LATER_PAGES = ("core:privacy",)


def shell_static_names(language: str = settings.LANGUAGE_CODE, *, later=False) -> list[str]:
    """The app's own static files kept at install (`later`: just after), by their logical
    names in the static files manifest, with the scripts' words of `language` at install
    (none for English: apps/core/catalogs.py)."""
    now = (*SHELL_STATIC, f"{WORDS}/{language}.js", *shell.worker["static"])
    after = (*SHELL_LATER_STATIC, *shell.worker["later_static"])
    names = []
    for name in sorted(staticfiles_storage.hashed_files):
        found = [(len(p), False) for p in now if name.startswith(p)]
        found += [(len(p), True) for p in after if name.startswith(p)]
        if found and max(found)[1] == later and name not in NOT_IN_SHELL:
            names.append(name)
    return names


def static_manifest_hash() -> str:
    """Changes whenever any static file does (Django hashes the manifest it writes)."""
    return staticfiles_storage.manifest_hash


def routes() -> dict:
    """The worker's routes, as the apps registered them: path prefixes (an exact path
    when the pattern ends with `$`), under the active language's prefix (/es/)."""
    prefix = get_script_prefix().rstrip("/") + _language_prefix()
    under = lambda paths: [prefix + path for path in paths]  # noqa: E731
    return {
        "readable": under(["/help/", "/privacy/", "/offline/$", *shell.worker["readable"]]),
        "personal": under(shell.worker["personal"]),
        "noQuery": under(shell.worker["no_query"]),
        "clears": [reverse(name) for name in shell.worker["clears"]],
        "lists": [reverse(name) for name in shell.worker["lists"]],
    }


def _language_prefix() -> str:
    language = get_language()
    return "" if language == settings.LANGUAGE_CODE else f"/{language}"


@cache
def worker_context(language: str = settings.LANGUAGE_CODE) -> dict:
    """Computed once per process and language: the static manifest only changes with a
    deploy. Each language has a worker of its own (/sw.js, /es/sw.js), scoped to its
    pages, precaching its own pages and keeping them in caches named for it."""
    with override(language):
        return _worker_context(language)


def _worker_context(language: str) -> dict:
    assets = [staticfiles_storage.url(name) for name in shell_static_names(language)]
    pages = [reverse(name) for name in (*SHELL_PAGES, *shell.worker["pages"])]
    later = [staticfiles_storage.url(name) for name in shell_static_names(language, later=True)]
    later += [reverse(name) for name in (*SHELL_LATER_PAGES, *shell.worker["later_pages"])]
    scripts = [staticfiles_storage.url(name) for name in shell.worker["scripts"]]
    found = routes()
    # The worker's own source is hashed too, so a change to it alone makes a new version.
    source = get_template("pwa/sw.js").template.source
    parts = [language, static_manifest_hash(), *pages, *later, json.dumps(found), *scripts, source]
    digest = hashlib.sha256("\n".join(parts).encode())
    return {
        "language": language,
        "languages": [code for code, _ in settings.LANGUAGES],
        "version": digest.hexdigest()[:12],
        "assets": assets,
        "pages": pages,
        "later": later,
        "routes": found,
        "scripts": scripts,
        "offline_url": reverse("pwa:offline"),
        "static_url": settings.STATIC_URL,
    }


# What a page loads (its scripts and styles), what a module loads with it (its static
# imports) and what it may load later, on demand (`import("./sending.js")`).
_PAGE_LOADS = re.compile(
    r'<(?:script[^>]* src|link rel="(?:stylesheet|modulepreload)" href)="/static/([^"]+)"'
)
_IMPORTS = re.compile(r'(?:^|\n)\s*(?:import|export)\b[^"\'(]*["\']\./([^"\']+)["\']')
_ON_DEMAND = re.compile(r'\bimport\(\s*["\']\./([^"\']+)["\']')


def static_loaded_by(html: str, *, on_demand: bool = False) -> set[str]:
    """The collected (hashed) static files a page of `html` loads, following each
    script's imports, and with `on_demand` what its scripts may import later (offline
    too): what the worker must keep for that page to work offline (proved for every
    page it keeps in tests/test_pwa.py). Without, what a first visit downloads
    (bench/install.py)."""
    root = Path(settings.STATIC_ROOT)
    found, todo = set(), _PAGE_LOADS.findall(html)
    while todo:
        name = todo.pop()
        if name in found or not (root / name).exists():
            continue
        found.add(name)
        if name.endswith(".js"):
            folder = name.rpartition("/")[0]
            source = (root / name).read_text()
            paths = _IMPORTS.findall(source) + (_ON_DEMAND.findall(source) if on_demand else [])
            todo += [f"{folder}/{path}" for path in paths]
    return found
