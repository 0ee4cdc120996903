"""Saving states say the truth, and saved pages can be kept on the reader's device."""

import re

import pytest

from apps.bookmarks import services
from tests.bookmarks_helpers import bookmarks_of, lists_of, reader_client, save, token_of
from tests.factories import make_card
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def card():
    return make_card(title="Let them run")


@pytest.fixture
def reader():
    return reader_client()


def button_text(html: str, card) -> str:
    form = re.search(rf'<form id="save-{card.pk}".*?</form>', html, flags=re.S)[0]
    return text_of(form)


def test_a_card_kept_only_in_a_named_list_shows_as_saved_not_save(reader, card):
    nights = services.create_list(token_of(reader), "Nights")
    services.save_card(token_of(reader), card, nights)

    html = reader.get(card.get_absolute_url()).content.decode()

    assert button_text(html, card).startswith("Saved · 1 list")
    assert f'aria-label="Saved in 1 list: {card.title}. Change lists"' in html


def test_a_card_in_saved_and_a_named_list_says_how_many_lists(reader, card):
    save(reader, card)
    nights = services.create_list(token_of(reader), "Nights")
    services.save_card(token_of(reader), card, nights)

    html = reader.get("/").content.decode()

    assert button_text(html, card).startswith("Saved · 2 lists")
    assert f'aria-label="Saved in 2 lists: {card.title}"' in html
    # Tapping it takes the card out of Saved only: it stays saved, in one list.
    answer = save(reader, card, action="unsave", htmx=True).content.decode()
    assert button_text(answer, card).startswith("Saved · 1 list")


def test_another_readers_lists_never_show_on_my_button(reader, card):
    other = reader_client()
    save(other, card)

    html = reader.get(card.get_absolute_url()).content.decode()

    assert button_text(html, card).startswith("Save Lists")


def test_without_javascript_saving_returns_to_the_same_card(reader, card):
    response = save(reader, card, next="/?page=2")

    assert response.status_code == 302
    assert response["Location"] == f"/?page=2#card-{card.pk}"
    html = reader.get("/").content.decode()
    assert f'id="card-{card.pk}"' in html
    assert f'name="next" value="/#card-{card.pk}"' in html


def test_without_javascript_lists_done_returns_to_where_the_reader_was(reader, card):
    page = reader.get(f"/saved/cards/{card.pk}/lists/?next=/search/%3Fq%3Drun%23card-{card.pk}")
    html = page.content.decode()
    assert f'name="next" value="/search/?q=run#card-{card.pk}"' in html

    done = reader.post(
        f"/saved/cards/{card.pk}/lists/",
        {"lists": "saved", "next": f"/search/?q=run#card-{card.pk}"},
    )

    assert done["Location"] == f"/search/?q=run#card-{card.pk}"
    assert bookmarks_of(reader).count() == 1


def test_the_lists_dialog_never_sends_the_reader_off_the_site(reader, card):
    html = reader.get(f"/saved/cards/{card.pk}/lists/?next=https://evil.example/").content.decode()

    assert "evil.example" not in html
    assert f'name="next" value="{card.get_absolute_url()}"' in html


def test_removing_from_a_list_can_be_undone_and_the_note_comes_back(reader, card):
    other = make_card(title="Stay")
    save(reader, other)
    save(reader, card)
    bookmark = bookmarks_of(reader).get(card=card)
    services.set_note(bookmark, "Read this when the phone is in my hand.")
    url = f"/saved/lists/{bookmark.list_id}/cards/{bookmark.pk}/remove/"

    page = reader.post(url, follow=True).content.decode()
    assert bookmarks_of(reader).filter(card=card).count() == 0
    assert "Removed from “Saved”. Undo" in text_of(page)
    token = page.split("Removed from")[1].split('name="token" value="')[1].split('"')[0]
    undone = reader.post("/saved/undo/", {"token": token}, follow=True)

    assert "Back in “Saved”." in text_of(undone.content.decode()), text_of(undone.content.decode())
    back = bookmarks_of(reader).get(card=card)
    assert back.note == "Read this when the phone is in my hand."
    assert list(
        bookmarks_of(reader).order_by("position").values_list("card__title", flat=True)
    ) == [
        "Let them run",
        "Stay",
    ]


def test_an_undo_of_a_removal_from_another_readers_list_is_a_404(reader, card):
    save(reader, card)
    bookmark = bookmarks_of(reader).get()
    page = reader.post(f"/saved/lists/{bookmark.list_id}/cards/{bookmark.pk}/remove/", follow=True)
    token = page.content.decode().split("Removed from")[1].split('name="token" value="')[1]
    token = token.split('"')[0]

    response = reader_client().post("/saved/undo/", {"token": token}, follow=True)

    assert "can no longer be undone" in text_of(response.content.decode())
    assert bookmarks_of(reader).count() == 0


def test_delete_all_my_data_says_exactly_what_it_deletes(reader, card):
    save(reader, card)
    services.set_note(bookmarks_of(reader).get(), "mine")
    nights = services.create_list(token_of(reader), "Nights")
    services.save_card(token_of(reader), make_card(title="Other"), nights)

    text = text_of(reader.get("/saved/delete-everything/").content.decode())

    assert "2 saved cards" in text
    assert "1 list of your own" in text
    assert "1 note" in text
    assert "offline copies" in text


def test_personal_pages_name_the_readers_own_device_cache_and_never_the_token(reader, card):
    save(reader, card)
    other = reader_client()
    save(other, card)

    mine = reader.get("/saved/")
    theirs = other.get("/saved/")
    list_page = reader.get(f"/saved/lists/{lists_of(reader).get().pk}/")

    assert {"private", "no-store"} <= set(mine["Cache-Control"].replace(" ", "").split(","))
    assert mine["Reader-Cache"] == list_page["Reader-Cache"]
    assert mine["Reader-Cache"] != theirs["Reader-Cache"]
    assert token_of(reader).hex not in mine["Reader-Cache"]
    assert "Reader-Cache" not in reader.get("/").headers


def test_the_worker_keeps_personal_pages_per_reader_and_drops_them_on_delete(client):
    source = client.get("/sw.js").content.decode()

    assert '"clears": ["/saved/delete-everything/"]' in source
    assert '"personal": ["/saved/"]' in source
    assert "Reader-Cache" in source
