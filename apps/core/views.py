from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from .health import check


@require_safe
@never_cache
def healthz(request):
    """For load balancers: 200 while this server can read and write the database,
    else 503; the JSON body names each dependency's state (apps/core/health.py)."""
    health = check()
    return JsonResponse(health.as_json(), status=200 if health.serving else 503)


@require_safe
@cache_control(max_age=24 * 60 * 60, private=True)
def help_now(request):
    """Plain guidance for a crisis. The browser keeps it a day, so it opens offline too;
    private, because the page carries the visitor's CSRF token."""
    return render(request, "core/help.html")
