"""The "Before you reach out" path: six steps, each a page of its own.

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

from apps.cards import pagecache
from apps.cards.pagecache import Rendering
from apps.timer.views import Guide, timer_page

from . import queries
from .models import Feeling
from .steps import BY_NAME

PULLS = ("smaller", "same", "stronger")
SLUG = re.compile(r"[-a-z0-9]{1,50}")  # checked before the database sees it (no NUL bytes)
BREATHING_MINUTES = 1


def _template(request, name: str) -> str:
    return f"reachout/{name}.html#step" if request.htmx else f"reachout/{name}.html"


def _cached(request, name: str):
    """A step with nothing but itself to show."""
    context = {"step": BY_NAME.get(name)}
    return pagecache.render(request, lambda: Rendering(_template(request, name), context))


@require_safe
def start(request):
    """Step 1 is the breathing timer itself, for a minute, starting at once."""
    step = BY_NAME["start"]
    return timer_page(
        request,
        Guide(
            minutes=BREATHING_MINUTES,
            next_url=step.next.url,
            template="reachout/path.html#progress",
            step=step,
        ),
    )


@require_safe
@vary_on_headers("HX-Request")
def feeling(request):
    def build():
        context = {"step": BY_NAME["feeling"], "feelings": queries.feelings()}
        return Rendering(_template(request, "feeling"), context)

    return pagecache.render(request, build)


def _fresh_if_chosen(request, build):
    """A step whose URL carries a choice made without JavaScript is rendered for this
    request alone and never kept in the page cache; the plain step is."""
    if not request.GET:
        return pagecache.render(request, build)
    rendering = build()
    return TemplateResponse(request, rendering.template, rendering.context)


def _index(text: str | None) -> int:
    return int(text) if text and text.isdigit() and len(text) < 4 else 0


@require_safe
@vary_on_headers("HX-Request")
def card(request):
    """One card for the feeling: chosen in the browser (JavaScript), or named in the
    query (`?feeling=&nuance=&another=`) without it. An unknown feeling gets the
    feeling list again, as a 404."""
    slug = request.GET.get("feeling", "")
    wanted = request.GET.get("nuance", "")
    another = _index(request.GET.get("another"))
    if slug and not (SLUG.fullmatch(slug) and Feeling.objects.filter(slug=slug).exists()):
        context = {"step": BY_NAME["feeling"], "feelings": queries.feelings(), "unknown": True}
        return TemplateResponse(request, _template(request, "feeling"), context, status=404)

    def build():
        feelings = queries.feelings_with_cards()
        general = queries.general_cards()
        chosen = next((f for f in feelings if f.slug == slug), None)
        choices = (chosen.answers if chosen else []) or general
        every = {c.pk: c for f in feelings for c in f.answers} | {c.pk: c for c in general}
        for c in every.values():
            # Which feelings a card answers, for the browser's own choice.
            c.feelings = [f.slug for f in feelings if c in f.answers] + ["any"] * (c in general)
        context = {
            "step": BY_NAME["card"],
            "feeling": chosen,
            "nuance": chosen and next((n for n in chosen.nuances.all() if n.slug == wanted), None),
            "card": choices[another % len(choices)] if choices else None,
            "embedded": list(every.values()),
            "feelings": feelings,
            "another": another + 1,
        }
        return Rendering(_template(request, "card"), context, list(every.values()))

    return _fresh_if_chosen(request, build)


@require_safe
@vary_on_headers("HX-Request")
def write(request):
    return _cached(request, "write")


@require_safe
@vary_on_headers("HX-Request")
def wait(request):
    return _cached(request, "wait")


def _check_in_context(pull: str) -> dict:
    """The answers' cards: one for "smaller", another (when there is one) for "the same"."""
    cards = queries.general_cards()
    return {
        "step": BY_NAME["check_in"],
        "cards": cards,
        "pull": pull,
        "smaller_card": cards[0] if cards else None,
        "same_card": cards[1] if len(cards) > 1 else (cards[0] if cards else None),
    }


@require_safe
@vary_on_headers("HX-Request")
def check_in(request):
    pull = request.GET.get("pull", "")
    if pull and pull not in PULLS:
        context = {**_check_in_context(""), "bad": True}
        return TemplateResponse(request, _template(request, "check_in"), context, status=400)

    def build():
        context = _check_in_context(pull)
        return Rendering(_template(request, "check_in"), context, context["cards"])

    return _fresh_if_chosen(request, build)


@require_safe
@vary_on_headers("HX-Request")
def not_sent(request):
    return _cached(request, "not_sent")
