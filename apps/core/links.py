"""Reversed URLs, remembered: `link("cards:card", article_slug, card_slug)`, and every
`{% url %}` tag (the `url` tag of `templatetags/links.py`, a template builtin).

Django's `reverse()` checks its result against the pattern's regular expression each
time (about 12 µs here), and a page of cards asks for five links a card, a list page
six a saved card: a tenth to a sixth of rendering them (bench/RESULTS.md). A link is a
pure function of the URLconf, the script prefix, the view name, its arguments and the
current application, so it is kept per process under those, and forgotten when the
URLconf setting changes (tests). Only plain arguments (numbers, text) are kept: any
other object is reversed each time, as Django does.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

# Enough for every card and article page of a large site; each entry is one short string.
SIZE = 50_000


def link(viewname: str, *args) -> str:
    return remembered(viewname, args)


def remembered(viewname: str, args=(), kwargs=None, current_app=None) -> str:
    """`reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)`, kept."""
    named = tuple(sorted((kwargs or {}).items()))
    if not all(type(value) in (int, str) for value in [*args, *dict(named).values()]):
        return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    found = (get_urlconf(), get_script_prefix(), viewname, tuple(args), named, current_app)
    return _reversed(*found)


@lru_cache(maxsize=SIZE)
def _reversed(urlconf, prefix: str, viewname: str, args: tuple, named: tuple, current_app) -> str:
    return reverse(
        viewname, urlconf=urlconf, args=args, kwargs=dict(named), current_app=current_app
    )


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()
