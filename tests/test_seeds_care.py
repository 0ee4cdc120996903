"""The care guide (seeds/README.md), checked on the content itself.

The word and attribution lists live in apps.cards.care; `loadseeds` refuses
content that breaks them, and these tests read seeds/ directly so a broken
rule is named with the sentence that breaks it.
"""

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from apps.cards import care
from apps.cards.models import Card
from apps.cards.seeds import article_files, read_seeds
from tests.cards_helpers import HARD_MOMENT_SEARCHES, card_titles

pytestmark = pytest.mark.django_db

SEEDS = settings.BASE_DIR / "seeds"


def prose_of(path: Path) -> list[str]:
    """What a reader reads from one seeds file: the summary, then each card body line."""
    front, body = path.read_text(encoding="utf-8").split("---", 2)[1:]
    summary = [line for line in front.splitlines() if line.startswith("summary:")]
    lines = [
        line
        for line in body.splitlines()
        if line.strip() and not line.startswith(("## ", "topics:", "check-in:"))
    ]
    return summary + lines


def test_every_heading_in_seeds_stands_on_its_own():
    checked = read_seeds(SEEDS)
    headings = [article.title for article in checked.articles]
    headings += [card.title for article in checked.articles for card in article.cards]

    assert [(h, care.heading_problem(h)) for h in headings if care.heading_problem(h)] == []


def test_every_seeds_sentence_on_reunion_destiny_or_signs_says_whose_belief_it_is():
    found = []
    for path in article_files(SEEDS):
        for line in prose_of(path):
            found += [f"{path.name}: {sentence}" for sentence in care.unattributed(line)]
    topics = yaml.safe_load((SEEDS / "topics.yaml").read_text(encoding="utf-8"))
    for topic in topics:
        found += [f"topics.yaml: {s}" for s in care.unattributed(topic.get("description", ""))]

    assert found == []


@pytest.mark.parametrize(
    "sentence",
    [
        "They return when it's time.",
        "Trust the Divine to reunite you when healing is done.",
        "Pushing won't bring them back, but love will.",
        "Twin flames must reunite when the time is right.",
        "The signs will tell you the runner phase is ending.",
        "It was your destiny to meet.",
        "Karma keeps you together.",
    ],
)
def test_the_check_catches_a_belief_or_prediction_in_the_apps_own_voice(sentence):
    assert care.unattributed(f"Take a breath. {sentence} Then rest.") == [sentence]


@pytest.mark.parametrize(
    "sentence",
    [
        "The writer believes they return when it's time.",
        "In this view, twin flames reunite when the time is right.",
        "Some believe the signs tell you the runner phase is ending.",
        "No one can tell you whether they will come back.",
        "A block is an answer, and it deserves respect.",
    ],
)
def test_an_attributed_belief_or_a_plain_sentence_passes(sentence):
    assert care.unattributed(sentence) == []


# The words added when headings came under the rules (issue 22): each is caught in a
# heading and in a body, in the app's own voice.
RETURN, BELIEF = "may not speak of a return", "names a belief without saying whose it is"
NEW_WORDS = [
    ("not now", RETURN, "Not now, not like this", "A block means not now, not like this."),
    ("union", RETURN, "A deeper union ahead", "A steadier union waits at the end."),
    ("reconcil…", RETURN, "Reconciling after a block", "Reconciliation is the last step."),
    ("together again", RETURN, "Together again by spring", "You will be together again soon."),
    (
        "lives with their twin",
        RETURN,
        "Now she lives with her twin",
        "The runner lives with their twin.",
    ),
    ("soul", BELIEF, "Karma as soul memory", "Your soul remembers them."),
    ("soul mate", BELIEF, "Soulmates run instead", "Soul mates run from each other."),
    ("spiritual", BELIEF, "A spiritual awakening", "This is your spiritual path."),
    ("oneness", BELIEF, "Move toward oneness", "Move toward oneness, not a blaze."),
    ("your twin flame", BELIEF, "Your twin flame is healing", "Your twin flame heals as you do."),
]


@pytest.mark.parametrize(
    ("problem", "heading", "sentence"),
    [w[1:] for w in NEW_WORDS],
    ids=[w[0] for w in NEW_WORDS],
)
def test_each_new_word_is_caught_in_a_heading_and_in_a_body(problem, heading, sentence):
    text = f"Breathe out. {sentence} Rest."

    assert problem in care.heading_problem(heading)
    assert care.unattributed(text) == [sentence]
    assert care.speaks_of_return(text) == ([sentence] if problem == RETURN else [])


@pytest.mark.parametrize(
    "text",
    [
        "A communion of friends can hold you.",
        "Soulful music at a friend's house.",
        "Not nowhere, just somewhere else.",
    ],
)
def test_words_that_only_look_like_them_are_not_caught(text):
    assert care.unattributed(text) == []
    assert care.heading_problem(text.rstrip(".")) == ""


def test_reunion_is_still_caught_where_union_is_a_new_word():
    assert care.speaks_of_return("A reunion, in the writer's telling.") != []
    assert care.heading_problem("Reunion, or the lesson returns") != ""


@pytest.mark.parametrize(
    "heading",
    [
        "What the writer calls karmic soul mates",
        "What they believe about karma",
        "Who runs, in their view",
        "What if they never come back?",
        "Is it a sign?",
    ],
)
def test_a_heading_that_says_whose_belief_or_asks_a_question_passes(heading):
    assert care.heading_problem(heading) == ""


def test_a_heading_may_not_speak_of_a_return_even_attributed():
    assert care.unattributed("The writer believes they return") == []
    assert "may not speak of a return" in care.heading_problem("The writer believes they return")


def test_a_return_is_found_even_when_attributed():
    text = "Breathe out. The writer believes they come back. Rest."

    assert care.speaks_of_return(text) == ["The writer believes they come back."]


def test_cards_offered_after_a_breathing_session_never_speak_of_a_return():
    checked = read_seeds(SEEDS)
    check_in = [card for article in checked.articles for card in article.cards if card.check_in]

    assert len(check_in) >= 3
    assert [(card.title, care.speaks_of_return(card.body)) for card in check_in] == [
        (card.title, []) for card in check_in
    ]


# Loaded: the timer and the search see the care cards.

HARD_MOMENTS = "for-hard-moments"
REQUIRED = [
    "They blocked me. What now?",
    "Is this the dynamic, or is it harm?",
    "What if they never come back?",
    "I want to text them right now",
    "Checking their profile again",
    "When to talk to someone",
    "Is it a sign?",
]


def test_the_apps_own_cards_have_the_headings_other_pages_link_to(client, seeds):
    cards = Card.objects.filter(article__slug=HARD_MOMENTS)
    slugs = {card.slug for card in cards}

    assert set(REQUIRED) <= {card.title for card in cards}
    assert {
        "they-blocked-me-what-now",
        "is-this-the-dynamic-or-is-it-harm",
        "what-if-they-never-come-back",
        "i-want-to-text-them-right-now",
        "checking-their-profile-again",
        "when-to-talk-to-someone",
        "is-it-a-sign",
    } <= slugs
    for slug in ("they-blocked-me-what-now", "is-this-the-dynamic-or-is-it-harm"):
        assert client.get(f"/cards/{HARD_MOMENTS}/{slug}/").status_code == 200


def test_the_care_cards_link_to_help_and_to_the_timer(seeds):
    harm = Card.objects.get(article__slug=HARD_MOMENTS, slug="is-this-the-dynamic-or-is-it-harm")
    urge = Card.objects.get(article__slug=HARD_MOMENTS, slug="i-want-to-text-them-right-now")

    assert '<a href="/help/">' in harm.body_html
    assert '<a href="/stand-still/">' in urge.body_html


def test_every_check_in_card_is_offered_at_the_end_of_a_session(client, seeds):
    html = client.get("/stand-still/").content.decode()
    embedded = re.findall(r"<template data-card>(.*?)</template>", html, flags=re.S)
    titles = {m for t in embedded for m in re.findall(r"<h3>(.*?)</h3>", t)}

    marked = Card.objects.filter(check_in=True)
    assert titles == {card.title for card in marked}
    assert {card.article.slug for card in marked} >= {HARD_MOMENTS, "both-of-you-are-running"}
    assert all(care.speaks_of_return(card.body_markdown) == [] for card in marked)


@pytest.mark.parametrize(
    ("query", "title"),
    HARD_MOMENT_SEARCHES,
)
def test_searching_a_hard_moment_finds_its_card_first(client, seeds, query, title):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert card_titles(response.content.decode())[0] == title
