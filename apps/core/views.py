from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from . import helplines
from .health import check

# Kept by the browser a day, so they open offline too; private, because each page
# carries the visitor's CSRF token.
KEEP_FOR_OFFLINE = cache_control(max_age=24 * 60 * 60, private=True)


@require_safe
@never_cache
def healthz(request):
    """For load balancers: 200 while this server can read and write the database,
    else 503; the JSON body names each dependency's state (apps/core/health.py)."""
    health = check()
    return JsonResponse(health.as_json(), status=200 if health.serving else 503)


@require_safe
@KEEP_FOR_OFFLINE
@vary_on_headers("Accept-Language", "Cookie")
def help_now(request):
    """Plain guidance for a crisis, with the lines of the reader's country shown, chosen
    by `helplines.Directory.choose`. Every country's lines are in the page, so the copy
    kept offline can show any. Not a `cached_page`: it reads the reader's cookie.

    `?country=XX` (the chooser without JavaScript) shows that country and remembers it;
    `?country=` (no country) forgets it; an unknown one is a field error."""
    lines = helplines.directory()
    asked = request.GET.get("country")
    if asked is None:
        remembered = request.COOKIES.get(helplines.COOKIE, "")
        country = lines.choose(remembered, request.headers.get("Accept-Language", ""))
    else:
        country = lines.get(asked)
    context = {
        "helplines": lines,
        "chosen": country.code if country else "",
        "unknown_country": bool(asked) and country is None,
    }
    response = render(request, "core/help.html", context)
    if country and asked:
        response.set_cookie(
            helplines.COOKIE,
            country.code,
            max_age=helplines.COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
    elif asked == "":
        response.delete_cookie(helplines.COOKIE, samesite="Lax")
    return response


@require_safe
@KEEP_FOR_OFFLINE
def privacy(request):
    """What is kept, where and for how long, in plain words."""
    return render(request, "core/privacy.html")
