"""Who is reading: a random token in a long-lived, signed, HttpOnly cookie.

The token is minted on the first page a visitor sees, as a cookie only; the
Reader row is created on the first save. So bots and passers-by create no rows,
and two tabs saving for the first time at once share one reader.
"""

import secrets
import uuid

from django.conf import settings
from django.core.cache import cache

COOKIE = "reader"
SALT = "bookmarks.reader"
MAX_AGE = 400 * 24 * 60 * 60  # the longest lifetime browsers accept
# How long a reader's version is kept: after that their cached pages are simply made anew.
VERSION_TIMEOUT = 30 * 24 * 60 * 60
# Methods that never change a reader's lists.
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def read_token(request) -> uuid.UUID | None:
    value = request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=MAX_AGE)
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def remember(response, token: uuid.UUID) -> None:
    response.set_signed_cookie(
        COOKIE,
        token.hex,
        salt=SALT,
        max_age=MAX_AGE,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def forget(response) -> None:
    response.delete_cookie(COOKIE, samesite="Lax")


def version(token) -> str:
    """The reader and the state of their lists: a string that changes whenever they
    might have changed them, part of the key of every cached page that shows them
    (see pagecache). `token` as a UUID or its text, with or without dashes."""
    reader = uuid.UUID(str(token)).hex
    return f"{reader}:{cache.get_or_set(f'reader-version:{reader}', _new_version, VERSION_TIMEOUT)}"


def changed(token) -> None:
    cache.set(f"reader-version:{uuid.UUID(str(token)).hex}", _new_version(), VERSION_TIMEOUT)


def _new_version() -> str:
    return secrets.token_hex(8)


class ReaderTokenMiddleware:
    """Gives every request `reader_token`; sets the cookie when it was just minted.

    Every change to a reader's lists is a POST of theirs, so after any unsafe request
    their cached pages are retired, once the view (and its transaction) is done.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = read_token(request)
        request.reader_token = token or uuid.uuid4()
        response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            changed(request.reader_token)
        if (
            token is None
            and COOKIE not in response.cookies
            and self.worth_a_cookie(request, response)
        ):
            remember(response, request.reader_token)
        return response

    @staticmethod
    def worth_a_cookie(request, response) -> bool:
        """Pages and form posts; not health checks, downloads or static files."""
        html = response.get("Content-Type", "").startswith("text/html")
        return request.method == "POST" or (html and response.status_code == 200)
