from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from apps.cards.queries import reflection_cards
from apps.core import helplines
from apps.core.pagecache import cached_page

REFLECTION_CARDS = 6


@require_safe
@cached_page(shows=lambda context: context["cards"])
def stand_still(request):
    """The breathing timer. Its end screen picks a reflection card from those embedded
    here, and its help sheet shows the help lines embedded here, so a session needs no
    request from start to finish. The lines are read once per process, and their file
    is part of the deploy version (see `CoreConfig.ready`), so kept pages follow it."""
    cards = reflection_cards(limit=REFLECTION_CARDS)
    context = {"cards": cards, "helplines": helplines.directory()}
    return TemplateResponse(request, "timer/stand_still.html", context)
