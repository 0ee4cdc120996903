from django.views.decorators.http import require_safe

from apps.cards import pagecache
from apps.cards.pagecache import Rendering
from apps.cards.queries import reflection_cards
from apps.core import helplines

REFLECTION_CARDS = 6


@require_safe
def stand_still(request):
    """The breathing timer. Its end screen picks a reflection card from those embedded
    here, and its help sheet shows the help lines embedded here, so a session needs no
    request from start to finish."""

    def build():
        cards = reflection_cards(limit=REFLECTION_CARDS)
        context = {"cards": cards, "helplines": helplines.directory()}
        return Rendering("timer/stand_still.html", context, cards)

    return pagecache.render(request, build)
