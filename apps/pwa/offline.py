"""What the service worker keeps on the device, and the version that names its cache."""

import hashlib
from functools import cache

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import get_template
from django.urls import reverse

# Static folders of the app itself (not the admin's): every file in them is precached.
SHELL_FOLDERS = ("core/", "cards/", "timer/", "bookmarks/", "pwa/", "reachout/", "companion/")
SHELL_FILES = ("django_htmx/htmx-2.min.js",)
# The icons of the manifest and the home screen (35 KB): only the browser asks for them,
# online, to install the app; no page needs them to open offline.
NOT_IN_SHELL = (
    "pwa/icon-192.png",
    "pwa/icon-512.png",
    "pwa/icon-maskable-512.png",
    "pwa/apple-touch-icon.png",
)
# Pages the worker fetches at install, so they open with no connection at all:
# every step of the reach-out path is among them, with the data it embeds.
SHELL_PAGES = (
    "pwa:offline",
    "timer:stand_still",
    "core:help",
    "core:privacy",
    "reachout:start",
    "reachout:feeling",
    "reachout:card",
    "reachout:write",
    "reachout:wait",
    "reachout:check_in",
    "reachout:not_sent",
    "companion:plan",
    "companion:evening",
)


def shell_static_names() -> list[str]:
    """The app's own static files, by their logical names in the static files manifest."""
    return sorted(
        name
        for name in staticfiles_storage.hashed_files
        if (name.startswith(SHELL_FOLDERS) or name in SHELL_FILES) and name not in NOT_IN_SHELL
    )


def static_manifest_hash() -> str:
    """Changes whenever any static file does (Django hashes the manifest it writes)."""
    return staticfiles_storage.manifest_hash


@cache
def worker_context() -> dict:
    """Computed once per process: the static manifest only changes with a deploy."""
    assets = [staticfiles_storage.url(name) for name in shell_static_names()]
    pages = [reverse(name) for name in SHELL_PAGES]
    # The worker's own source is hashed too, so a change to it alone makes a new version.
    source = get_template("pwa/sw.js").template.source
    digest = hashlib.sha256("\n".join([static_manifest_hash(), *pages, source]).encode())
    return {
        "version": digest.hexdigest()[:12],
        "assets": assets,
        "pages": pages,
        "offline_url": reverse("pwa:offline"),
        "delete_url": reverse("bookmarks:delete_everything"),
        "cards_url": reverse("cards:offline_cards"),
        "static_url": settings.STATIC_URL,
    }
