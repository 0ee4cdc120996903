from functools import cache

from django.core.cache import cache as shared_cache
from django.views.decorators.http import require_safe

from apps.cards import pagecache
from apps.cards.pagecache import Rendering
from apps.cards.queries import reflection_cards
from apps.core import helplines

REFLECTION_CARDS = 6
HELPLINES_SEEN = "timer:helplines-digest"


@require_safe
def stand_still(request):
    """The breathing timer. Its end screen picks a reflection card from those embedded
    here, and its help sheet shows the help lines embedded here, so a session needs no
    request from start to finish."""

    def build():
        cards = reflection_cards(limit=REFLECTION_CARDS)
        context = {"cards": cards, "helplines": helplines.directory()}
        return Rendering("timer/stand_still.html", context, cards)

    pages_show_current_helplines()
    return pagecache.render(request, build)


@cache
def pages_show_current_helplines() -> None:
    """The kept timer page embeds the help lines, and is kept until content changes:
    once per process, if seeds/helplines.yaml is not the file the kept pages were made
    from, retire them, so a corrected number never waits a day to show."""
    digest = helplines.digest()
    if shared_cache.get(HELPLINES_SEEN) != digest:
        pagecache.content_changed()
        shared_cache.set(HELPLINES_SEEN, digest, timeout=None)
