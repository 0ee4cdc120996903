"""When the database cannot be written (a read-only file, a full disk, a server that
went away or became a read-only replica): say so, lose nothing, recover with no restart.

- A full disk is such an error: SQLite's SQLITE_FULL and PostgreSQL's disk_full
  are both OperationalError (`is_disk_full` tells it; /healthz says "full").
- A view that fails with such an error is answered 503, "couldn't save, try again",
  with what the reader typed (`middleware.DatabaseUnavailableMiddleware`), and every
  connection is closed, so the next request opens a fresh one. Django's
  CONN_HEALTH_CHECKS is not enough alone: a SQLite connection opened while the file
  was read-only answers every health check and refuses every write, for good.
- A connection opened while the database cannot be written is not kept past its
  request (`keep_only_if_writable`), so once the database is writable again the
  very next write succeeds, in every worker.
"""

import logging
import os
import time

from django.db import InternalError, OperationalError, connections
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

# What a database says when it cannot be reached or written; never a bug in a query
# (those are ProgrammingError, or IntegrityError for a broken constraint).
UNAVAILABLE = (OperationalError, InternalError)


def is_disk_full(error: Exception) -> bool:
    """A write refused for want of disk: SQLite's SQLITE_FULL, PostgreSQL's disk_full."""
    cause = error.__cause__ or error
    return getattr(cause, "sqlstate", None) == "53100" or "database or disk is full" in str(error)


def close_all() -> None:
    for connection in connections.all(initialized_only=True):
        connection.close()


def can_write(connection) -> bool:
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        return name == ":memory:" or "mode=memory" in name or os.access(name, os.W_OK)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'"
            )
            return not cursor.fetchone()[0]
    return True


def keep_only_if_writable(sender, connection, **kwargs) -> None:
    """On `connection_created`: a connection that cannot write is closed when its request ends."""
    if not can_write(connection):
        logger.warning("The database %s cannot be written.", connection.alias)
        connection.close_at = time.monotonic()


# Fields a person typed, shown again (editable) on the "couldn't save" page.
TYPED = {
    "note": gettext_lazy("Your note"),
    "name": gettext_lazy("List name"),
    "new_list": gettext_lazy("New list name"),
}
RETRY_AFTER = 5


def unavailable_response(request) -> HttpResponse:
    """503: "couldn't save, try again". A plain form post gets a page holding what was
    typed, in a form that sends it again; htmx gets a short answer and swaps nothing,
    so the page (and what is typed in it) stays as it was (connection.js says why)."""
    headers = {"Retry-After": str(RETRY_AFTER)}
    if getattr(request, "htmx", False):
        text = _("Couldn't save that just now. Please try again in a moment.") + "\n"
        return HttpResponse(text, status=503, headers=headers, content_type="text/plain")
    typed, hidden = [], []
    if request.method == "POST":
        for name, values in request.POST.lists():
            if name == "csrfmiddlewaretoken":
                continue
            for value in values:
                if name in TYPED:
                    typed.append({"name": name, "label": TYPED[name], "value": value})
                else:
                    hidden.append((name, value))
    context = {"posted": request.method == "POST", "typed": typed, "hidden": hidden}
    try:
        response = render(request, "503.html", context, status=503)
    except Exception:  # noqa: BLE001 - the page itself failed: still never a 500
        logger.exception("The 503 page could not be rendered.")
        text = _("Couldn't save that just now. Please go back and try again in a moment.") + "\n"
        return HttpResponse(text, status=503, headers=headers, content_type="text/plain")
    response["Retry-After"] = headers["Retry-After"]
    return response
