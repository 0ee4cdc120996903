"""What the shell shows and keeps of each app: registered in the app's `AppConfig.ready`,
so core's base page and the pwa app's worker and manifest name no feature
(tests/test_layers.py holds the line).

    shell.tab("cards:feed", "Cards", icon="cards/tab_icon.html", sections=("cards",))
    shell.offline(pages=("timer:stand_still",), static=("timer/",), readable=("/stand-still/",))

- `tab`: a place in the bottom bar, in the order apps are installed; `sections` are
  the URL namespaces (app names) under which it is the current one; `also_current`
  adds one from a higher app (the reach-out path is under the timer's tab).
- `footer_link`, `shortcut` (the installed app's long-press menu), `script` (a static
  module every page loads, e.g. bookmarks' outbox of saves made offline).
- `offline`: for the service worker (apps/pwa/offline.py): `pages` (view names)
  fetched at install so they open with no signal; `static` folders or files precached;
  `later_pages` and `later_static`, the same kept just after install, on any
  connection (the install stays small: a flaky connection that fails one file fails
  it all); of a static file named by both, the longer name decides;
  `readable` path prefixes (an exact path when it ends the pattern with `$`) kept
  as they are read; `personal` prefixes kept in the reader's own cache only;
  `no_query` prefixes never kept with a query string (a choice made without
  JavaScript); `clears` view names whose successful POST empties the reader's
  caches ("Delete all my data"); `lists` view names answering {"own": [...],
  "rest": [...]}, pages kept after install (own always, the rest on a good
  connection); `scripts` static files the worker imports (a reminder's push handler).

Labels and shortcut names are shown to a person: pass them marked for translation
(`gettext_lazy`), as registration runs once, before any language is active.

Fixed once the apps are ready. The templates it names are files, so part of the page
cache's deploy version, and read only what a cached page may (core/pagecache.py).
"""

from dataclasses import dataclass, field


@dataclass
class Tab:
    view: str
    label: str
    icon: str  # a template holding the tab's SVG
    sections: list[str] = field(default_factory=list)


tabs: list[Tab] = []
footer_links: list[tuple[str, str]] = []  # (view name, label)
shortcuts: list[tuple[str, str, str]] = []  # (name, short name, view name)
scripts: list[str] = []  # static names
worker: dict[str, list[str]] = {
    key: []
    for key in (
        *("pages", "static", "later_pages", "later_static", "readable", "personal"),
        *("no_query", "clears", "lists", "scripts"),
    )
}


def tab(view: str, label: str, *, icon: str, sections: tuple[str, ...] = ()) -> None:
    if all(each.view != view for each in tabs):
        tabs.append(Tab(view, label, icon, list(sections)))


def also_current(view: str, section: str) -> None:
    for each in tabs:
        if each.view == view and section not in each.sections:
            each.sections.append(section)


def footer_link(view: str, label: str) -> None:
    _add(footer_links, (view, label))


def shortcut(name: str, short_name: str, view: str, *, first: bool = False) -> None:
    """`first`: at the head of the menu, whatever the order apps are installed in."""
    if (name, short_name, view) not in shortcuts:
        shortcuts.insert(0 if first else len(shortcuts), (name, short_name, view))


def script(name: str) -> None:
    _add(scripts, name)


def offline(**lists: tuple[str, ...]) -> None:
    for key, values in lists.items():
        for value in values:
            _add(worker[key], value)  # a KeyError names an unknown list


def _add(items: list, item) -> None:
    if item not in items:
        items.append(item)
