"""A signed-in request reads and writes the account's cards.

At sign-in the session gets the account's reader token (`SESSION_READER`); while
Django's auth still recognises the user (sign out everywhere ends that), this
middleware puts it in `request.reader_token`, so every bookmarks view, query and
cached page works on the account's reader with no change. The cookie keeps this
device's own anonymous token, which never names an account's reader.
"""

import uuid

from django.conf import settings

SESSION_READER = "account-reader"
# Says "this browser signed in", so other requests leave the session alone: loading a
# session whose key sign-in just replaced (a request sent a moment before, the service
# worker's) would delete the new session cookie and sign the person out. A hint only:
# the session and Django's auth decide.
SIGNED_IN_COOKIE = "signed-in"


class AccountReaderMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.signed_in = False
        hinted = SIGNED_IN_COOKIE in request.COOKIES
        # No hint, no session to read: anonymous visitors cost nothing.
        token = request.session.get(SESSION_READER) if hinted else None
        if token and request.user.is_authenticated:
            request.signed_in = True
            request.reader_token = uuid.UUID(token)
            request.reader_known = True
        response = self.get_response(request)
        if hinted and not request.signed_in and SIGNED_IN_COOKIE not in response.cookies:
            forget_signed_in(response)  # signed out elsewhere, or the session ended
        return response


def remember_signed_in(response) -> None:
    response.set_cookie(
        SIGNED_IN_COOKIE,
        "1",
        max_age=settings.SESSION_COOKIE_AGE,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def forget_signed_in(response) -> None:
    response.delete_cookie(SIGNED_IN_COOKIE, samesite="Lax")


def account_state(request, shown) -> dict:
    """For cached pages: whether the cards shown are an account's (see apps.core.pagecache)."""
    return {"signed_in": getattr(request, "signed_in", False)}
