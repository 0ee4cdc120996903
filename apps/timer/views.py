from django.shortcuts import render
from django.views.decorators.http import require_safe

from apps.cards.queries import reflection_cards

REFLECTION_CARDS = 6


@require_safe
def stand_still(request):
    """The breathing timer. Its end screen picks a reflection card from those embedded
    here, so a session needs no request from start to finish."""
    return render(
        request,
        "timer/stand_still.html",
        {"cards": reflection_cards(limit=REFLECTION_CARDS)},
    )
