"""Helpers for the card page tests: the real seeds, and what a page shows."""

import html
import re
from io import StringIO

from django.core.management import call_command

from apps.cards.models import Card
from tests.helpers import text_of as plain_text_of

HTMX = {"HX-Request": "true"}

# What someone might search for in a hard moment, and the app's own card it must find first.
HARD_MOMENT_SEARCHES = [
    ("blocked", "They blocked me. What now?"),
    ("abuse", "Is this the dynamic, or is it harm?"),
    ("never come back", "What if they never come back?"),
    ("text them", "I want to text them right now"),
    ("therapist", "When to talk to someone"),
]


def load_real_seeds() -> None:
    call_command("loadseeds", stdout=StringIO())


def card_titles(page: str) -> list[str]:
    """The titles of the cards on a page, in order, as a reader sees them."""
    found = re.findall(r'<h[12] class="card-title"[^>]*>(.*?)</h[12]>', page, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", title)).strip() for title in found]


def live_in_order() -> list[Card]:
    return list(Card.objects.live().select_related("article").in_reading_order())


def text_of(page: str) -> str:
    """What a person reads: tests.helpers.text_of, with entities such as &#x27; decoded."""
    return re.sub(r"\s+([.,;:!?])", r"\1", html.unescape(plain_text_of(page)))
