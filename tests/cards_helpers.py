"""Helpers for the card page tests: the real seeds, and what a page shows."""

import html
import re
from io import StringIO

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from apps.cards.models import Article, Card, Topic
from apps.core import pagecache
from apps.reachout.models import CheckInCard, Feeling, FeelingCard, Nuance
from tests.helpers import text_of as plain_text_of

HTMX = {"HX-Request": "true"}
SEEDED = (
    Topic,
    Article,
    Article.topics.through,
    Card,
    Card.topics.through,
    Feeling,
    Nuance,
    FeelingCard,
    CheckInCard,
)

# What someone might search for in a hard moment, and the app's own card it must find first.
HARD_MOMENT_SEARCHES = [
    ("blocked", "They blocked me. What now?"),
    ("abuse", "Is this the dynamic, or is it harm?"),
    ("never come back", "What if they never come back?"),
    ("text them", "I want to text them right now"),
    ("therapist", "When to talk to someone"),
]


# Queries people type, and a card about each that must be among the first six found
# (issue 16): stemming, synonyms, and the cards with most of the words.
EVERYDAY_SEARCHES = [
    ("pulled away", "A pattern worth naming"),
    ("miss him", "Is it a sign?"),
    ("anxiety", "When panic rises"),
    ("lonely", "You are not alone in this"),
    ("breathe", 'What "stand still" means'),
    ("letting go", "Letting go, and seeing your worth"),
    ("they blocked me", "They blocked me. What now?"),
]


def load_real_seeds() -> None:
    call_command("loadseeds", stdout=StringIO())


def read_real_seeds() -> list[tuple[type, list[dict]]]:
    """The rows `loadseeds` makes of seeds/, read once (the `real_seeds` fixture):
    loaded in a transaction that is then rolled back."""
    with transaction.atomic():
        load_real_seeds()
        rows = [(model, list(model.objects.order_by("pk").values())) for model in SEEDED]
        transaction.set_rollback(True)
    return rows


def insert_real_seeds(rows: list[tuple[type, list[dict]]]) -> None:
    """Those rows, as they were, in a few bulk inserts (the `seeds` fixture)."""
    for model, values in rows:
        model.objects.bulk_create(model(**row) for row in values)
    with connection.cursor() as cursor:  # PostgreSQL: the next pk follows the seeds'
        for sql in connection.ops.sequence_reset_sql(no_style(), SEEDED):
            cursor.execute(sql)
    pagecache.content_changed()  # bulk writes send no signals


def card_titles(page: str) -> list[str]:
    """The titles of the cards on a page, in order, as a reader sees them."""
    found = re.findall(r'<h[12] class="card-title"[^>]*>(.*?)</h[12]>', page, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", title)).strip() for title in found]


def live_in_order() -> list[Card]:
    return list(Card.objects.live().select_related("article").in_reading_order())


def text_of(page: str) -> str:
    """What a person reads: tests.helpers.text_of, with entities such as &#x27; decoded."""
    return re.sub(r"\s+([.,;:!?])", r"\1", html.unescape(plain_text_of(page)))
