import json

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from apps.core import shell

from .icons import ICONS
from .offline import worker_context

THEME_COLOR = "#2d6a6f"
BACKGROUND_COLOR = "#f6f4f0"


def png(name: str, size: int, purpose: str = "any") -> dict:
    return {
        "src": static(f"pwa/{name}"),
        "sizes": f"{size}x{size}",
        "type": "image/png",
        "purpose": purpose,
    }


def manifest_data() -> dict:
    """The installed app in the active language: its name, words and shortcuts, its
    scope its language's pages (/ or /es/), so an app installed in Spanish opens there."""
    home = reverse(shell.tabs[0].view) if shell.tabs else "/"
    icons = [
        {"src": static("pwa/icon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"}
    ]
    icons += [
        png(icon.name, icon.size, icon.purpose)
        for icon in ICONS
        if icon.name != "apple-touch-icon.png"
    ]
    return {
        "id": home,
        "name": "Stand Still",
        "short_name": "Stand Still",
        "description": _(
            "Short cards to read, a breathing timer for hard moments, "
            "and lists of what helped, for the runner and chaser dynamic."
        ),
        "start_url": home,
        "scope": home,
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "categories": ["health", "lifestyle", "books"],
        "lang": get_language(),
        "icons": icons,
        # What the apps registered (apps/core/shell.py), then help, always last.
        "shortcuts": [
            {
                # str(): the apps may register their names lazily translated.
                "name": str(name),
                "short_name": str(short),
                "url": reverse(view),
                "icons": [png("icon-192.png", 192)],
            }
            for name, short, view in [
                *shell.shortcuts,
                (_("Need help now?"), _("Help"), "core:help"),
            ]
        ],
    }


@require_safe
@cache_control(max_age=60 * 60, public=True)
def manifest(request):
    body = json.dumps(manifest_data(), indent=2)
    return HttpResponse(body, content_type="application/manifest+json")


@require_safe
@cache_control(max_age=60 * 60, private=True)
def offline(request):
    """Private: it carries the visitor's CSRF token and may set their cookies. The
    service worker fetches it afresh at install, whatever the browser has kept."""
    return render(request, "pwa/offline.html")


@require_safe
def service_worker(request):
    """/sw.js (and /es/sw.js, /de/sw.js): each language's worker, its scope that
    language's pages; never cached by HTTP."""
    context = worker_context(get_language())
    body = render_to_string(
        "pwa/sw.js",
        {
            **context,
            "assets_json": json.dumps(context["assets"]),
            "pages_json": json.dumps(context["pages"]),
            "later_json": json.dumps(context["later"]),
            "routes_json": json.dumps(context["routes"]),
            "scripts_json": json.dumps(context["scripts"]),
            "languages_json": json.dumps(context["languages"]),
        },
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
