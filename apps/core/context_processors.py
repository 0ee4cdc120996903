from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import reverse, translate_url
from django.utils.translation import get_language

from . import shell as registered
from .languages import in_languages
from .pagecache import site_origin


def here(request):
    """The page the reader is on, for "back to where I was" after a plain form post;
    `here_query` is the same made ready for a query string (`?next=`).

    For an htmx request that is the page that made it, not the request's own URL.
    """
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.current_url_abs_path:
        here = htmx.current_url_abs_path
    else:
        here = request.get_full_path()
    return {"here": here, "here_query": quote(here, safe="/")}


def shell(request):
    """What the apps registered for the shell (apps/core/shell.py): its tabs, footer
    links and scripts, the same for every reader."""
    return {"shell": registered}


def languages(request):
    """The page in each language (its address there, for the chooser and the
    `hreflang` alternates), and the one it is in. The chooser names the page by its
    English address, which Django's set_language (answering at /language/, in English)
    can read and take to the language chosen."""
    try:
        origin = site_origin(request)
    except DisallowedHost:  # the 400 page for a Host not allowed: no addresses on it
        origin = ""
    language = get_language()
    return {
        "languages": [
            {**each, "absolute": origin + each["url"]} for each in in_languages(request.path)
        ],
        "language": language,
        # The scripts' words (apps/core/catalogs.py), on a page not in English.
        "words_script": None if language == settings.LANGUAGE_CODE else f"words/{language}.js",
        "home": reverse(registered.tabs[0].view) if registered.tabs else "/",
        # The page itself, without its query: nothing a link brought in is echoed.
        "chooser_next": translate_url(request.path, settings.LANGUAGE_CODE),
    }
