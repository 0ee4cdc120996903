"""The limits of lists and saved cards hold whatever the order of create, delete, save,
remove, Undo and import: every order of a small set of steps, through the real views,
with the limits made small. A refused add says so and loses nothing."""

import itertools
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.bookmarks import services
from apps.bookmarks.models import Bookmark, BookmarkList
from tests.bookmarks_helpers import reader_client, token_of
from tests.factories import make_card
from tests.helpers import text_of

pytestmark = pytest.mark.django_db

LISTS, CARDS = 2, 2  # Saved and one more list; two saved cards


def undo_token(response) -> str | None:
    parts = response.content.decode().split('name="token" value="')
    return parts[-1].split('"')[0] if len(parts) > 1 else None


class Reader:
    def __init__(self, cards):
        self.client = reader_client()
        self.cards = cards
        self.undo = []
        self.saves = 0

    def kept(self):
        token = token_of(self.client)
        lists = BookmarkList.objects.filter(reader__token=token, deleted_at__isnull=True)
        return lists.count(), Bookmark.objects.filter(list__reader__token=token).count()

    def step(self, name: str):
        client = self.client
        card = self.cards[self.saves % len(self.cards)]  # each save the next card
        if name == "create":
            response = client.post("/saved/lists/", {"name": f"List {len(self.undo)}"})
        elif name == "delete":
            own = BookmarkList.objects.filter(
                reader__token=token_of(client), is_default=False, deleted_at__isnull=True
            ).first()
            if own is None:
                return None
            response = client.post(f"/saved/lists/{own.pk}/delete/", follow=True)
        elif name == "save":
            self.saves += 1
            response = client.post(
                f"/saved/cards/{card.pk}/", {"action": "save"}, headers={"HX-Request": "true"}
            )
        elif name == "remove":
            bookmark = Bookmark.objects.filter(list__reader__token=token_of(client)).first()
            if bookmark is None:
                return None
            url = f"/saved/lists/{bookmark.list_id}/cards/{bookmark.pk}/remove/"
            response = client.post(url, follow=True)
        elif name == "undo":
            tokens = [token for token in self.undo if token]
            if not tokens:
                return None
            self.undo.remove(tokens[-1])  # the latest Undo offered, once
            response = client.post("/saved/undo/", {"token": tokens[-1]}, follow=True)
        else:  # import a file with a new list holding every card
            cards = [{"url": c.get_absolute_url(), "note": ""} for c in self.cards]
            export = {"app": "Stand Still", "version": 1, "lists": [{"name": "In", "cards": cards}]}
            file = SimpleUploadedFile("s.json", json.dumps(export).encode())
            response = client.post("/saved/import/", {"file": file})
        self.undo.append(undo_token(response))
        return response


STEPS = ["create", "delete", "save", "remove", "undo", "import"]
# Every order of three different steps (delete, create, Undo among them), done twice
# by a reader at both limits.
ORDERS = list(itertools.permutations(STEPS, 3))


@pytest.mark.parametrize("order", ORDERS, ids="-".join)
def test_no_order_of_steps_passes_the_limits_and_a_refusal_says_so(order, monkeypatch):
    monkeypatch.setattr(services, "MAX_LISTS", LISTS)
    monkeypatch.setattr(services, "MAX_BOOKMARKS", CARDS)
    reader = Reader([make_card(), make_card(), make_card()])
    reader.step("save")
    reader.step("create")  # now at both limits: Saved and List 1, one card
    reader.step("save")
    for name in [*order, *order]:
        before = reader.kept()
        response = reader.step(name)
        lists, cards = reader.kept()
        assert response is None or response.status_code < 500, (name, response.status_code)
        assert lists <= LISTS and cards <= CARDS, (order, name, lists, cards)
        if response is not None and (lists, cards) == before and name in {"create", "import"}:
            text = text_of(response.content.decode())
            assert "You can keep up to" in text or "already" in text, (name, text)


def test_delete_create_undo_can_not_pass_the_list_limit(monkeypatch):
    monkeypatch.setattr(services, "MAX_LISTS", LISTS)
    reader = Reader([make_card()])
    reader.step("create")
    reader.step("delete")
    reader.step("create")
    gone = reader.undo[1]

    response = reader.client.post("/saved/undo/", {"token": gone}, follow=True)

    assert "You can keep up to 2 lists" in text_of(response.content.decode())
    assert reader.kept()[0] == LISTS


def test_undo_of_a_removal_can_not_pass_the_card_limit(monkeypatch):
    monkeypatch.setattr(services, "MAX_BOOKMARKS", CARDS)
    reader = Reader([make_card(), make_card(), make_card()])
    reader.step("save")
    reader.step("save")
    removed = reader.step("remove")
    reader.step("save")  # the third card takes the room

    response = reader.client.post("/saved/undo/", {"token": undo_token(removed)}, follow=True)

    assert "You can keep up to 2 saved cards" in text_of(response.content.decode())
    assert reader.kept()[1] == CARDS
