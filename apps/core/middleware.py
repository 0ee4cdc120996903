from django.conf import settings
from whitenoise.middleware import WhiteNoiseMiddleware


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
