"""Reads of a reader's lists, each in a fixed number of queries."""

from django.db.models import Count, Q

from apps.core import readers
from apps.core.paging import Page, take_page

from .models import Bookmark, BookmarkList


def lists_with_counts(token) -> list[BookmarkList]:
    """The reader's lists, "Saved" first, each with its number of cards. The order is
    given here: Django leaves a model's Meta.ordering out of a query that aggregates."""
    return list(
        BookmarkList.objects.filter(reader__token=token, deleted_at__isnull=True)
        .annotate(card_count=Count("bookmarks"))
        .order_by(*BookmarkList._meta.ordering)
    )


LIST_PAGE_SIZE = 24


def _in_order(bookmark_list: BookmarkList):
    return bookmark_list.bookmarks.select_related("card__article").order_by("position", "pk")


SAVED_PAGE_CARDS = 12


def saved_first(lists: list[BookmarkList]) -> list[Bookmark]:
    """The newest cards of the reader's "Saved" list, for the top of the Saved page (one
    query, however many they keep; the list's own page has them all)."""
    default = next((bl for bl in lists if bl.is_default), None)
    if default is None:
        return []
    return list(_in_order(default)[:SAVED_PAGE_CARDS])


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


def _saves(request) -> dict[int, tuple[bool, int]]:
    """Each card the reader kept: whether it is in "Saved", and in how many lists. One
    query, kept with the reader's version, so a page seen before costs none; a visitor
    without a reader has saved nothing and costs no lookup."""
    if not readers.has_reader(request):
        return {}
    token = request.reader_token

    def load():
        rows = (
            Bookmark.objects.filter(list__reader__token=token, list__deleted_at__isnull=True)
            .order_by()
            .values_list("card_id", "list__is_default")
        )
        saves: dict[int, tuple[bool, int]] = {}
        for card_id, in_saved in rows:
            was_saved, lists = saves.get(card_id, (False, 0))
            saves[card_id] = (was_saved or in_saved, lists + 1)
        return saves

    return readers.kept(request, "saves", load)


def saved_card_ids(request) -> frozenset[int]:
    """The cards in the reader's "Saved" list: the state of every save button."""
    return frozenset(pk for pk, (in_saved, _) in _saves(request).items() if in_saved)


def list_counts(request) -> dict[int, int]:
    """How many of the reader's lists hold each card they kept anywhere, so a card kept
    only in a named list still shows as saved ("Saved · 2 lists")."""
    return {pk: lists for pk, (_, lists) in _saves(request).items()}


def saved_state(request, shown: frozenset[int]) -> dict:
    """What a cached page shows of the reader (pagecache's hook): which of its cards
    they saved, and in how many lists. Sorted, so one state gives one cache key."""
    if not shown:
        return {"saved_card_ids": frozenset(), "saved_list_counts": {}}
    # Card by card: every hit pays for the page's dozen cards, not for all the reader kept.
    saves = _saves(request)
    kept = {pk: saves[pk] for pk in sorted(shown) if pk in saves}
    return {
        "saved_card_ids": frozenset(pk for pk, (in_saved, _) in kept.items() if in_saved),
        "saved_list_counts": {pk: lists for pk, (_, lists) in kept.items()},
    }


def card_state(request, card) -> dict:
    """`saved_state` for one card's save button, as it stands after a save: one small
    query for that card, not every card the reader kept (their kept state was just
    retired, and is made again when a page asks for it)."""
    rows = Bookmark.objects.filter(
        list__reader__token=request.reader_token, list__deleted_at__isnull=True, card=card
    ).values_list("list__is_default", flat=True)
    in_lists = list(rows)
    return {
        "saved_card_ids": frozenset([card.pk] if any(in_lists) else []),
        "saved_list_counts": {card.pk: len(in_lists)} if in_lists else {},
    }


def lists_holding(token, card) -> tuple[list[BookmarkList], set[int]]:
    """The reader's lists, and which of them hold `card`: for the "Add to lists" dialog."""
    lists = list(
        BookmarkList.objects.filter(reader__token=token, deleted_at__isnull=True)
        .annotate(holds=Count("bookmarks", filter=Q(bookmarks__card=card)))
        .order_by(*BookmarkList._meta.ordering)  # aggregating: Meta.ordering is left out
    )
    return lists, {bl.pk for bl in lists if bl.holds}


def what_is_kept(tokens) -> dict:
    """What "Delete all my data" would delete of these readers', counted in one query."""
    return Bookmark.objects.filter(
        list__reader__token__in=tokens, list__deleted_at__isnull=True
    ).aggregate(
        cards=Count("card", distinct=True),
        notes=Count("pk", filter=~Q(note="")),
        lists=Count("list", distinct=True, filter=Q(list__is_default=False)),
    )


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
