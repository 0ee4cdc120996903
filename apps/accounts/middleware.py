"""A signed-in request reads and writes the account's cards.

At sign-in the session gets the account's reader token (`SESSION_READER`); while
Django's auth still recognises the user (sign out everywhere ends that), this
middleware puts it in `request.reader_token`, so every bookmarks view, query and
cached page works on the account's reader with no change. The cookie keeps this
device's own anonymous token, which never names an account's reader.
"""

import uuid

SESSION_READER = "account-reader"


class AccountReaderMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.signed_in = False
        # No session cookie, no session to read: anonymous visitors cost nothing.
        token = request.session.get(SESSION_READER) if request.session.session_key else None
        if token and request.user.is_authenticated:
            request.signed_in = True
            request.reader_token = uuid.UUID(token)
            request.reader_known = True
        return self.get_response(request)


def account_state(request, shown) -> dict:
    """For cached pages: whether the cards shown are an account's (see apps.core.pagecache)."""
    return {"signed_in": getattr(request, "signed_in", False)}
