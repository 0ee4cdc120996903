"""Helpers for bookmark tests: readers as browsers with their own cookie jars."""

from django.test import Client

from apps.bookmarks.models import Bookmark, BookmarkList
from apps.core.readers import read_token


def reader_client() -> Client:
    """A browser that has visited once, so it holds a reader cookie (and no rows yet)."""
    client = Client()
    client.get("/help/")
    return client


def token_of(client: Client):
    class Cookies:
        COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}

        def get_signed_cookie(self, *args, **kwargs):
            from django.http import HttpRequest

            request = HttpRequest()
            request.COOKIES = self.COOKIES
            return request.get_signed_cookie(*args, **kwargs)

    return read_token(Cookies())


def save(client: Client, card, action="save", htmx=False, **extra):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(f"/saved/cards/{card.pk}/", {"action": action, **extra}, headers=headers)


def lists_of(client: Client):
    return BookmarkList.objects.filter(reader__token=token_of(client), deleted_at__isnull=True)


def bookmarks_of(client: Client):
    return Bookmark.objects.filter(list__reader__token=token_of(client))


def reader_with_a_list():
    """A reader who saved a card and put it in a list "Nights": (client, card, list,
    the card's bookmark in that list)."""
    from apps.bookmarks import services
    from tests.factories import make_card

    reader = reader_client()
    card = make_card(title="Let them run")
    save(reader, card)
    token = token_of(reader)
    nights = services.create_list(token, "Nights")
    return reader, card, nights, services.save_card(token, card, nights)
