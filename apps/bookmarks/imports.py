"""Reading back a JSON export (`/saved/export.json`), on another browser or after
"Delete all my data". The whole file is checked before anything is written; what it
holds is then merged by `services.import_lists`.

An export says `"app": "Stand Still"` and its `"version"`; a file from before exports
carried a version has the same shape as version 1 and is read as such. A card is named
by its link (`/cards/<article>/<card>/`), which outlives the database's ids.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from apps.core import edge

from . import names
from .models import DEFAULT_LIST_NAME, MAX_BOOKMARKS, MAX_LIST_NAME, MAX_LISTS, MAX_NOTE

APP = "Stand Still"
VERSION = 1
# Far above any real export (5,000 cards with long notes is a few MB), and little
# enough to read in one go.
MAX_BYTES = 16 * 1024 * 1024

NOTHING_CHANGED = "Nothing was imported."
NOT_AN_EXPORT = (
    "This isn't a Stand Still export. Choose the file that “Download as JSON” saved "
    f"(stand-still-saved.json). {NOTHING_CHANGED}"
)


class BadFile(ValueError):
    """Why a file can't be imported, in words for the reader."""


@dataclass
class ImportedList:
    name: str
    is_default: bool
    # (article slug, card slug, note); empty slugs for a link that names no card.
    cards: list[tuple[str, str, str]]


def read_export(upload) -> list[ImportedList]:
    """The lists in an uploaded export, or BadFile."""
    if upload.size > MAX_BYTES:
        raise BadFile(
            f"This file is larger than {MAX_BYTES // 1024 // 1024} MB, too large to be a "
            f"Stand Still export. {NOTHING_CHANGED}"
        )
    try:  # read as every JSON body is: clean text, bounded depth
        data = edge.read_json(upload.read(), MAX_BYTES)
    except edge.BadInput:
        raise BadFile(NOT_AN_EXPORT) from None
    if not isinstance(data, dict) or data.get("app") != APP:
        raise BadFile(NOT_AN_EXPORT)
    version = data.get("version", VERSION)
    if type(version) is not int or version != VERSION:
        raise BadFile(
            f"This export was made by another version of Stand Still ({_shown(version)}), "
            f"which this one can't read. {NOTHING_CHANGED}"
        )
    lists = data.get("lists")
    if not isinstance(lists, list):
        raise BadFile(NOT_AN_EXPORT)
    if len(lists) > MAX_LISTS:
        raise BadFile(f"This file holds more than {MAX_LISTS} lists. {NOTHING_CHANGED}")
    read = [_read_list(n, entry) for n, entry in enumerate(lists, 1)]
    if sum(len(imported.cards) for imported in read) > MAX_BOOKMARKS:
        raise BadFile(f"This file holds more than {MAX_BOOKMARKS:,} cards. {NOTHING_CHANGED}")
    return read


def _read_list(n: int, entry) -> ImportedList:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise _damaged(f"list {n} has no name")
    name = names.tidy(entry["name"])
    if not 1 <= len(name) <= MAX_LIST_NAME:
        raise _damaged(f"list {n} needs a name of 1 to {MAX_LIST_NAME} characters")
    cards = entry.get("cards", [])
    if not isinstance(cards, list):
        raise _damaged(f"the cards of “{name}”")
    is_default = names.key(name) == names.key(DEFAULT_LIST_NAME)
    read = [_read_card(name, i, card) for i, card in enumerate(cards, 1)]
    return ImportedList(name, is_default, read)


def _read_card(list_name: str, i: int, card) -> tuple[str, str, str]:
    where = f"card {i} of “{list_name}”"
    if not isinstance(card, dict) or not isinstance(card.get("url"), str):
        raise _damaged(f"{where} has no link")
    note = card.get("note") or ""
    if not isinstance(note, str):
        raise _damaged(f"the note on {where}")
    if len(note) > MAX_NOTE:
        raise _damaged(f"the note on {where} is longer than {MAX_NOTE:,} characters")
    try:
        match = resolve(urlsplit(card["url"]).path)
    except Resolver404:
        return "", "", note
    if match.view_name != "cards:card":
        return "", "", note
    return match.kwargs["article_slug"], match.kwargs["card_slug"], note


def _damaged(where: str) -> BadFile:
    return BadFile(f"Part of this file can't be read ({where}). {NOTHING_CHANGED}")


def _shown(version) -> str:
    text = str(version)
    return f"version {text[:20]}" if isinstance(version, int | str) else "an unknown version"


def summary(result) -> str:
    """What an import did, for the toast (`result` is a services.Imported)."""
    done = [
        _count(result.cards, "card"),
        _count(result.lists, "new list"),
        _count(result.notes, "note for a card you had", "notes for cards you had"),
    ]
    done = [part for part in done if part]
    if done:
        text = f"Imported {_join(done)}."
    else:
        text = "Everything in that file was already here, so nothing changed."
    if result.unknown:
        one = result.unknown == 1
        text += (
            f" {_count(result.unknown, 'card')} in the file {'is' if one else 'are'} no longer "
            f"in Stand Still, so {'it was' if one else 'they were'} left out."
        )
    return text


def _count(n: int, one: str, many: str = "") -> str:
    if not n:
        return ""
    return f"1 {one}" if n == 1 else f"{n:,} {many or one + 's'}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
