"""Each card page reads with a fixed number of SQL queries, at 10 cards as at 1,000.

The project allows three queries a page; the reader's saved cards take one when
they have saved something, so the card pages themselves use at most two.
"""

import pytest
from django.test import Client

from tests.cards_helpers import HTMX, card_titles
from tests.factories import make_article, make_cards

pytestmark = pytest.mark.django_db

AMOUNTS = [10, 1000]


@pytest.fixture(params=AMOUNTS, ids=lambda n: f"{n}-cards")
def cards(request):
    article = make_article(slug="long-article")
    return make_cards(request.param, article=article, topics=("healing", "runner"))


# The page of cards with their articles, how many match, and the fallback to some
# of the words, in one query on either engine (apps/cards/search.py).
SEARCH = 1

PAGES = [
    # (url, headers, queries): topics + one page of cards
    ("/", {}, 2),
    ("/?topic=healing", {}, 2),
    ("/?topic=healing", HTMX, 2),
    ("/search/?q=runner", {}, SEARCH),
    ("/search/?q=runner", HTMX, SEARCH),
    ("/search/?q=standing+sti", {}, SEARCH),
    # no card has "gardening": the cards with "runner" come, in the same one query
    ("/search/?q=runner+gardening", {}, SEARCH),
    # the article, then its cards
    ("/articles/long-article/", {}, 2),
    # one random card with its article
    ("/draw/", {}, 1),
    ("/draw/", HTMX, 1),
]


@pytest.mark.parametrize(("url", "headers", "queries"), PAGES)
def test_list_pages_use_a_fixed_number_of_queries(
    client, cards, django_assert_num_queries, url, headers, queries
):
    with django_assert_num_queries(queries):
        response = client.get(url, headers=headers)

    assert response.status_code == 200
    assert card_titles(response.content.decode())


@pytest.mark.parametrize("amount", [13, 1000])
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["full", "htmx"])
def test_the_next_feed_page_uses_two_queries(client, django_assert_num_queries, amount, headers):
    make_cards(amount)

    with django_assert_num_queries(2):
        response = client.get("/?page=2", headers=headers)

    assert card_titles(response.content.decode())


def test_card_page_uses_two_queries_the_card_and_its_neighbours(
    client, cards, django_assert_num_queries
):
    middle, other = cards[len(cards) // 2], cards[len(cards) // 3]
    # The first card page after a content change also reads the reading order, once
    # per process (another visitor: no reader cookie, so no saved cards to look up).
    with django_assert_num_queries(3):
        Client().get(f"/cards/long-article/{other.slug}/")

    with django_assert_num_queries(2):
        response = client.get(f"/cards/long-article/{middle.slug}/")

    html = response.content.decode()
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert f"{len(cards) // 2 + 1} of {len(cards)}" in html


def test_an_archived_card_page_uses_one_query(client, cards, django_assert_num_queries):
    from django.utils import timezone

    archived = cards[len(cards) // 2]
    archived.archived_at = timezone.now()
    archived.save()

    with django_assert_num_queries(1):
        response = client.get(f"/cards/long-article/{archived.slug}/")

    assert response.status_code == 200


def test_a_draw_by_id_and_the_draw_deck_use_one_query(client, cards, django_assert_num_queries):
    with django_assert_num_queries(1):
        drawn = client.get(f"/draw/?card={cards[-1].pk}", headers=HTMX)
    with django_assert_num_queries(1):
        deck = client.get("/draw/cards.json")

    assert card_titles(drawn.content.decode()) == [cards[-1].title]
    assert len(deck.json()["cards"]) == len(cards)


def test_an_empty_search_uses_no_query(client, cards, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get("/search/?q=")


def test_a_page_of_the_feed_read_before_is_rendered_again_without_a_query(
    cards, django_assert_num_queries
):
    """Another copy of a page (another reader state, htmx, another URL for the same
    page) reads nothing: its cards are kept per content version; a change reads again."""
    Client().get("/?topic=healing")

    for url, headers in [("/?topic=healing&from=share", {}), ("/?topic=healing", HTMX)]:
        with django_assert_num_queries(0):
            response = Client().get(url, headers=headers)
        assert card_titles(response.content.decode())

    cards[0].title = "Changed just now"
    cards[0].save()
    with django_assert_num_queries(2):
        response = Client().get("/?topic=healing&after=change")
    assert "Changed just now" in response.content.decode()


def test_the_feed_keeps_a_bounded_number_of_pages(monkeypatch, django_assert_num_queries):
    from apps.cards import queries

    make_cards(40)
    monkeypatch.setattr(queries.feed_page.kept, "limit", 2)
    for number in (1, 2, 3):
        Client().get(f"/?page={number}")

    with django_assert_num_queries(0):
        Client().get("/?page=3&again=1")
    with django_assert_num_queries(1):  # the oldest, forgotten
        Client().get("/?page=1&again=1")
