import logging

from django.conf import settings
from django.utils.cache import patch_cache_control
from whitenoise.middleware import WhiteNoiseMiddleware

from . import db

logger = logging.getLogger(__name__)


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """Whitenoise, with hashed files cached for one year (its default is ten)."""

    FOREVER = 365 * 24 * 60 * 60


class PermissionsPolicyMiddleware:
    """Turn off powerful browser features the app never uses (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        return response


class PrivateIfPersonalMiddleware:
    """A shared cache (a proxy, a CDN) must never keep a response that sets a cookie or
    carries the visitor's CSRF token: it would hand one visitor's reader to everyone.
    Such a response is `private` (and never `public`), whatever its view said."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.cookies or request.META.get("CSRF_COOKIE_USED"):
            patch_cache_control(response, private=True)
        return response


class DatabaseUnavailableMiddleware:
    """A view that fails because the database cannot be reached or written is a 503
    that keeps what the reader typed, never a 500; see `db.py`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, db.UNAVAILABLE):
            return None
        logger.error("Database unavailable: %s %s", request.method, request.path, exc_info=True)
        db.close_all()
        return db.unavailable_response(request)
