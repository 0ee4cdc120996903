"""Integers from outside: one parser for every id, page number and place in a URL or form.

Python's `int()` takes far more than a person types: other scripts' digits ("٣",
"²" fails only later), underscores, signs, spaces and numbers long enough to hit
its digit limit. Here a number is 1 to 19 ASCII digits within the range the
database stores (a 64-bit integer), or it is refused: `BadNumber`, which views
turn into a 400, or, as a URL converter (`<id:pk>`), no match at all (a 404).
"""

import re

from django.core.exceptions import BadRequest

# The largest value a BigAutoField (and PostgreSQL's bigint) holds.
DB_MAX = 2**63 - 1

_DIGITS = re.compile(r"[0-9]{1,19}")


class BadNumber(BadRequest):
    """Not a whole number the app could store. Django answers it with a 400."""


def parse_int(raw, *, low: int = 0, high: int = DB_MAX) -> int:
    """`raw` (a str) as an int in [low, high], or BadNumber."""
    if not isinstance(raw, str) or not _DIGITS.fullmatch(raw):
        raise BadNumber("Expected a whole number.")
    value = int(raw)
    if not low <= value <= high:
        raise BadNumber(f"Expected a number from {low} to {high}.")
    return value


class IdConverter:
    """`<id:pk>` in a URL: a database id (1 and up). Anything else does not match: a 404."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        try:
            return parse_int(value, low=1)
        except BadNumber as error:
            raise ValueError(str(error)) from None

    def to_url(self, value) -> str:
        return str(int(value))
