"""My plan and the evening check-in: two pages the server only serves.

What a reader writes on them stays in their browser (static/companion/): no form on
these pages sends it, no address carries it. So the pages are the same for everyone,
apart from the country whose help lines the plan page shows without JavaScript.
"""

import json

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, pgettext, pgettext_lazy
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from apps.core import helplines
from apps.core.pagecache import cached_page
from apps.core.views import KEEP_FOR_OFFLINE

# The six parts of a safety plan (Stanley and Brown's), then the reasons to keep going.
# `lines` is prefilled in the browser from the help lines of the reader's country.
# Plain English strings, marked for makemessages: `plan` translates them for each request.
PARTS = (
    (
        "signs",
        gettext_noop("Signs a hard moment is coming"),
        gettext_noop("Thoughts, feelings, times of day."),
    ),
    (
        "alone",
        gettext_noop("What I can do on my own"),
        gettext_noop("To get through it without anyone."),
    ),
    (
        "distract",
        gettext_noop("People and places that take my mind off it"),
        gettext_noop("A café, a walk, a friend's kitchen."),
    ),
    ("people", gettext_noop("People I can ask for help"), gettext_noop("Names and numbers.")),
    (
        "lines",
        gettext_noop("Professionals and lines I can call"),
        gettext_noop("My doctor, a counselor, a crisis line."),
    ),
    (
        "safer",
        gettext_noop("How I make things safer right now"),
        gettext_noop("What I put away, where I go."),
    ),
    (
        "reasons",
        gettext_noop("My reasons to keep going"),
        gettext_noop("People, plans, small things."),
    ),
)
# How today was: five calm levels, heavy to light, never a score.
LEVELS = (
    (1, pgettext_lazy("how today was", "Very heavy")),
    (2, pgettext_lazy("how today was", "Heavy")),
    (3, pgettext_lazy("how today was", "Mixed")),
    (4, pgettext_lazy("how today was", "Lighter")),
    (5, pgettext_lazy("how today was", "Light")),
)
# The month's columns: each day's name and the letter shown for it, as the week strip's
# (the browser's narrow weekday: Spanish writes Wednesday X, beside Tuesday's M).
WEEKDAYS = (
    (gettext_lazy("Monday"), pgettext_lazy("Monday, in one letter", "M")),
    (gettext_lazy("Tuesday"), pgettext_lazy("Tuesday, in one letter", "T")),
    (gettext_lazy("Wednesday"), pgettext_lazy("Wednesday, in one letter", "W")),
    (gettext_lazy("Thursday"), pgettext_lazy("Thursday, in one letter", "T")),
    (gettext_lazy("Friday"), pgettext_lazy("Friday, in one letter", "F")),
    (gettext_lazy("Saturday"), pgettext_lazy("Saturday, in one letter", "S")),
    (gettext_lazy("Sunday"), pgettext_lazy("Sunday, in one letter", "S")),
)


def _line_text(line: helplines.Line) -> str:
    ways = [_("call %(number)s") % {"number": n.display} for n in line.calls] + [
        pgettext("send a text message to a number", "text %(number)s") % {"number": n.display}
        for n in line.texts
    ]
    return f"{line.name}: {', '.join(ways) or line.url}"


def plan_prefill(directory: helplines.Directory) -> dict[str, str]:
    """What the plan's "lines" part starts with, by country code: each line on one
    line of text, for the reader to keep, change or delete."""
    return {
        country.code: "\n".join(_line_text(line) for line in country.lines)
        for country in directory.countries
    }


@require_safe
@KEEP_FOR_OFFLINE
@vary_on_headers("Accept-Language")
def plan(request):
    """The plan's page: a blank plan that prints, its lines part holding the lines of
    the country the browser's languages name (as the help page chooses); the plan itself
    is filled in from the browser's storage by static/companion/plan.js, which shows the
    help page's lines and chooser below it."""
    lines = helplines.directory()
    country = lines.for_languages(request.headers.get("Accept-Language", ""))
    prefill = plan_prefill(lines)
    context = {
        "parts": [(key, _(title), _(hint)) for key, title, hint in PARTS],
        "chosen": country.code if country else "",
        # Without JavaScript, the printed blank plan has the lines already written in.
        "chosen_lines": prefill[country.code] if country else "",
        "prefill": json.dumps(prefill),
    }
    return TemplateResponse(request, "companion/plan.html", context)


@require_safe
@cached_page
def evening(request):
    """The evening check-in: its form, pictures and count are made in the browser."""
    return TemplateResponse(
        request, "companion/evening.html", {"levels": LEVELS, "weekdays": WEEKDAYS}
    )
