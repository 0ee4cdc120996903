"""Every change to saved cards and lists. Each runs in one transaction.

Each tells `readers.changed` whose data it changed, so that reader's cached pages
(their lists, their save buttons) are retired with the write itself, whichever way
it came (a form post, the offline outbox, the shell, a later accounts merge).

On SQLite the transactions are IMMEDIATE (see settings), so two tabs saving at
once queue up instead of failing; uniqueness is enforced by the database.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from apps.cards.models import Card
from apps.core import readers

from . import names
from .imports import ImportedList
from .models import (
    DEFAULT_LIST_NAME,
    MAX_BOOKMARKS,
    MAX_LISTS,
    MAX_NOTE,
    AppliedChange,
    Bookmark,
    BookmarkList,
    Reader,
)

PURGE_DELETED_AFTER = timedelta(days=7)


class LimitReached(Exception):
    """A reader has as many lists or saved cards as one reader may keep."""


def check_room(
    reader_id, lists: int = 0, cards: int = 0, kept: dict | None = None, locked: bool = False
) -> None:
    """The one check of the limits, for every way a list or a saved card is added
    (create, save, Undo, import; a sign-in's merge adds only what `Room` says fits):
    LimitReached, in words for the reader, unless `lists` more lists and `cards` more
    saved cards fit. Called in the adding transaction, it first locks the reader's row,
    so two adds at once are counted one after the other on PostgreSQL too (SQLite's
    writes queue up anyway); `locked` when this transaction did already. `kept` may
    hold counts made after the lock."""
    if not locked:
        Reader.objects.select_for_update().filter(pk=reader_id).exists()
    kept = kept or {}
    if lists and (kept.get("lists") or lists_kept(reader_id)) + lists > MAX_LISTS:
        raise LimitReached(f"You can keep up to {MAX_LISTS} lists. Delete one to make room.")
    if cards and (kept.get("cards") or cards_kept(reader_id)) + cards > MAX_BOOKMARKS:
        raise LimitReached(
            f"You can keep up to {MAX_BOOKMARKS:,} saved cards. Remove some to make room."
        )


class NameTaken(Exception):
    """The reader has a list of that name (ignoring case and the like, see names.py)."""

    def __init__(self, name: str):
        super().__init__(f"You already have a list called “{name}”.")


class KeyReused(Exception):
    """An idempotency key came back with a different change than it was first sent with."""


class NotYours(Exception):
    """A list id that is not one of the reader's own lists."""


def reader_for(token) -> Reader:
    reader, _ = Reader.objects.get_or_create(token=token)
    return reader


def default_list(reader: Reader) -> BookmarkList:
    saved, _ = BookmarkList.objects.get_or_create(
        reader=reader, is_default=True, defaults={"name": DEFAULT_LIST_NAME}
    )
    return saved


@transaction.atomic
def save_card(token, card: Card, to_list: BookmarkList | None = None) -> Bookmark:
    """Keep `card` in a list (the reader's "Saved" list unless named). Saving twice keeps one.

    Few statements, as every save waits for SQLite's one write lock while another runs:
    the list, what the reader keeps (one aggregate), then the row."""
    readers.changed(token)
    to_list = to_list or _default_list_of(token)
    check_room(to_list.reader_id)  # locks the reader's row before counting
    kept = Bookmark.objects.filter(list__reader_id=to_list.reader_id).aggregate(
        everywhere=Count("pk"),
        here=Count("pk", filter=Q(list=to_list, card=card)),
        first=Min("position", filter=Q(list=to_list)),
    )
    if kept["here"]:
        return Bookmark.objects.get(list=to_list, card=card)
    check_room(to_list.reader_id, cards=1, kept={"cards": kept["everywhere"]}, locked=True)
    first = kept["first"]
    try:
        with transaction.atomic():  # another tab may save the same card in the meantime
            return Bookmark.objects.create(
                list=to_list, card=card, position=(first - 1) if first is not None else 0
            )
    except IntegrityError:  # PostgreSQL lets both get here; the unique constraint decides
        return Bookmark.objects.get(list=to_list, card=card)


def _default_list_of(token) -> BookmarkList:
    """The reader's "Saved" list: one query once it exists; made with its reader if not."""
    found = BookmarkList.objects.filter(reader__token=token, is_default=True).first()
    return found or default_list(reader_for(token))


@transaction.atomic
def unsave_card(token, card: Card, from_list: BookmarkList | None = None) -> bool:
    """Take `card` out of a list ("Saved" unless named). Says whether it was there."""
    readers.changed(token)
    lists = BookmarkList.objects.filter(reader__token=token)
    lists = lists.filter(pk=from_list.pk) if from_list else lists.filter(is_default=True)
    deleted, _ = Bookmark.objects.filter(list__in=lists, card=card).delete()
    return bool(deleted)


@transaction.atomic
def restore_bookmark(bookmark_list: BookmarkList, card: Card, note: str, position) -> Bookmark:
    """Undo a removal: the card back in its list, with its note, where it stood."""
    readers.changed(bookmark_list.reader.token)
    position = position if isinstance(position, int) else 0
    if not Bookmark.objects.filter(list=bookmark_list, card=card).exists():
        check_room(bookmark_list.reader_id, cards=1)
    bookmark, created = Bookmark.objects.get_or_create(
        list=bookmark_list, card=card, defaults={"note": note, "position": position}
    )
    if not created and note and not bookmark.note:
        bookmark.note = note
        bookmark.save(update_fields=["note"])
    return bookmark


def apply_once(token, key, change, *, action: str = "", card: Card | None = None) -> bool:
    """Run `change()` unless a change with this idempotency key was applied already.

    Says whether it ran. Without a key, it always runs (in its own transaction). A key
    that was applied with another `action` or `card` raises KeyReused: a client bug,
    never a silent no-op.
    """
    if key is None:
        change()
        return True
    with transaction.atomic():
        return _apply_once(token, key, change, action, card)


def _apply_once(token, key, change, action: str, card: Card | None) -> bool:
    reader = reader_for(token)
    applied, created = AppliedChange.objects.get_or_create(
        reader=reader, key=key, defaults={"action": action, "card": card}
    )
    # A key kept before its change was recorded (no action) is taken at its word.
    different = (applied.action, applied.card_id) != (action, card and card.pk)
    if not created and applied.action and different:
        raise KeyReused("That request key was already used for a different change.")
    if created:
        change()
    return created


def _save_name(bookmark_list: BookmarkList, **save) -> None:
    """Save a list under its (tidied) name, or raise NameTaken if the reader has it.

    The one clash check (the forms read only a name's shape; a view shows NameTaken as
    the name field's error), so it holds for every way a list is named. It is exact on
    SQLite, whose writes queue up; on PostgreSQL two requests can both pass it, and the
    unique constraint refuses the second (in a savepoint, so the request's transaction
    goes on)."""
    bookmark_list.name = names.tidy(bookmark_list.name)
    clash = BookmarkList.objects.filter(
        reader_id=bookmark_list.reader_id,
        deleted_at__isnull=True,
        name_key=names.key(bookmark_list.name),
    ).exclude(pk=bookmark_list.pk)
    if clash.exists():
        raise NameTaken(bookmark_list.name)
    try:
        with transaction.atomic():
            bookmark_list.save(**save)
    except IntegrityError:
        if clash.exists():
            raise NameTaken(bookmark_list.name) from None
        raise


def lists_kept(reader: Reader | int) -> int:
    """The reader's lists, Saved included (deleted ones waiting for purge are not)."""
    return BookmarkList.objects.filter(reader=reader, deleted_at__isnull=True).count()


def cards_kept(reader: Reader | int) -> int:
    """The reader's saved cards, counted as MAX_BOOKMARKS counts them: every bookmark
    (those in a deleted list too, which Undo can bring back)."""
    return Bookmark.objects.filter(list__reader=reader).count()


@transaction.atomic
def create_list(token, name: str) -> BookmarkList:
    reader = reader_for(token)
    readers.changed(token)
    default_list(reader)
    check_room(reader.pk, lists=1)
    created = BookmarkList(reader=reader, name=name)
    _save_name(created)
    return created


@transaction.atomic
def rename_list(bookmark_list: BookmarkList, name: str) -> BookmarkList:
    readers.changed(bookmark_list.reader.token)
    bookmark_list.name = name
    _save_name(bookmark_list, update_fields=["name"])
    return bookmark_list


@transaction.atomic
def delete_list(bookmark_list: BookmarkList) -> None:
    """Mark the list deleted so Undo can restore it; purge lists deleted long ago."""
    readers.changed(bookmark_list.reader.token)
    now = timezone.now()
    BookmarkList.objects.filter(
        reader_id=bookmark_list.reader_id, deleted_at__lt=now - PURGE_DELETED_AFTER
    ).delete()
    bookmark_list.deleted_at = now
    bookmark_list.save(update_fields=["deleted_at"])


@transaction.atomic
def restore_list(bookmark_list: BookmarkList) -> BookmarkList:
    """Undo a delete. If a new list took the name meanwhile, the restored one says so."""
    readers.changed(bookmark_list.reader.token)
    check_room(bookmark_list.reader_id, lists=1)
    taken = BookmarkList.objects.filter(
        reader_id=bookmark_list.reader_id,
        deleted_at__isnull=True,
        name_key=names.key(bookmark_list.name),
    ).exists()
    if taken:
        bookmark_list.name = f"{bookmark_list.name[:49]} (restored)"
    bookmark_list.deleted_at = None
    bookmark_list.save(update_fields=["name", "deleted_at"])
    return bookmark_list


@transaction.atomic
def set_card_lists(
    token, card: Card, wanted: set[int], in_saved: bool, new_list: str = ""
) -> BookmarkList | None:
    """Put `card` in exactly the reader's lists named by id in `wanted` (and "Saved" or
    not), and in a new list called `new_list` if given, which it returns.

    A fixed number of queries however many lists the reader has. An id that is not
    one of the reader's lists raises NotYours before anything changes."""
    readers.changed(token)
    reader = reader_for(token)
    check_room(reader.pk)  # locks the reader's row before its lists are read
    active = BookmarkList.objects.filter(reader=reader, deleted_at__isnull=True)
    lists = {bl.pk: bl for bl in active}
    if wanted - lists.keys():
        raise NotYours("Not one of this reader's lists.")
    if not any(bl.is_default for bl in lists.values()):
        saved = default_list(reader)
        lists[saved.pk] = saved
    created = None
    if new_list:
        check_room(reader.pk, lists=1, kept={"lists": len(lists)}, locked=True)
        created = BookmarkList(reader=reader, name=new_list)
        _save_name(created)
        lists[created.pk] = created
        wanted = wanted | {created.pk}
    keep = {pk for pk, bl in lists.items() if (in_saved if bl.is_default else pk in wanted)}
    in_card = Bookmark.objects.filter(card=card, list_id__in=lists.keys())
    in_card.exclude(list_id__in=keep).delete()
    missing = keep - set(in_card.values_list("list_id", flat=True))
    if not missing:
        return created
    check_room(reader.pk, cards=len(missing), locked=True)
    tops = dict(
        Bookmark.objects.filter(list_id__in=missing)
        .values("list_id")
        .annotate(top=Min("position"))
        .values_list("list_id", "top")
        .order_by()
    )
    Bookmark.objects.bulk_create(
        [Bookmark(list_id=pk, card=card, position=tops.get(pk, 1) - 1) for pk in missing],
        ignore_conflicts=True,  # another tab put it there meanwhile: it is there either way
    )
    return created


@transaction.atomic
def move_bookmark(bookmark: Bookmark, direction: str | None = None, to: int | None = None) -> None:
    """Move a bookmark one place "up" or "down", or to index `to` (as a drag drops it)."""
    readers.changed(bookmark.list.reader.token)
    siblings = list(bookmark.list.bookmarks.order_by("position", "pk"))
    at = next(i for i, b in enumerate(siblings) if b.pk == bookmark.pk)
    if to is None:
        to = at - 1 if direction == "up" else at + 1
    if not 0 <= to < len(siblings) or to == at:
        return
    siblings.insert(to, siblings.pop(at))
    for position, item in enumerate(siblings):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def set_note(bookmark: Bookmark, note: str) -> Bookmark:
    readers.changed(bookmark.list.reader.token)
    bookmark.note = note
    bookmark.save(update_fields=["note"])
    return bookmark


@transaction.atomic
def delete_reader(token) -> None:
    """Remove the reader and everything that belongs to it. An account's reader is
    emptied but kept: the account itself is deleted from its own page."""
    readers.changed(token)
    reader = Reader.objects.filter(token=token).first()
    if reader is not None and reader.user_id:
        BookmarkList.objects.filter(reader=reader).delete()
        AppliedChange.objects.filter(reader=reader).delete()
    else:
        Reader.objects.filter(token=token).delete()


@dataclass
class Folded:
    """What a fold added: cards new to a list, notes joined onto a card, lists made."""

    cards: int = 0
    notes: int = 0
    lists: int = 0


@dataclass
class Room:
    """How many more lists and saved cards a fold may add (see `merge_readers`), and what
    it left where it was for want of room: bookmarks by pk, and lists left whole."""

    lists: int
    cards: int
    kept_bookmarks: list[int] = field(default_factory=list)
    kept_lists: list[int] = field(default_factory=list)

    @classmethod
    def left_in(cls, reader: Reader) -> "Room":
        """The room left under the limits (MAX_LISTS, MAX_BOOKMARKS) in `reader`."""
        return cls(
            lists=max(0, MAX_LISTS - lists_kept(reader)),
            cards=max(0, MAX_BOOKMARKS - cards_kept(reader)),
        )


@dataclass
class Left:
    """What a merge left with the reader it came from, for want of room: saved cards, and
    lists (none of whose cards came over). Nothing left is false."""

    cards: int = 0
    lists: int = 0

    def __bool__(self) -> bool:
        return bool(self.cards or self.lists)


@transaction.atomic
def merge_readers(into: Reader, other: Reader) -> Left:
    """Fold `other` into `into` (e.g. when a device's reader signs in to an account),
    by the merge rules of `_fold_lists`, as far as `into` has room under the limits of
    lists and saved cards: `other`'s Saved list first, then its lists in the order they
    were made, each card in its list's order. `other` is deleted when all of it came
    over; else it keeps exactly what did not (its cards and notes that came over are
    gone from it), and a later merge, once there is room, brings that in. Says what
    was left."""
    readers.changed(into.token, other.token)
    default_list(into)
    check_room(into.pk)  # locks `into` before its room is counted
    room = Room.left_in(into)
    sources = other.lists.filter(deleted_at__isnull=True).prefetch_related("bookmarks")
    _fold_lists(into, ((source, source.bookmarks.all()) for source in sources), Folded(), room)
    if not (room.kept_bookmarks or room.kept_lists):
        other.delete()
        return Left()
    Bookmark.objects.filter(list__reader=other).exclude(pk__in=room.kept_bookmarks).delete()
    holding = Bookmark.objects.filter(list__reader=other).values("list_id")
    other.lists.exclude(pk__in=holding).exclude(pk__in=room.kept_lists).delete()
    return Left(cards=len(room.kept_bookmarks), lists=len(room.kept_lists))


def _fold_lists(
    into: Reader,
    incoming: Iterable[tuple[BookmarkList, Iterable[Bookmark]]],
    folded: Folded,
    room: Room | None = None,
) -> Folded:
    """The merge rules, for two readers joined and for an export imported.

    Lists with the same name (ignoring case, see names.py) are one list; the Saved lists
    are one. A card in both keeps one bookmark, with both notes (a note already there is
    not added twice); a new card goes to the end, in the incoming order. A list `into`
    has no list of the name of: another reader's moves over whole, one not yet saved
    (read from a file) is made. So folding the same thing twice changes nothing.
    Counts what it added in `folded`, and returns it.

    With a `room`, it adds no more lists and cards than that: a list that can't come
    over stays where it is, whole; another reader's list too long for the room left is
    made anew in `into`, with the cards that fit, and the rest stay in the old one.
    """
    target_default = default_list(into)
    by_key = {bl.name_key: bl for bl in into.lists.filter(deleted_at__isnull=True)}
    for source, bookmarks in incoming:
        target = target_default if source.is_default else by_key.get(source.name_key)
        if target is None and room is not None:
            bookmarks = list(bookmarks)
            if not room.lists or (bookmarks and not room.cards):
                room.kept_lists.append(source.pk)
                room.kept_bookmarks += [bookmark.pk for bookmark in bookmarks]
                continue
            room.lists -= 1
            if len(bookmarks) <= room.cards:
                room.cards -= len(bookmarks)
            else:  # only part of it fits: a list of its name, for the cards that do
                source = BookmarkList(name=source.name)
        if target is None and source.pk is not None:
            source.reader = into
            source.save(update_fields=["reader"])
            by_key[source.name_key] = source
            continue
        if target is None:
            source.reader = into
            _save_name(source)
            by_key[source.name_key] = target = source
            folded.lists += 1
        _fold_bookmarks(target, bookmarks, folded, room)
    return folded


def _fold_bookmarks(
    target: BookmarkList, bookmarks: Iterable[Bookmark], folded: Folded, room: Room | None
) -> None:
    kept = {bookmark.card_id: bookmark for bookmark in target.bookmarks.all()}
    last = max((bookmark.position for bookmark in kept.values()), default=0)
    for bookmark in bookmarks:
        same = kept.get(bookmark.card_id)
        if same is None and room is not None and not room.cards:
            room.kept_bookmarks.append(bookmark.pk)
        elif same is None:
            last += 1
            bookmark.list, bookmark.position = target, last
            bookmark.save()  # moved from another reader's list, or made from a file
            kept[bookmark.card_id] = bookmark
            folded.cards += 1
            if room is not None:
                room.cards -= 1
        elif bookmark.note and bookmark.note not in same.note:
            same.note = "\n\n".join(filter(None, [same.note, bookmark.note]))[:MAX_NOTE]
            same.save(update_fields=["note"])
            folded.notes += 1


@dataclass
class Imported(Folded):
    unknown: int = 0  # cards in the file that are not in Stand Still (any more)


@transaction.atomic
def import_lists(token, lists: list[ImportedList]) -> Imported:
    """Merge lists read from an export (`imports.read_export`) into the reader's, by
    the same rules as `merge_readers`: importing the same file twice changes nothing.
    A card the file names that no longer exists is left out and counted. Past the
    limits of lists or saved cards, nothing is imported (LimitReached)."""
    readers.changed(token)
    reader = reader_for(token)
    slugs = {card_slug for imported in lists for _, card_slug, _ in imported.cards}
    found = Card.objects.filter(slug__in=slugs).values_list("article__slug", "slug", "pk")
    card_ids = {(article, card): pk for article, card, pk in found}
    unknown = 0
    incoming = []
    for imported in lists:
        source = BookmarkList(name=imported.name, is_default=imported.is_default)
        source.name_key = names.key(source.name)
        bookmarks = []
        for article_slug, card_slug, note in imported.cards:
            pk = card_ids.get((article_slug, card_slug))
            if pk is None:
                unknown += 1
            else:
                bookmarks.append(Bookmark(card_id=pk, note=note))
        incoming.append((source, bookmarks))
    check_room(reader.pk)  # locks the reader's row before counting
    kept = {"lists": lists_kept(reader), "cards": cards_kept(reader)}
    result = _fold_lists(reader, incoming, Imported(unknown=unknown))
    try:
        check_room(reader.pk, lists=result.lists, cards=result.cards, kept=kept, locked=True)
    except LimitReached as limit:
        raise LimitReached(f"{limit} This file would go past that: nothing was imported.") from None
    return result
