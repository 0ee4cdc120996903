from dataclasses import dataclass
from typing import Any

from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from apps.cards.queries import reflection_cards
from apps.core import helplines
from apps.core.pagecache import cached_page

# The end screen offers every card marked `check-in: yes` in seeds/ (each chosen by
# name, in its own card), never the first few in reading order; this only bounds the
# page's size, and a test holds the seeds' marked cards under it.
REFLECTION_CARDS = 12


@dataclass(frozen=True)
class Guide:
    """The timer as one step of a longer path (e.g. apps/reachout): it starts at once
    with the default pattern for `minutes`, goes on to `next_url` when it ends, and
    shows `template`, rendered with `step`, above itself (the path's progress line)."""

    minutes: int
    next_url: str
    template: str
    step: Any = None


@require_safe
@cached_page(shows=lambda context: context["cards"])
def stand_still(request):
    """The breathing timer. Its end screen picks a reflection card from those embedded
    here, and its help sheet shows the help lines embedded here, so a session needs no
    request from start to finish. The lines are read once per process, and their file
    is part of the deploy version (see `CoreConfig.ready`), so kept pages follow it."""
    return timer_page(request)


def timer_page(request, guide: Guide | None = None) -> TemplateResponse:
    """The timer's page, on its own or as a step of a path (`guide`); the caller keeps it
    with `@cached_page(shows=lambda context: context["cards"])`."""
    cards = reflection_cards(limit=REFLECTION_CARDS)
    context = {"cards": cards, "helplines": helplines.directory(), "guide": guide}
    return TemplateResponse(request, "timer/stand_still.html", context)
