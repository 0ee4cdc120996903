"""Reads for the path, each with its queries up front."""

from django.db.models import Prefetch

from apps.cards.models import Card

from .models import CheckInCard, Feeling, FeelingCard, Nuance


def feelings() -> list[Feeling]:
    """Every feeling with its nuances (two queries)."""
    return list(Feeling.objects.prefetch_related("nuances"))


def feelings_with_cards() -> list[Feeling]:
    """Every feeling with its nuances and its live cards, as `answers` (three queries)."""
    answers = FeelingCard.objects.filter(card__in=Card.objects.live().values("pk")).select_related(
        "card__article"
    )
    found = list(
        Feeling.objects.prefetch_related(
            Prefetch("nuances", queryset=Nuance.objects.all()),
            Prefetch("feelingcard_set", queryset=answers, to_attr="answer_rows"),
        )
    )
    for feeling in found:
        feeling.answers = [row.card for row in feeling.answer_rows]
    return found


def general_cards() -> list[Card]:
    """The live cards for no feeling in particular, named in seeds/feelings.yaml
    (`check-in:`), in the file's order (one query)."""
    named = CheckInCard.objects.filter(card__in=Card.objects.live().values("pk"))
    return [row.card for row in named.select_related("card__article")]
