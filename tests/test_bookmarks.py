"""Saving cards and keeping lists: one tap, no account, nothing lost."""

import json

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from apps.bookmarks import services
from apps.bookmarks.models import Bookmark, BookmarkList, Reader
from tests.bookmarks_helpers import bookmarks_of, lists_of, reader_client, save, token_of
from tests.factories import make_card, make_cards
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def card():
    return make_card(title="Let them run")


@pytest.fixture
def reader():
    return reader_client()


def test_a_page_view_sets_a_signed_httponly_cookie_but_creates_no_reader(client):
    response = client.get("/")

    cookie = response.cookies["reader"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) >= 365 * 24 * 60 * 60
    assert ":" in cookie.value  # signed
    assert Reader.objects.count() == 0


def test_a_forged_reader_cookie_is_ignored(client, card):
    client.cookies["reader"] = "00000000-0000-0000-0000-000000000000"

    save(client, card)

    assert Reader.objects.get().token.hex != "0" * 32


def test_the_first_save_creates_the_reader_and_its_saved_list(reader, card):
    response = save(reader, card)

    assert response.status_code == 302
    assert Reader.objects.count() == 1
    saved = lists_of(reader).get()
    assert saved.is_default and saved.name == "Saved"
    assert list(saved.bookmarks.values_list("card", flat=True)) == [card.pk]


def test_saving_twice_keeps_one_bookmark(reader, card):
    save(reader, card)
    save(reader, card)

    assert bookmarks_of(reader).count() == 1


def test_the_database_refuses_a_duplicate_bookmark(reader, card):
    save(reader, card)
    bookmark = bookmarks_of(reader).get()

    with pytest.raises(IntegrityError), transaction.atomic():
        Bookmark.objects.create(list=bookmark.list, card=card)


def test_unsave_removes_the_card_from_saved(reader, card):
    save(reader, card)

    save(reader, card, action="unsave")

    assert bookmarks_of(reader).count() == 0


def test_a_plain_post_goes_back_to_where_the_reader_was(reader, card):
    response = save(reader, card, next="/?topic=healing")

    assert response.status_code == 302
    assert response["Location"] == f"/?topic=healing#card-{card.pk}"  # the same card


def test_a_plain_post_never_redirects_off_site(reader, card):
    response = save(reader, card, next="https://evil.example/")

    assert response["Location"] == f"{card.get_absolute_url()}#card-{card.pk}"


def test_an_htmx_save_answers_with_the_pressed_button_and_an_undo_toast(reader, card):
    response = save(reader, card, htmx=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-pressed="true"' in html
    assert f'id="save-{card.pk}"' in html
    assert 'id="toasts"' in html and 'hx-swap-oob="true"' in html
    assert "Saved." in text_of(html)
    assert ">Undo<" in html
    assert "<html" not in html


def test_the_saved_state_shows_on_the_save_button_of_a_page(reader, card):
    save(reader, card)

    html = reader.get(f"/saved/lists/{lists_of(reader).get().pk}/").content.decode()

    assert "Let them run" in text_of(html)


def test_undo_after_save_takes_the_card_out_again(reader, card):
    response = save(reader, card, htmx=True)
    token = response.content.decode().split('name="token" value="')[1].split('"')[0]

    reader.post("/saved/undo/", {"token": token})

    assert bookmarks_of(reader).count() == 0


def test_another_reader_cannot_use_an_undo_token(reader, card):
    response = save(reader, card, htmx=True)
    token = response.content.decode().split('name="token" value="')[1].split('"')[0]
    other = reader_client()

    response = other.post("/saved/undo/", {"token": token}, follow=True)

    assert "can no longer be undone" in text_of(response.content.decode())
    assert bookmarks_of(reader).count() == 1


def test_an_unknown_card_is_a_404(reader):
    assert reader.post("/saved/cards/999999/", {"action": "save"}).status_code == 404


def test_an_unknown_action_is_a_400(reader, card):
    assert save(reader, card, action="explode").status_code == 400


def test_an_archived_card_can_still_be_saved_and_is_marked(reader, card):
    from django.utils import timezone

    save(reader, card)
    card.archived_at = timezone.now()
    card.save()

    html = reader.get(f"/saved/lists/{lists_of(reader).get().pk}/").content.decode()

    assert "Let them run" in html
    assert "No longer in the feed" in html


# Lists


def create_list(client, name, htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post("/saved/lists/", {"name": name}, headers=headers)


def test_creating_a_list_trims_the_name_and_opens_it(reader):
    response = create_list(reader, "   For   the mornings  ")

    made = lists_of(reader).get(is_default=False)
    assert made.name == "For the mornings"
    assert response["Location"] == f"/saved/lists/{made.pk}/"


def test_an_htmx_create_redirects_the_client(reader):
    response = create_list(reader, "Nights", htmx=True)

    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/saved/lists/")


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("   ", "Give the list a name."),
        ("x" * 61, "60 characters or fewer"),
        ("SAVED", "You already have a list called"),
    ],
)
def test_a_bad_list_name_gets_a_field_error_with_status_422(reader, card, name, error):
    save(reader, card)

    response = create_list(reader, name)

    assert response.status_code == 422
    assert error in text_of(response.content.decode())
    assert lists_of(reader).count() == 1


def test_list_names_are_unique_ignoring_case(reader):
    create_list(reader, "Nights")

    response = create_list(reader, "nights", htmx=True)

    assert response.status_code == 422
    assert "You already have a list called “nights”" in response.content.decode()
    assert 'id="new-list"' in response.content.decode()
    assert "<html" not in response.content.decode()


def test_at_most_100_lists(reader, monkeypatch):
    monkeypatch.setattr(services, "MAX_LISTS", 3)
    for name in ("One", "Two"):
        create_list(reader, name)

    response = create_list(reader, "Three")

    assert response.status_code == 422
    assert "You can keep up to 3 lists." in text_of(response.content.decode())


def test_at_most_5000_saved_cards(reader, monkeypatch):
    monkeypatch.setattr(services, "MAX_BOOKMARKS", 1)
    save(reader, make_card())

    another = make_card()
    response = reader.post(f"/saved/cards/{another.pk}/", {"action": "save"}, follow=True)

    assert "You can keep up to 1 saved cards." in text_of(response.content.decode())
    assert bookmarks_of(reader).count() == 1


def test_renaming_a_list(reader):
    create_list(reader, "Nights")
    made = lists_of(reader).get(is_default=False)

    reader.post(f"/saved/lists/{made.pk}/rename/", {"name": "Late nights"})

    made.refresh_from_db()
    assert made.name == "Late nights"


def test_renaming_to_a_taken_name_keeps_the_old_name(reader):
    create_list(reader, "Nights")
    create_list(reader, "Mornings")
    made = lists_of(reader).get(name="Nights")

    response = reader.post(f"/saved/lists/{made.pk}/rename/", {"name": "mornings"})

    assert response.status_code == 422
    made.refresh_from_db()
    assert made.name == "Nights"


def test_deleting_a_list_can_be_undone_with_its_cards(reader, card):
    create_list(reader, "Nights")
    made = lists_of(reader).get(name="Nights")
    services.save_card(token_of(reader), card, made)

    response = reader.post(f"/saved/lists/{made.pk}/delete/", follow=True)
    html = response.content.decode()
    assert "Deleted “Nights”." in text_of(html)
    assert not lists_of(reader).filter(name="Nights").exists()
    token = html.split('name="token" value="')[1].split('"')[0]

    reader.post("/saved/undo/", {"token": token})

    restored = lists_of(reader).get(name="Nights")
    assert list(restored.bookmarks.values_list("card", flat=True)) == [card.pk]


def test_the_saved_list_cannot_be_deleted(reader, card):
    save(reader, card)
    saved = lists_of(reader).get()

    assert reader.post(f"/saved/lists/{saved.pk}/delete/").status_code == 400
    assert lists_of(reader).count() == 1


def test_putting_a_card_in_several_lists_from_the_dialog(reader, card):
    create_list(reader, "Nights")
    nights = lists_of(reader).get(name="Nights")

    reader.post(
        f"/saved/cards/{card.pk}/lists/",
        {"lists": ["saved", str(nights.pk)], "new_list": "Mornings"},
    )

    holding = set(BookmarkList.objects.filter(bookmarks__card=card).values_list("name", flat=True))
    assert holding == {"Saved", "Nights", "Mornings"}


def test_the_dialog_untick_removes_the_card_from_that_list(reader, card):
    save(reader, card)

    reader.post(f"/saved/cards/{card.pk}/lists/", {})

    assert bookmarks_of(reader).count() == 0


@pytest.mark.parametrize("lists", [2, 100])
def test_the_dialog_saves_in_the_same_queries_however_many_lists(
    reader, card, lists, django_assert_num_queries
):
    token = token_of(reader)
    save(reader, card)
    made = [services.create_list(token, f"List {n}") for n in range(lists - 2)]
    for bookmark_list in made[::2]:
        services.save_card(token, card, bookmark_list)
    ticked = [str(bl.pk) for bl in made[1::2]]  # out of Saved and half the lists, into the rest

    with django_assert_num_queries(15):  # was 36 at 2 lists and 616 at 60; 1 locks the reader
        response = reader.post(
            f"/saved/cards/{card.pk}/lists/", {"lists": ticked, "new_list": "Mornings"}
        )

    assert response.status_code == 302
    holding = set(BookmarkList.objects.filter(bookmarks__card=card).values_list("name", flat=True))
    assert holding == {"Mornings", *(bl.name for bl in made[1::2])}
    assert lists_of(reader).count() == lists


def test_a_dialog_new_list_that_clashes_keeps_what_was_typed(reader, card):
    create_list(reader, "Nights")

    response = reader.post(f"/saved/cards/{card.pk}/lists/", {"new_list": "NIGHTS"})

    assert response.status_code == 422
    html = response.content.decode()
    assert "You already have a list called “NIGHTS”." in text_of(html)
    assert 'value="NIGHTS"' in html
    assert not Bookmark.objects.filter(card=card).exists()


@pytest.fixture
def others_things(card):
    """Another reader's list (not their Saved one), bookmark and deleted list."""
    other = reader_client()
    save(other, card)
    create_list(other, "Theirs")
    create_list(other, "Gone")
    theirs = lists_of(other).get(name="Theirs")
    services.save_card(token_of(other), card, theirs)
    gone = lists_of(other).get(name="Gone")
    services.delete_list(gone)
    return {"list": theirs, "bookmark": theirs.bookmarks.get(), "gone": gone}


def undo_restore_of(reader, gone):
    from django.test import RequestFactory

    from apps.bookmarks import undo

    request = RequestFactory().post("/")
    request.reader_token = token_of(reader)
    return {"token": undo.make_token(request, "restore-list", list=gone.pk)}


ANOTHER_READERS = [
    ("get", "/saved/lists/{list}/", lambda t: {}),
    ("post", "/saved/lists/{list}/rename/", lambda t: {"name": "Mine now"}),
    ("post", "/saved/lists/{list}/delete/", lambda t: {}),
    ("post", "/saved/lists/{list}/cards/{bookmark}/move/", lambda t: {"direction": "up"}),
    ("post", "/saved/lists/{list}/cards/{bookmark}/move/", lambda t: {"to": "0"}),
    ("post", "/saved/lists/{list}/cards/{bookmark}/note/", lambda t: {"note": "Mine"}),
    ("post", "/saved/lists/{list}/cards/{bookmark}/remove/", lambda t: {}),
    ("post", "/saved/cards/{card}/lists/", lambda t: {"lists": [str(t["list"].pk)]}),
    ("post", "/saved/undo/", "undo"),
]


@pytest.mark.parametrize(("method", "url", "data"), ANOTHER_READERS)
@pytest.mark.parametrize("htmx", [False, True])
def test_another_readers_list_or_card_is_a_404_and_stays_as_it_was(
    reader, card, others_things, method, url, data, htmx
):
    save(reader, card)  # the reader has lists of their own
    theirs, bookmark = others_things["list"], others_things["bookmark"]
    target = url.format(list=theirs.pk, bookmark=bookmark.pk, card=card.pk)
    body = undo_restore_of(reader, others_things["gone"]) if data == "undo" else data(others_things)
    headers = {"HX-Request": "true"} if htmx else {}

    response = getattr(reader, method)(target, body, headers=headers)

    assert response.status_code == 404
    theirs.refresh_from_db()
    bookmark.refresh_from_db()
    assert (theirs.name, theirs.deleted_at, bookmark.note) == ("Theirs", None, "")
    assert BookmarkList.objects.get(pk=others_things["gone"].pk).deleted_at is not None
    assert set(theirs.bookmarks.values_list("card", flat=True)) == {card.pk}


def test_the_dialog_for_htmx_is_a_partial_and_for_a_browser_a_page(reader, card):
    partial = reader.get(f"/saved/cards/{card.pk}/lists/", headers={"HX-Request": "true"})
    page = reader.get(f"/saved/cards/{card.pk}/lists/")

    assert "<html" not in partial.content.decode()
    assert "<html" in page.content.decode()
    assert "Keep “Let them run” in" in text_of(partial.content.decode())
    assert partial["Vary"] and "HX-Request" in partial["Vary"]


def test_moving_cards_up_and_down(reader):
    first, second, third = (
        make_card(title="First"),
        make_card(title="Second"),
        make_card(title="Third"),
    )
    for card in (third, second, first):  # newest saves go on top
        save(reader, card)
    saved = lists_of(reader).get()
    order = lambda: list(saved.bookmarks.order_by("position").values_list("card__title", flat=True))  # noqa: E731
    assert order() == ["First", "Second", "Third"]
    third_bookmark = saved.bookmarks.get(card=third)

    reader.post(f"/saved/lists/{saved.pk}/cards/{third_bookmark.pk}/move/", {"direction": "up"})
    assert order() == ["First", "Third", "Second"]

    reader.post(f"/saved/lists/{saved.pk}/cards/{third_bookmark.pk}/move/", {"direction": "down"})
    assert order() == ["First", "Second", "Third"]


def test_a_note_is_saved_and_shown(reader, card):
    save(reader, card)
    bookmark = bookmarks_of(reader).get()

    reader.post(
        f"/saved/lists/{bookmark.list_id}/cards/{bookmark.pk}/note/", {"note": "Read this at 2am."}
    )

    html = reader.get(f"/saved/lists/{bookmark.list_id}/").content.decode()
    assert "Read this at 2am." in html


def test_an_over_long_note_is_refused_and_the_old_note_is_kept(reader, card):
    save(reader, card)
    bookmark = bookmarks_of(reader).get()
    url = f"/saved/lists/{bookmark.list_id}/cards/{bookmark.pk}/note/"
    reader.post(url, {"note": "Keep this."})

    response = reader.post(url, {"note": "x" * 1001})

    assert response.status_code == 422
    assert "1,000 characters or fewer" in text_of(response.content.decode())
    bookmark.refresh_from_db()
    assert bookmark.note == "Keep this."


def test_removing_a_card_from_a_list(reader, card):
    save(reader, card)
    bookmark = bookmarks_of(reader).get()

    reader.post(f"/saved/lists/{bookmark.list_id}/cards/{bookmark.pk}/remove/")

    assert bookmarks_of(reader).count() == 0


def test_the_saved_page_shows_the_saved_cards_first_then_the_named_lists(reader, card):
    save(reader, card)
    create_list(reader, "Nights")

    text = text_of(reader.get("/saved/").content.decode())

    cards_at = text.index("Your saved cards")
    assert cards_at < text.index(card.title) < text.index("Your lists")
    assert text.index("Your lists") < text.index("Nights 0 cards")


def test_the_saved_page_for_a_newcomer_says_what_to_do(client):
    text = text_of(client.get("/saved/").content.decode())

    assert "Nothing saved yet." in text
    assert "Tap Save on any card" in text


# Your data


def test_export_as_json_holds_lists_cards_and_notes(reader, card):
    save(reader, card)
    bookmark = bookmarks_of(reader).get()
    bookmark.note = "Mine."
    bookmark.save()

    response = reader.get("/saved/export.json")

    assert response["Content-Disposition"] == 'attachment; filename="stand-still-saved.json"'
    data = json.loads(response.content)
    assert data["lists"][0]["name"] == "Saved"
    assert data["lists"][0]["cards"][0]["title"] == "Let them run"
    assert data["lists"][0]["cards"][0]["note"] == "Mine."


def test_export_as_markdown_holds_lists_cards_and_notes(reader, card):
    save(reader, card)
    bookmark = bookmarks_of(reader).get()
    bookmark.note = "Mine."
    bookmark.save()

    response = reader.get("/saved/export.md")

    body = response.content.decode()
    assert response["Content-Type"].startswith("text/markdown")
    assert "## Saved" in body and "### Let them run" in body and "> Mine." in body


def test_export_in_an_unknown_format_is_a_404(reader):
    assert reader.get("/saved/export.exe").status_code == 404


def test_delete_all_my_data_asks_first_then_removes_every_row(reader, card):
    save(reader, card)
    create_list(reader, "Nights")

    confirm = reader.get("/saved/delete-everything/")
    assert "can't be undone" in text_of(confirm.content.decode())
    assert Reader.objects.count() == 1

    response = reader.post("/saved/delete-everything/")

    assert Reader.objects.count() == 0
    assert BookmarkList.objects.count() == 0
    assert Bookmark.objects.count() == 0
    assert response.cookies["reader"]["max-age"] == 0


def test_delete_all_leaves_other_readers_alone(reader, card):
    other = reader_client()
    save(other, card)

    reader.post("/saved/delete-everything/")

    assert bookmarks_of(other).count() == 1


def test_unsafe_requests_need_the_csrf_token(card):
    browser = Client(enforce_csrf_checks=True)
    browser.get("/")

    response = browser.post(f"/saved/cards/{card.pk}/", {"action": "save"})

    assert response.status_code == 403
    assert Bookmark.objects.count() == 0


def test_merging_two_readers_keeps_every_card_and_note(card):
    a, b = Reader.objects.create(), Reader.objects.create()
    other_card = make_card()
    services.save_card(a.token, card)
    bookmark = services.save_card(b.token, card)
    services.set_note(bookmark, "from b")
    services.save_card(b.token, other_card)
    services.create_list(b.token, "Nights")

    services.merge_readers(a, b)

    assert not Reader.objects.filter(pk=b.pk).exists()
    saved = a.lists.get(is_default=True)
    assert set(saved.bookmarks.values_list("card", flat=True)) == {card.pk, other_card.pk}
    assert saved.bookmarks.get(card=card).note == "from b"
    assert a.lists.filter(name="Nights").exists()


def cards_of(reader: Reader) -> dict[str, list[tuple[str, str]]]:
    """Each live list of the reader, by name: its (card title, note) pairs in order."""
    return {
        bookmark_list.name: [(b.card.title, b.note) for b in bookmark_list.bookmarks.all()]
        for bookmark_list in reader.lists.filter(deleted_at__isnull=True)
    }


def test_merging_past_the_card_limit_moves_what_fits_and_the_device_keeps_the_rest(monkeypatch):
    """Signing in never takes an account past its limit, and never drops a card: what
    doesn't fit stays with the device's reader (and says how much)."""
    account, device = Reader.objects.create(), Reader.objects.create()
    one, two, three, four, five = (make_card(title=t) for t in ("1", "2", "3", "4", "5"))
    for card in (one, two):
        services.save_card(account.token, card)
    services.set_note(services.save_card(device.token, one), "from the phone")
    for card in (three, four):
        services.save_card(device.token, card)  # newest first: 4, 3, then 1
    nights = services.create_list(device.token, "Nights")
    services.save_card(device.token, five, nights)
    monkeypatch.setattr(services, "MAX_BOOKMARKS", 3)  # room for one more in the account

    left = services.merge_readers(account, device)

    assert cards_of(account) == {"Saved": [("2", ""), ("1", "from the phone"), ("4", "")]}
    assert Bookmark.objects.filter(list__reader=account).count() == 3
    assert cards_of(device) == {"Saved": [("3", "")], "Nights": [("5", "")]}
    assert (left.cards, left.lists) == (2, 1)
    assert Reader.objects.filter(pk=device.pk).exists()


def test_merging_past_the_list_limit_leaves_whole_lists_with_the_device(monkeypatch):
    account, device = Reader.objects.create(), Reader.objects.create()
    one, two, three = (make_card(title=t) for t in ("1", "2", "3"))
    for name in ("Nights", "Mornings"):
        services.create_list(account.token, name)
    for name, card in (("NIGHTS", one), ("Sundays", two), ("Empty", None)):
        made = services.create_list(device.token, name)
        if card:
            services.save_card(device.token, card, made)
    services.save_card(device.token, three)
    monkeypatch.setattr(services, "MAX_LISTS", 3)  # the account has as many as it may

    left = services.merge_readers(account, device)

    assert cards_of(account) == {
        "Saved": [("3", "")],
        "Nights": [("1", "")],
        "Mornings": [],
    }
    assert cards_of(device) == {"Sundays": [("2", "")], "Empty": []}
    assert (left.cards, left.lists) == (1, 2)


def test_merging_what_was_left_once_there_is_room_brings_it_all_in(monkeypatch):
    monkeypatch.setattr(services, "MAX_BOOKMARKS", 2)
    account, device = Reader.objects.create(), Reader.objects.create()
    one, two, three = (make_card(title=t) for t in ("1", "2", "3"))
    services.save_card(account.token, one)
    nights = services.create_list(device.token, "Nights")
    for card in (two, three):
        services.save_card(device.token, card, nights)  # newest first: 3, 2
    assert services.merge_readers(account, device).cards == 1
    assert cards_of(account) == {"Saved": [("1", "")], "Nights": [("3", "")]}

    monkeypatch.setattr(services, "MAX_BOOKMARKS", 5)
    left = services.merge_readers(account, device)

    assert not left
    assert cards_of(account) == {"Saved": [("1", "")], "Nights": [("3", ""), ("2", "")]}
    assert not Reader.objects.filter(pk=device.pk).exists()


def test_a_drag_moves_a_card_to_the_place_it_was_dropped(reader):
    cards = [make_card(title=title) for title in ("C", "B", "A")]
    for card in cards:
        save(reader, card)  # newest on top: A, B, C
    saved = lists_of(reader).get()
    c = saved.bookmarks.get(card__title="C")

    response = reader.post(
        f"/saved/lists/{saved.pk}/cards/{c.pk}/move/", {"to": "0"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    titles = list(saved.bookmarks.order_by("position").values_list("card__title", flat=True))
    assert titles == ["C", "A", "B"]
    assert "<html" not in response.content.decode()


@pytest.mark.parametrize("data", [{}, {"to": "-1"}, {"to": "first"}, {"direction": "sideways"}])
def test_a_move_without_a_direction_or_place_is_a_400(reader, card, data):
    save(reader, card)
    bookmark = bookmarks_of(reader).get()

    response = reader.post(f"/saved/lists/{bookmark.list_id}/cards/{bookmark.pk}/move/", data)

    assert response.status_code == 400


def fill_saved(reader, count):
    token = token_of(reader)
    saved = services.default_list(services.reader_for(token))
    cards = make_cards(count)
    Bookmark.objects.bulk_create(
        Bookmark(list=saved, card=card, position=i) for i, card in enumerate(cards)
    )
    return saved


def test_a_long_list_comes_in_pages_with_a_more_link(reader):
    saved = fill_saved(reader, 30)

    first = reader.get(f"/saved/lists/{saved.pk}/").content.decode()
    more = reader.get(f"/saved/lists/{saved.pk}/?page=2", headers={"HX-Request": "true"})

    assert first.count('class="bookmark panel"') == 24
    assert 'href="?page=2"' in first and 'hx-trigger="revealed"' in first
    assert more.content.decode().count('class="bookmark panel"') == 6
    assert "<html" not in more.content.decode()
    assert "More saved cards" not in more.content.decode()


@pytest.mark.parametrize("number", ["0", "abc", "99"])
def test_a_bad_list_page_is_a_404(reader, number):
    saved = fill_saved(reader, 3)

    assert reader.get(f"/saved/lists/{saved.pk}/?page={number}").status_code == 404


def test_moving_a_card_deep_in_a_list_keeps_the_reader_on_its_page(reader):
    saved = fill_saved(reader, 30)
    deep = saved.bookmarks.order_by("position")[27]

    plain = reader.post(f"/saved/lists/{saved.pk}/cards/{deep.pk}/move/", {"direction": "up"})
    htmx = reader.post(
        f"/saved/lists/{saved.pk}/cards/{deep.pk}/move/",
        {"direction": "up"},
        headers={"HX-Request": "true"},
    )

    assert plain["Location"] == f"/saved/lists/{saved.pk}/?page=2#bookmark-{deep.pk}"
    assert f'id="bookmark-{deep.pk}"' in htmx.content.decode()
