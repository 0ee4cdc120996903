"""Slots: a place in a lower app's page that a higher app fills, so a template never
names an app above its own (core < cards < timer; bookmarks < reachout).

An app registers a template for a slot in its `AppConfig.ready`; the page that offers
the slot renders them, in the order the apps are installed, with `{% slot_templates %}`
(apps/core/templatetags/slots.py). The registry is fixed once the apps are ready, and
what it names are template files, which are part of the page cache's deploy version:
a slot's template reads only what the page's own template may (apps/core/pagecache.py),
so a cached page stays the same for every reader.

Slots: `feed-first`, the home page's first place, above the cards, for a reader
arriving in a hard moment (the timer's and the reach-out path's ways in);
`timer-top` and `timer-check-in`, on the timer's page (the reach-out path's ways in);
`saved-keep`, on the Saved page (accounts' "keep these on your other devices");
`offline`, on the offline page (the timer's way in); `help-urge` (the timer) and
`privacy-take-away` (export, delete) on the help and privacy pages; `help-plan` and
`privacy-device`, on the help and privacy pages (My plan, and what it keeps);
`card-actions`, below a card in a list (bookmarks' save button, which reads the
reader state bookmarks registers with the page cache).
"""

_slots: dict[str, list[str]] = {}


def register(slot: str, template: str) -> None:
    templates = _slots.setdefault(slot, [])
    if template not in templates:
        templates.append(template)


def templates(slot: str) -> tuple[str, ...]:
    return tuple(_slots.get(slot, ()))
