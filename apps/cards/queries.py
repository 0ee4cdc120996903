"""Reads of cards and articles, each with every query it needs up front."""

from .models import Card

REFLECTION_TOPICS = ("self-love", "healing")


def reflection_cards(limit: int = 6) -> list[Card]:
    """Cards to sit with after a breathing session: about turning toward yourself."""
    return list(
        Card.objects.live()
        .filter(topics__slug__in=REFLECTION_TOPICS)
        .select_related("article")
        .distinct()
        .in_reading_order()[:limit]
    )
