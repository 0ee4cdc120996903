"""Pages of cards without a COUNT: fetch one row more than a page to know if another follows.

A page number that is not a plain positive number, or past the last page, is a 404.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import Http404

from apps.core.params import BadNumber, parse_int

PAGE_SIZE = 12
# Far past any real content; it keeps OFFSET within what every database accepts.
MAX_PAGE = 10_000


@dataclass(frozen=True)
class Page:
    items: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @classmethod
    def from_rows(cls, rows: Sequence, number: int, size: int = PAGE_SIZE) -> "Page":
        """`rows` holds up to size + 1 rows starting at this page's first."""
        if not rows and number > 1:
            raise Http404("No such page")
        return cls(items=list(rows[:size]), number=number, has_next=len(rows) > size)


def page_number(request) -> int:
    raw = request.GET.get("page", "").strip()
    if not raw:
        return 1
    try:
        return parse_int(raw, low=1, high=MAX_PAGE)
    except BadNumber:
        raise Http404("No such page") from None


def take_page(queryset, number: int, size: int = PAGE_SIZE) -> Page:
    start = (number - 1) * size
    return Page.from_rows(list(queryset[start : start + size + 1]), number, size)


def page_query(number: int, **params) -> str:
    """The query string for another page of the same list: `topic=healing&page=2`."""
    kept = {name: value for name, value in params.items() if value}
    if number > 1:
        kept["page"] = number
    return urlencode(kept)
