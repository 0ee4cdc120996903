import json

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .icons import ICONS
from .offline import worker_context

THEME_COLOR = "#2d6a6f"
BACKGROUND_COLOR = "#f6f4f0"


SHORTCUTS = [
    ("I want to reach out", "Reach out", "/reach-out/"),
    ("Stand still now", "Stand still", "/stand-still/"),
    ("My plan", "My plan", "/my-plan/"),
    ("Need help now?", "Help", "/help/"),
]


def png(name: str, size: int, purpose: str = "any") -> dict:
    return {
        "src": static(f"pwa/{name}"),
        "sizes": f"{size}x{size}",
        "type": "image/png",
        "purpose": purpose,
    }


def manifest_data() -> dict:
    icons = [
        {"src": static("pwa/icon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"}
    ]
    icons += [
        png(icon.name, icon.size, icon.purpose)
        for icon in ICONS
        if icon.name != "apple-touch-icon.png"
    ]
    return {
        "id": "/",
        "name": "Stand Still",
        "short_name": "Stand Still",
        "description": "Short cards to read, a breathing timer for hard moments, "
        "and lists of what helped, for the runner and chaser dynamic.",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "categories": ["health", "lifestyle", "books"],
        "lang": "en",
        "icons": icons,
        "shortcuts": [
            {"name": name, "short_name": short, "url": url, "icons": [png("icon-192.png", 192)]}
            for name, short, url in SHORTCUTS
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
    """/sw.js, at the root so its scope is the whole site; never cached by HTTP."""
    context = worker_context()
    body = render_to_string(
        "pwa/sw.js",
        {
            **context,
            "assets_json": json.dumps(context["assets"]),
            "pages_json": json.dumps(context["pages"]),
        },
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
