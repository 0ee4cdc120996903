"""Who is reading: a random token in a long-lived, signed, HttpOnly cookie.

The token is minted on the first page a visitor sees, as a cookie only; the
Reader row is created on the first save. So bots and passers-by create no rows,
and two tabs saving for the first time at once share one reader.
"""

import uuid

from django.conf import settings

COOKIE = "reader"
SALT = "bookmarks.reader"
MAX_AGE = 400 * 24 * 60 * 60  # the longest lifetime browsers accept


def read_token(request) -> uuid.UUID | None:
    value = request.get_signed_cookie(COOKIE, default=None, salt=SALT)
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


class ReaderTokenMiddleware:
    """Gives every request `reader_token`; sets the cookie when it was just minted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = read_token(request)
        request.reader_token = token or uuid.uuid4()
        response = self.get_response(request)
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
