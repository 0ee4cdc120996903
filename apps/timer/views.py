from dataclasses import dataclass
from typing import Any

from django.views.decorators.http import require_safe

from apps.cards import pagecache
from apps.cards.pagecache import Rendering
from apps.cards.queries import reflection_cards

REFLECTION_CARDS = 6


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
def stand_still(request):
    """The breathing timer. Its end screen picks a reflection card from those embedded
    here, so a session needs no request from start to finish."""
    return timer_page(request)


def timer_page(request, guide: Guide | None = None):
    def build():
        cards = reflection_cards(limit=REFLECTION_CARDS)
        return Rendering("timer/stand_still.html", {"cards": cards, "guide": guide}, cards)

    return pagecache.render(request, build)
