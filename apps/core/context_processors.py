from urllib.parse import quote

from . import shell as registered


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
