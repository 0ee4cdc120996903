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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from apps.core import edge

from . import names
from .models import DEFAULT_LIST_NAME, MAX_BOOKMARKS, MAX_LIST_NAME, MAX_LISTS, MAX_NOTE

APP = "Stand Still"
VERSION = 1
# Far above any real export (5,000 cards with long notes is a few MB), and little
# enough to read in one go.
MAX_BYTES = 16 * 1024 * 1024

NOTHING_CHANGED = gettext_lazy("Nothing was imported.")
NOT_AN_EXPORT = gettext_lazy(
    "This isn't a Stand Still export. Choose the file that “Download as JSON” saved "
    "(stand-still-saved.json). Nothing was imported."
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
            _(
                "This file is larger than %(megabytes)s MB, too large to be a "
                "Stand Still export. Nothing was imported."
            )
            % {"megabytes": MAX_BYTES // 1024 // 1024}
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
            _(
                "This export was made by another version of Stand Still (%(version)s), "
                "which this one can't read. Nothing was imported."
            )
            % {"version": _shown(version)}
        )
    lists = data.get("lists")
    if not isinstance(lists, list):
        raise BadFile(NOT_AN_EXPORT)
    if len(lists) > MAX_LISTS:
        raise BadFile(
            _("This file holds more than %(max)s lists. Nothing was imported.") % {"max": MAX_LISTS}
        )
    read = [_read_list(n, entry) for n, entry in enumerate(lists, 1)]
    if sum(len(imported.cards) for imported in read) > MAX_BOOKMARKS:
        raise BadFile(
            _("This file holds more than %(max)s cards. Nothing was imported.")
            % {"max": f"{MAX_BOOKMARKS:,}"}
        )
    return read


def _read_list(n: int, entry) -> ImportedList:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise _damaged(_("list %(number)s has no name") % {"number": n})
    name = names.tidy(entry["name"])
    if not 1 <= len(name) <= MAX_LIST_NAME:
        raise _damaged(
            _("list %(number)s needs a name of 1 to %(max)s characters")
            % {"number": n, "max": MAX_LIST_NAME}
        )
    cards = entry.get("cards", [])
    if not isinstance(cards, list):
        raise _damaged(_("the cards of “%(name)s”") % {"name": name})
    is_default = names.key(name) == names.key(DEFAULT_LIST_NAME)
    read = [_read_card(name, i, card) for i, card in enumerate(cards, 1)]
    return ImportedList(name, is_default, read)


def _read_card(list_name: str, i: int, card) -> tuple[str, str, str]:
    where = {"number": i, "name": list_name}
    if not isinstance(card, dict) or not isinstance(card.get("url"), str):
        raise _damaged(_("card %(number)s of “%(name)s” has no link") % where)
    note = card.get("note") or ""
    if not isinstance(note, str):
        raise _damaged(_("the note on card %(number)s of “%(name)s”") % where)
    if len(note) > MAX_NOTE:
        raise _damaged(
            _("the note on card %(number)s of “%(name)s” is longer than %(max)s characters")
            % (where | {"max": f"{MAX_NOTE:,}"})
        )
    try:
        match = resolve(urlsplit(card["url"]).path)
    except Resolver404:
        return "", "", note
    if match.view_name != "cards:card":
        return "", "", note
    return match.kwargs["article_slug"], match.kwargs["card_slug"], note


def _damaged(where: str) -> BadFile:
    return BadFile(
        _("Part of this file can't be read (%(where)s). Nothing was imported.") % {"where": where}
    )


def _shown(version) -> str:
    text = str(version)
    if isinstance(version, int | str):
        return _("version %(version)s") % {"version": text[:20]}
    return _("an unknown version")


def summary(result) -> str:
    """What an import did, for the toast (`result` is a services.Imported)."""
    counted = [
        (result.cards, ngettext("%(count)s card", "%(count)s cards", result.cards)),
        (result.lists, ngettext("%(count)s new list", "%(count)s new lists", result.lists)),
        (
            result.notes,
            ngettext(
                "%(count)s note for a card you had",
                "%(count)s notes for cards you had",
                result.notes,
            ),
        ),
    ]
    done = [part % {"count": f"{n:,}"} for n, part in counted if n]
    if done:
        text = _("Imported %(things)s.") % {"things": _join(done)}
    else:
        text = _("Everything in that file was already here, so nothing changed.")
    if result.unknown:
        left_out = ngettext(
            "%(count)s card in the file is no longer in Stand Still, so it was left out.",
            "%(count)s cards in the file are no longer in Stand Still, so they were left out.",
            result.unknown,
        )
        text += " " + left_out % {"count": f"{result.unknown:,}"}
    return text


def _join(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    # Translators: the end of a list of what was imported, e.g. "3 cards, 1 new list and 2 notes".
    return _("%(first)s and %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}
