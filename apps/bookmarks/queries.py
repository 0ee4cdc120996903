"""Reads of a reader's lists, each in a fixed number of queries."""

from django.db.models import Count, Q

from apps.core import readers
from apps.core.paging import Page, take_page

from .models import Bookmark, BookmarkList


def lists_with_counts(token) -> list[BookmarkList]:
    return list(
        BookmarkList.objects.filter(reader__token=token, deleted_at__isnull=True).annotate(
            card_count=Count("bookmarks")
        )
    )


LIST_PAGE_SIZE = 24


def _in_order(bookmark_list: BookmarkList):
    return bookmark_list.bookmarks.select_related("card__article").order_by("position", "pk")


def bookmarks_page(bookmark_list: BookmarkList, number: int) -> Page:
    return take_page(_in_order(bookmark_list), number, LIST_PAGE_SIZE)


def page_holding(bookmark: Bookmark) -> int:
    """Which page of its list a bookmark is on, in the list's current order."""
    before = bookmark.list.bookmarks.filter(
        Q(position__lt=bookmark.position) | Q(position=bookmark.position, pk__lt=bookmark.pk)
    ).count()
    return before // LIST_PAGE_SIZE + 1


def bookmarks_through(bookmark_list: BookmarkList, last_page: int) -> Page:
    """Every bookmark from the top down to the end of `last_page` (what a reader who
    loaded that far sees), so a change there doesn't take the list back to page 1."""
    size = last_page * LIST_PAGE_SIZE
    rows = list(_in_order(bookmark_list)[: size + 1])
    return Page(items=rows[:size], number=last_page, has_next=len(rows) > size)


def saved_card_ids(request) -> frozenset[int]:
    """The cards in the reader's "Saved" list: the state of every save button, on
    every page. Kept with the reader's version, so a page seen before costs no query;
    a visitor without a reader has saved nothing and costs no lookup."""
    if not readers.has_reader(request):
        return frozenset()
    token = request.reader_token
    return readers.kept(
        request,
        "saved_card_ids",
        lambda: frozenset(
            Bookmark.objects.filter(list__reader__token=token, list__is_default=True)
            .order_by()
            .values_list("card_id", flat=True)
        ),
    )


def saved_state(request, shown: frozenset[int]) -> dict:
    """What a cached page shows of the reader (pagecache's hook): which of its cards
    they saved."""
    return {"saved_card_ids": saved_card_ids(request) & shown if shown else frozenset()}


def lists_holding(token, card) -> tuple[list[BookmarkList], set[int]]:
    """The reader's lists, and which of them hold `card`: for the "Add to lists" dialog."""
    lists = list(
        BookmarkList.objects.filter(reader__token=token, deleted_at__isnull=True).annotate(
            holds=Count("bookmarks", filter=Q(bookmarks__card=card))
        )
    )
    return lists, {bl.pk for bl in lists if bl.holds}


def export_data(token) -> list[dict]:
    """Every list with its cards and notes, in a shape for JSON and Markdown exports."""
    lists = BookmarkList.objects.filter(reader__token=token, deleted_at__isnull=True)
    bookmarks = (
        Bookmark.objects.filter(list__in=lists)
        .select_related("card__article")
        .order_by("list_id", "position", "pk")
    )
    by_list: dict[int, list[dict]] = {}
    for bookmark in bookmarks:
        card = bookmark.card
        by_list.setdefault(bookmark.list_id, []).append(
            {
                "title": card.title,
                "article": card.article.title,
                "url": card.get_absolute_url(),
                "text": card.body_markdown,
                "note": bookmark.note,
                "saved_at": bookmark.created_at.isoformat(),
                "in_feed": not card.is_archived,
            }
        )
    return [
        {"name": bl.name, "created_at": bl.created_at.isoformat(), "cards": by_list.get(bl.pk, [])}
        for bl in lists
    ]
