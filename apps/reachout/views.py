"""The "When you want to reach out" path: six steps, each a page of its own.

Each step works as a plain page; small modules in static/reachout/ enhance it in
the browser, where the chosen feeling, the written message and the count stay
(sessionStorage, IndexedDB, localStorage). Only without JavaScript does a step's
URL carry a choice (`?feeling=`, `?pull=`), and then the page is rendered for that
request alone, never kept in the page cache (nor by the service worker).
Steps answer htmx with their `#step` partial, like every other page.
"""

import re

from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from apps.core.pagecache import cached_page
from apps.core.params import BadNumber, parse_int
from apps.timer.views import Guide, timer_page

from . import queries
from .steps import BY_NAME

PULLS = ("smaller", "same", "stronger")
SLUG = re.compile(r"[-a-z0-9]{1,50}")  # checked before the database sees it (no NUL bytes)
BREATHING_MINUTES = 1


def _step(request, name: str, context=None, status=200) -> TemplateResponse:
    """The step `name`: the whole page, or for htmx its `#step` partial."""
    template = f"reachout/{name}.html#step" if request.htmx else f"reachout/{name}.html"
    context = {"step": BY_NAME.get(name), **(context or {})}
    return TemplateResponse(request, template, context, status=status)


def _unchosen(request) -> bool:
    """Keep a step only as everyone gets it: a URL with a no-JS choice is never kept."""
    return not request.GET


@require_safe
@cached_page(shows=lambda context: context["cards"])
def start(request):
    """Step 1 is the breathing timer itself, for a minute, starting at once."""
    step = BY_NAME["start"]
    guide = Guide(
        minutes=BREATHING_MINUTES,
        next_url=step.next.url,
        template="reachout/path.html#progress",
        step=step,
        styles=("reachout/reachout.css",),
    )
    return timer_page(request, guide)


@require_safe
@vary_on_headers("HX-Request")
@cached_page
def feeling(request):
    return _step(request, "feeling", {"feelings": queries.feelings()})


def _index(text: str | None) -> int:
    """Which of the feeling's cards (`?another=`): only a hint, so anything else is 0."""
    try:
        return parse_int(text or "", high=999)
    except BadNumber:
        return 0


@require_safe
@vary_on_headers("HX-Request")
@cached_page(shows=lambda context: context.get("embedded", ()), when=_unchosen)
def card(request):
    """One card for the feeling: chosen in the browser (JavaScript), or named in the
    query (`?feeling=&nuance=&another=`) without it. An unknown feeling gets the
    feeling list again, as a 404."""
    slug = request.GET.get("feeling", "")
    wanted = request.GET.get("nuance", "")
    another = _index(request.GET.get("another"))
    if slug and not SLUG.fullmatch(slug):
        return _unknown_feeling(request, queries.feelings())
    feelings = queries.feelings_with_cards()
    chosen = next((f for f in feelings if f.slug == slug), None)
    if slug and chosen is None:
        return _unknown_feeling(request, feelings)

    general = queries.general_cards()
    choices = (chosen.answers if chosen else []) or general
    every = {c.pk: c for f in feelings for c in f.answers} | {c.pk: c for c in general}
    for c in every.values():
        # Which feelings a card answers, for the browser's own choice.
        c.feelings = [f.slug for f in feelings if c in f.answers] + ["any"] * (c in general)
    context = {
        "feeling": chosen,
        "nuance": chosen and next((n for n in chosen.nuances.all() if n.slug == wanted), None),
        "card": choices[another % len(choices)] if choices else None,
        "embedded": list(every.values()),
        "feelings": feelings,
        "another": another + 1,
    }
    return _step(request, "card", context)


def _unknown_feeling(request, feelings) -> TemplateResponse:
    return _step(request, "feeling", {"feelings": feelings, "unknown": True}, status=404)


@require_safe
@vary_on_headers("HX-Request")
@cached_page
def write(request):
    return _step(request, "write")


@require_safe
@vary_on_headers("HX-Request")
@cached_page
def wait(request):
    return _step(request, "wait")


@require_safe
@vary_on_headers("HX-Request")
@cached_page(shows=lambda context: context["cards"], when=_unchosen)
def check_in(request):
    pull = request.GET.get("pull", "")
    bad = bool(pull) and pull not in PULLS
    cards = queries.general_cards()
    context = {
        "cards": cards,
        "pull": "" if bad else pull,
        "bad": bad,
        # One card for "smaller", another (when there is one) for "the same".
        "smaller_card": cards[0] if cards else None,
        "same_card": cards[1] if len(cards) > 1 else (cards[0] if cards else None),
    }
    return _step(request, "check_in", context, status=400 if bad else 200)


@require_safe
@vary_on_headers("HX-Request")
@cached_page
def not_sent(request):
    return _step(request, "not_sent")
