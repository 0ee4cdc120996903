"""Undo, as a signed token: what to reverse, bound to the reader who did it.

A toast carries the token in a small form; posting it back reverses the action.
Signing means a token cannot be forged or used by another reader.
"""

from django.core import signing

SALT = "bookmarks.undo"
MAX_AGE = 60 * 60


def make_token(request, action: str, **target) -> str:
    return signing.dumps({"r": request.reader_token.hex, "a": action, **target}, salt=SALT)


def read_token(request, token: str) -> dict | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("r") != request.reader_token.hex:
        return None
    return data
