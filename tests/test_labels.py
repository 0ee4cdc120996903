"""Every card says whose words it carries, through one partial (cards/source.html),
wherever it is shown: feed, card page, article, search, draw, Saved lists, the timer."""

import re

import pytest

from tests.bookmarks_helpers import lists_of, reader_client, save
from tests.cards_helpers import text_of
from tests.factories import make_article, make_card

pytestmark = pytest.mark.django_db

OWN = "From Stand Still"


@pytest.fixture
def cards():
    own = make_article(title="For hard moments", slug="for-hard-moments", perspective="stand-still")
    guide = make_article(title="A plain guide", slug="a-plain-guide")
    # check_in: both are among the cards the timer offers, so its page shows them too.
    return (
        make_card(own, title="They blocked me", slug="blocked", check_in=True),
        make_card(guide, title="Both of you run", slug="both-run", check_in=True),
    )


def labels(html: str) -> list[str]:
    return [
        text_of(found) for found in re.findall(r'<p class="card-source">.*?</p>', html, flags=re.S)
    ]


def test_the_feed_and_the_draw_label_each_card(client, cards):
    assert labels(client.get("/").content.decode()) == [
        OWN,
        "From the article “A plain guide”",
    ]
    drawn = labels(client.get(f"/draw/?after={cards[1].pk}").content.decode())
    assert drawn in ([OWN], ["From the article “A plain guide”"])


def test_the_card_page_and_its_article_say_from_stand_still(client, cards):
    card_page = client.get(cards[0].get_absolute_url()).content.decode()
    article = client.get(cards[0].article.get_absolute_url()).content.decode()

    assert labels(card_page) == [OWN]
    assert labels(article) == [OWN]
    voice = '<p class="article-voice"><span class="perspective own">From Stand Still</span>'
    assert voice in article
    assert f'<a class="perspective own" href="{cards[0].article.get_absolute_url()}">' in article


def test_search_results_carry_the_label(client, cards):
    html = client.get("/search/?q=blocked").content.decode()

    assert labels(html) == [OWN]


def test_saved_lists_carry_the_label(cards):
    client = reader_client()
    for card in cards:
        save(client, card)
    saved = lists_of(client).get(is_default=True)

    html = client.get(saved.get_absolute_url()).content.decode()

    assert sorted(labels(html)) == sorted([OWN, "From the article “A plain guide”"])


def test_the_timers_cards_carry_the_label(client, cards):
    html = client.get("/stand-still/").content.decode()
    embedded = re.findall(r"<template data-card>(.*?)</template>", html, flags=re.S)

    assert sorted(label for card in embedded for label in labels(card)) == sorted(
        [OWN, "From the article “A plain guide”"]
    )
