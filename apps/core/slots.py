"""Slots: a place in a lower app's page that a higher app fills, so a template never
names an app above its own (core < cards < timer; bookmarks < reachout).

An app registers a template for a slot in its `AppConfig.ready`; the page that offers
the slot renders them, in the order the apps are installed, with `{% slot_templates %}`
(apps/core/templatetags/slots.py). The registry is fixed once the apps are ready, and
what it names are template files, which are part of the page cache's deploy version:
a slot's template reads only what the page's own template may (apps/core/pagecache.py),
so a cached page stays the same for every reader.

Slots: `feed-first`, the home page's first place, above the cards, for a reader
arriving in a hard moment (the timer's and the reach-out path's ways in).
"""

_slots: dict[str, list[str]] = {}


def register(slot: str, template: str) -> None:
    templates = _slots.setdefault(slot, [])
    if template not in templates:
        templates.append(template)


def templates(slot: str) -> tuple[str, ...]:
    return tuple(_slots.get(slot, ()))
