"""List names: one list per name, however the name is typed, on SQLite and PostgreSQL."""

import threading

import pytest
from django.db import connections
from django.test import Client

from apps.bookmarks import names, services
from apps.bookmarks.forms import ListNameForm
from apps.bookmarks.models import BookmarkList
from tests.bookmarks_helpers import lists_of, reader_client, token_of
from tests.helpers import text_of

pytestmark = pytest.mark.django_db

SAME_NAMES = [
    ("k", "\u212a"),  # K, the Kelvin sign
    ("ω", "\u2126"),  # the Ohm sign
    ("Straße", "STRASSE"),
    ("ß", "ẞ"),
    ("İstanbul", "istanbul"),
    ("éclair", "ÉCLAIR"),
    ("éclair", "e\u0301clair"),  # é written as e and a combining accent
    ("Late nights", "late \u200b nights"),
    ("Ｍｏｒｎｉｎｇｓ", "mornings"),  # full-width letters
]


def create(client, name, htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post("/saved/lists/", {"name": name}, headers=headers)


@pytest.mark.parametrize(("first", "second"), SAME_NAMES)
def test_a_name_that_differs_only_in_how_it_is_written_is_the_same_list(first, second):
    reader = reader_client()
    assert create(reader, first).status_code == 302

    response = create(reader, second)

    assert response.status_code == 422
    assert "You already have a list called" in text_of(response.content.decode())
    assert lists_of(reader).filter(is_default=False).count() == 1


@pytest.mark.parametrize(("first", "second"), SAME_NAMES)
def test_renaming_to_a_name_written_another_way_is_refused(first, second):
    reader = reader_client()
    create(reader, first)
    create(reader, "Other")
    other = lists_of(reader).get(name="Other")

    response = reader.post(f"/saved/lists/{other.pk}/rename/", {"name": second})

    assert response.status_code == 422
    assert "You already have a list called" in text_of(response.content.decode())
    other.refresh_from_db()
    assert other.name == "Other"


def test_a_name_is_tidied_before_it_is_kept():
    reader = reader_client()

    create(reader, "  \u200bFor\u00a0the   ｍｏｒｎｉｎｇｓ\ufeff ")

    assert lists_of(reader).get(is_default=False).name == "For the mornings"


def test_a_name_of_invisible_characters_only_is_no_name():
    reader = reader_client()

    response = create(reader, "\u200b\u200d\ufeff")

    assert response.status_code == 422
    assert "Give the list a name." in text_of(response.content.decode())


def test_a_name_too_long_once_tidied_is_refused():
    reader = reader_client()

    response = create(reader, "\ufdfa" * 4)  # one character that NFKC writes as 18

    assert response.status_code == 422
    assert "60 characters or fewer" in text_of(response.content.decode())


def test_the_same_name_may_belong_to_two_readers():
    one, two = reader_client(), reader_client()

    assert create(one, "Nights").status_code == 302
    assert create(two, "NIGHTS").status_code == 302


def test_the_form_checks_the_name_itself_and_leaves_a_clash_to_the_service(
    django_assert_num_queries,
):
    """One check, where the list is written (it also holds in a race); the form reads
    the name's shape, with no query, and the clash comes back as its field error."""
    reader = reader_client()
    create(reader, "Nights")

    with django_assert_num_queries(0):
        form = ListNameForm({"name": " NIGHTS "})
        assert form.is_valid()
        assert form.cleaned_data["name"] == "NIGHTS"

    response = create(reader, "nights", htmx=True)

    assert response.status_code == 422
    assert "You already have a list called “nights”." in text_of(response.content.decode())
    assert str(services.NameTaken("nights")) == "You already have a list called “nights”."
    assert lists_of(reader).filter(is_default=False).count() == 1


def test_the_database_refuses_a_clash_the_service_did_not_check():
    reader = reader_client()
    create(reader, "éclair")
    made = lists_of(reader).get(is_default=False)

    with pytest.raises(services.NameTaken):
        services.create_list(token_of(reader), "ÉCLAIR")
    assert BookmarkList.objects.filter(reader=made.reader, name_key="éclair").count() == 1


def post_at_once(requests):
    """Send every (client, url, data) at the same moment from its own thread."""
    statuses, errors = [], []
    start = threading.Barrier(len(requests))

    def send(client, url, data):
        try:
            start.wait()
            statuses.append(client.post(url, data).status_code)
        except Exception as error:  # noqa: BLE001 - any failure is the finding
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=request) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return statuses


def same_reader(client) -> Client:
    twin = Client()
    twin.cookies = client.cookies
    return twin


@pytest.mark.django_db(transaction=True)
def test_eight_tabs_making_one_list_at_once_make_it_once():
    reader = reader_client()
    create(reader, "First")  # the reader and its Saved list exist

    names_typed = ["Nights", "nights", "NIGHTS", "Nights ", " nights", "NiGhTs", "nights", "Nights"]
    statuses = post_at_once(
        [(same_reader(reader), "/saved/lists/", {"name": name}) for name in names_typed]
    )

    assert sorted(set(statuses)) <= [302, 422]
    assert statuses.count(302) == 1
    assert lists_of(reader).filter(name_key="nights").count() == 1


@pytest.mark.django_db(transaction=True)
def test_eight_lists_renamed_to_one_name_at_once_give_it_to_one():
    reader = reader_client()
    for n in range(8):
        create(reader, f"List {n}")
    lists = list(lists_of(reader).filter(is_default=False))

    statuses = post_at_once(
        [
            (same_reader(reader), f"/saved/lists/{made.pk}/rename/", {"name": "Mornings"})
            for made in lists
        ]
    )

    assert sorted(set(statuses)) <= [302, 422]
    assert statuses.count(302) == 1
    assert lists_of(reader).filter(name="Mornings").count() == 1


def test_keys_are_case_folded_the_unicode_way():
    assert names.key("Straße") == names.key("STRASSE") == "strasse"
    assert names.key("\u212a") == "k"
    assert names.key("İstanbul") == "istanbul"
    assert names.key("e\u0301clair") == names.key("ÉCLAIR")


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_in_keys_and_renames_a_clash_without_losing_a_card():
    from django.core.management import call_command

    from apps.cards.models import Card
    from tests.factories import make_card

    call_command("migrate", "bookmarks", "0001", verbosity=0)
    try:
        card = make_card()
        reader_id = _old_reader_with_lists(["Saved", "Straße", "STRASSE", " Nights "], card)
    finally:
        call_command("migrate", verbosity=0)

    lists = BookmarkList.objects.filter(reader_id=reader_id).order_by("pk")
    assert [(bl.name, bl.name_key) for bl in lists] == [
        ("Saved", "saved"),
        ("Straße", "strasse"),
        ("STRASSE (2)", "strasse (2)"),
        ("Nights", "nights"),
    ]
    assert all(bl.bookmarks.get().card == Card.objects.get(pk=card.pk) for bl in lists)


def _old_reader_with_lists(list_names, card) -> int:
    """Rows as they were before the key column, written with plain SQL."""
    import uuid

    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bookmarks_reader (token, created_at) VALUES (%s, %s)",
            [uuid.uuid4().hex if connection.vendor == "sqlite" else uuid.uuid4(), now],
        )
        cursor.execute("SELECT MAX(id) FROM bookmarks_reader")
        reader_id = cursor.fetchone()[0]
        for n, name in enumerate(list_names):
            cursor.execute(
                "INSERT INTO bookmarks_bookmarklist (reader_id, name, is_default, created_at)"
                " VALUES (%s, %s, %s, %s)",
                [reader_id, name, n == 0, now],
            )
            cursor.execute("SELECT MAX(id) FROM bookmarks_bookmarklist")
            list_id = cursor.fetchone()[0]
            cursor.execute(
                "INSERT INTO bookmarks_bookmark (list_id, card_id, note, position, created_at)"
                " VALUES (%s, %s, '', 0, %s)",
                [list_id, card.pk, now],
            )
    return reader_id
