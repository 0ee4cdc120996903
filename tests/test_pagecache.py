"""Pages are rendered once and kept, yet every reader sees their own state and every
change shows at once (apps/core/pagecache.py)."""

import re
import uuid

import pytest
from django.core.management import call_command
from django.test import Client

from apps.cards.models import Card
from apps.core import pagecache, readers
from tests.bookmarks_helpers import reader_client, save
from tests.factories import make_card

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def save_button(html: str, card: Card) -> str:
    found = re.search(rf'aria-label="(Saved|Save): {re.escape(card.title)}"', html)
    assert found, f"no save button for {card.title}"
    return found.group(1)


def test_a_page_seen_before_costs_no_query(django_assert_num_queries):
    make_card(title="Stay with the feeling")
    reader = reader_client()
    reader.get("/")
    reader.get("/")

    with django_assert_num_queries(0):
        page = reader.get("/")

    assert "Stay with the feeling" in page.content.decode()


def test_an_edited_card_shows_at_once():
    card = make_card(title="Before the edit")
    assert "Before the edit" in Client().get("/").content.decode()

    card.title = "After the edit"
    card.save()

    html = Client().get("/").content.decode()
    assert "After the edit" in html
    assert "Before the edit" not in html


def test_changing_a_cards_topics_shows_at_once():
    card = make_card(title="Moving topics", topics=("healing",))
    assert "Moving topics" in Client().get("/?topic=healing").content.decode()

    card.topics.clear()

    assert "Moving topics" not in Client().get("/?topic=healing").content.decode()


def test_loading_seeds_retires_every_cached_page():
    before = pagecache.content_version()

    call_command("loadseeds", verbosity=0)

    assert pagecache.content_version() != before


def test_a_shared_page_carries_each_readers_own_working_csrf_token():
    card = make_card(title="Breathe first")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_html = first.get("/").content.decode()
    second_html = second.get("/").content.decode()  # served from the cache

    assert pagecache.HOLE not in first_html + second_html
    first_token, second_token = TOKEN.search(first_html)[1], TOKEN.search(second_html)[1]
    assert first_token != second_token
    for client, token in ((first, first_token), (second, second_token)):
        answer = client.post(
            f"/saved/cards/{card.pk}/", {"action": "save", "csrfmiddlewaretoken": token}
        )
        assert answer.status_code == 302


def test_one_readers_saved_cards_are_never_shown_to_another():
    card = make_card(title="Only mine")
    mine, theirs = reader_client(), reader_client()
    theirs.get("/")
    save(mine, card)

    assert save_button(mine.get("/").content.decode(), card) == "Saved"
    assert save_button(theirs.get("/").content.decode(), card) == "Save"
    assert save_button(mine.get(card.get_absolute_url()).content.decode(), card) == "Saved"
    assert save_button(theirs.get(card.get_absolute_url()).content.decode(), card) == "Save"


def test_unsaving_shows_on_every_page_at_once():
    card = make_card(title="Changed my mind")
    reader = reader_client()
    save(reader, card)
    assert save_button(reader.get("/").content.decode(), card) == "Saved"

    save(reader, card, action="unsave")

    assert save_button(reader.get("/").content.decode(), card) == "Save"


def test_a_readers_list_page_is_never_served_to_another_reader():
    card = make_card(title="Private")
    mine = reader_client()
    save(mine, card)
    saved_page = mine.get("/saved/")
    list_url = re.search(r'href="(/saved/lists/\d+/)"', saved_page.content.decode())[1]
    assert "Private" in mine.get(list_url).content.decode()

    assert reader_client().get(list_url).status_code == 404
    assert Client().get(list_url).status_code == 404


def test_a_readers_own_change_shows_on_their_list_at_once():
    first, second = make_card(title="First one"), make_card(title="Second one")
    reader = reader_client()
    save(reader, first)
    list_url = re.search(r'href="(/saved/lists/\d+/)"', reader.get("/saved/").content.decode())[1]
    assert "Second one" not in reader.get(list_url).content.decode()

    save(reader, second, htmx=True)

    assert "Second one" in reader.get(list_url).content.decode()
    assert "2 cards" in reader.get("/saved/").content.decode()


def test_a_toast_is_shown_once_and_never_kept_for_later():
    card = make_card(title="Keep this")
    reader = reader_client()
    reader.get(card.get_absolute_url())

    answer = save(reader, card, next=card.get_absolute_url())
    assert "Saved." in reader.get(answer.url).content.decode()

    again = reader.get(card.get_absolute_url()).content.decode()
    assert "Saved." not in again


def test_the_htmx_partial_and_the_whole_page_are_kept_apart():
    make_card(title="Either way")
    partial = Client().get("/", headers={"HX-Request": "true"}).content.decode()
    whole = Client().get("/").content.decode()

    assert "<html" not in partial and "Either way" in partial
    assert whole.startswith("<!doctype html>") and "Either way" in whole


def test_links_name_the_host_the_page_was_asked_for_on():
    card = make_card(title="Shared link")
    here = Client().get(card.get_absolute_url(), HTTP_HOST="localhost").content.decode()
    there = Client().get(card.get_absolute_url(), HTTP_HOST="127.0.0.1").content.decode()

    assert f'href="http://localhost{card.get_absolute_url()}"' in here
    assert f'href="http://127.0.0.1{card.get_absolute_url()}"' in there


def test_a_readers_version_is_the_same_whichever_way_their_token_is_written():
    token = uuid.uuid4()
    before = readers.version(token)
    assert readers.version(token.hex) == readers.version(str(token)) == before

    readers.changed(token.hex)

    assert readers.version(token) != before
