"""Search answers the moments people bring: the words they type find the app's own card
first, on SQLite and on PostgreSQL alike (issue 22)."""

import pytest

from apps.cards.models import Card, Perspective
from apps.cards.search import find_cards
from tests.cards_helpers import card_titles
from tests.factories import make_article, make_card

pytestmark = pytest.mark.django_db

EVERYDAY = "everyday-moments"

# What people type, and the card in the app's own voice that must come first.
EVERYDAY_PHRASES = [
    ("new girlfriend", "They're with someone new"),
    ("new boyfriend", "They're with someone new"),
    ("new partner", "They're with someone new"),
    ("I texted him", "I texted them anyway"),
    ("she texted me", "They texted me. Should I answer?"),
    ("co-parenting", "We share children, a home or money"),
    ("our kids", "We share children, a home or money"),
    ("am I stalking", "Am I stalking?"),
    ("psychic reading", "Readings, mediums and paid coaches"),
    ("anniversary", "Anniversaries, birthdays and running into them"),
    ("lonely", "When you feel lonely"),
    ("panic", "When panic rises"),
]

# Words typed when hurting: the first card must be one in the app's own voice.
DISTRESS = ["anxiety", "panic", "lonely", "alone", "no contact", "he blocked me", "scared"]


def titles_for(client, query: str) -> list[str]:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return card_titles(response.content.decode())


@pytest.mark.parametrize(("query", "title"), EVERYDAY_PHRASES)
def test_everyday_phrases_find_their_own_voice_card_first(client, seeds, query, title):
    assert titles_for(client, query)[0] == title


@pytest.mark.parametrize("query", DISTRESS)
def test_in_distress_the_apps_own_card_comes_first(client, seeds, query):
    first = titles_for(client, query)[0]

    card = Card.objects.select_related("article").get(title=first)
    assert card.article.perspective == Perspective.STAND_STILL, (query, first)


def test_anxiety_does_not_open_with_a_runners_panic_attacks(client, seeds):
    titles = titles_for(client, "anxiety")

    assert titles[0] == "When panic rises"
    assert "Agony on the other side" in titles  # still found, after the app's own


@pytest.mark.parametrize("query", ["he blocked me", "she blocked me", "they blocked me"])
def test_any_pronoun_puts_they_blocked_me_first(client, seeds, query):
    assert titles_for(client, query)[0] == "They blocked me. What now?"


def test_the_everyday_cards_are_there_to_link_to_and_none_is_a_check_in(client, seeds):
    cards = Card.objects.filter(article__slug=EVERYDAY)

    assert {card.slug for card in cards} >= {
        "theyre-with-someone-new",
        "i-texted-them-anyway",
        "they-texted-me-should-i-answer",
        "on-again-off-again",
        "we-share-children-a-home-or-money",
        "im-the-one-who-left-and-i-feel-guilty",
        "they-asked-me-to-stop",
        "am-i-stalking",
        "readings-mediums-and-paid-coaches",
        "anniversaries-birthdays-and-running-into-them",
        "drinking-drugs-or-hurting-yourself-to-get-through",
    }
    assert not any(card.check_in for card in cards)
    for card in cards:
        assert client.get(f"/cards/{EVERYDAY}/{card.slug}/").status_code == 200


@pytest.mark.parametrize(
    ("slug", "link"),
    [
        ("am-i-stalking", "/help/"),
        ("drinking-drugs-or-hurting-yourself-to-get-through", "/help/"),
        ("they-asked-me-to-stop", "/help/"),
        ("theyre-with-someone-new", "/stand-still/"),
    ],
)
def test_the_cards_that_touch_danger_or_an_urge_link_to_help_or_the_timer(seeds, slug, link):
    card = Card.objects.get(article__slug=EVERYDAY, slug=slug)

    assert f'<a href="{link}">' in card.body_html


# The order itself, on cards made for the test (independent of what the seeds say)


def test_an_own_voice_card_ranks_above_a_retold_one_with_the_word_in_its_title(client):
    retold = make_article(perspective=Perspective.PSYCHIC_VIEW)
    own = make_article(perspective=Perspective.STAND_STILL, source_file="", source_title="")
    make_card(retold, title="Lanterns", body_markdown="Lanterns, lanterns, lanterns everywhere.")
    make_card(own, title="At night", body_markdown="A long evening, and one lantern lit for you.")

    assert titles_for(client, "lantern") == ["At night", "Lanterns"]


def test_among_retold_cards_the_title_and_the_rank_still_decide(client):
    article = make_article()
    make_card(article, title="Quiet", body_markdown="A lantern in the window.")
    make_card(article, title="The lantern", body_markdown="Light for the way home.")

    assert titles_for(client, "lantern") == ["The lantern", "Quiet"]


def test_a_pronoun_reads_as_the_cards_they_in_a_title(client):
    article = make_article()
    make_card(article, title="Why we keep going", body_markdown="They left, and they left again.")
    make_card(article, title="They left", body_markdown="A short card about it.")

    assert titles_for(client, "she left")[0] == "They left"


def test_a_word_with_synonyms_followed_by_another_word_needs_both(client):
    """FTS5 allows no implicit AND after a synonym group: "miss him" was a syntax error
    there, and the search quietly fell back to cards with any one of the words."""
    make_card(title="Quiet", body_markdown="The longing for the lantern comes at night.")
    make_card(title="Elsewhere", body_markdown="Only the longing here.")

    found = find_cards(["miss", "lantern"], 1)

    assert [card.title for card in found.page.items] == ["Quiet"]
    assert not found.some_words
