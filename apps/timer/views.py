from dataclasses import dataclass
from typing import Any

from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from apps.cards.queries import reflection_cards
from apps.core.pagecache import cached_page

# The end screen offers every card marked `check-in: yes` in seeds/ (each chosen by
# name, in its own card), never the first few in reading order; this only bounds the
# page's size, and a test holds the seeds' marked cards under it.
REFLECTION_CARDS = 12


@dataclass(frozen=True)
class Guide:
    """The timer as one step of a longer path (an app above, which passes it): it starts
    at once with the default pattern for `minutes`, goes on to `next_url` when it ends,
    and shows `template`, rendered with `step`, above itself (the path's progress line),
    with the path's `styles` (static names)."""

    minutes: int
    next_url: str
    template: str
    step: Any = None
    styles: tuple[str, ...] = ()


@require_safe
@cached_page(shows=lambda context: context["cards"])
def stand_still(request):
    """The breathing timer. Its end screen picks a reflection card from those embedded
    here, so a session needs no request from start to finish; its help sheet shows the
    help page's lines, which the service worker keeps (timer/help-sheet.js)."""
    return timer_page(request)


def timer_page(request, guide: Guide | None = None) -> TemplateResponse:
    """The timer's page, on its own or as a step of a path (`guide`), which goes on to
    its next step and shows no card; the caller keeps it with
    `@cached_page(shows=lambda context: context["cards"])`."""
    cards = [] if guide else reflection_cards(limit=REFLECTION_CARDS)
    context = {"cards": cards, "guide": guide}
    return TemplateResponse(request, "timer/stand_still.html", context)
