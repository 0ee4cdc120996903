"""Owner-scoped getters: another reader's list or bookmark is a 404, in one place.

Each brings its reader along (a join, not a query): the services name whose data changed."""

from django.shortcuts import get_object_or_404

from apps.cards.models import Card

from .models import Bookmark, BookmarkList


def get_list(request, pk: int) -> BookmarkList:
    return get_object_or_404(
        BookmarkList.objects.select_related("reader"),
        pk=pk,
        reader__token=request.reader_token,
        deleted_at__isnull=True,
    )


def get_deleted_list(request, pk: int) -> BookmarkList:
    return get_object_or_404(
        BookmarkList.objects.select_related("reader"),
        pk=pk,
        reader__token=request.reader_token,
        deleted_at__isnull=False,
    )


def get_bookmark(request, list_pk: int, pk: int) -> Bookmark:
    return get_object_or_404(
        Bookmark.objects.select_related("list__reader", "card__article"),
        pk=pk,
        list_id=list_pk,
        list__reader__token=request.reader_token,
        list__deleted_at__isnull=True,
    )


def get_card(pk: int) -> Card:
    """Any card, archived or not: saved cards stay reachable after they leave the feed."""
    return get_object_or_404(Card.objects.select_related("article"), pk=pk)
