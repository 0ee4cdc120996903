"""Who is reading: a random token in a long-lived, signed, HttpOnly cookie.

The token is minted on the first page a visitor sees, as a cookie only; whatever
a feature keeps for a reader (bookmarks' Reader row) is created on their first
write. So bots and passers-by create no rows, and two tabs writing for the first
time at once share one token.

`has_reader(request)` is the one answer to "may this visitor have saved anything".
A reader's *version* names the state of their data: the code that changes it calls
`changed(token)` (bookmarks' service functions do), and cached pages that show it
carry the version in their key. Versions live in the `versions` cache, where no
culling reaches them; small values computed from the reader's data (`kept`: bookmarks
keeps which cards they saved) are kept with the version, in the page cache, and read
in the same round trip as the page (see apps/core/caching.py).
"""

import secrets
import uuid
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils.crypto import salted_hmac

from . import caching

COOKIE = "reader"
SALT = "bookmarks.reader"  # kept from where it began, so existing cookies stay valid
MAX_AGE = 400 * 24 * 60 * 60  # the longest lifetime browsers accept
# A cookie older than this is signed and sent again, so a reader who keeps coming
# back never reaches MAX_AGE (which the server enforces as well as the browser).
RENEW_AFTER = 30 * 24 * 60 * 60
# How long a reader's version is kept: after that their cached pages are simply made anew.
VERSION_TIMEOUT = 30 * 24 * 60 * 60


def read_token(request) -> uuid.UUID | None:
    value = request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=MAX_AGE)
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def needs_renewal(request) -> bool:
    """A valid reader cookie, signed more than RENEW_AFTER ago."""
    fresh = request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=RENEW_AFTER)
    return fresh is None


def has_reader(request) -> bool:
    """Whether this visitor may have data of their own: they came with a reader cookie
    of ours, or are posting (a first save makes a reader). A visitor who never had
    the cookie has saved nothing, and costs no lookup."""
    return getattr(request, "reader_known", False) or request.method == "POST"


def remember(response, token: uuid.UUID) -> None:
    response.set_signed_cookie(
        COOKIE,
        token.hex,
        salt=SALT,
        max_age=MAX_AGE,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def forget(response) -> None:
    response.delete_cookie(COOKIE, samesite="Lax")


def device_cache_name(token) -> str:
    """A name for the reader's own offline copies on their device (the service worker's
    cache), sent in the Reader-Cache header of personal pages: it changes with the
    reader, and says nothing of the token itself."""
    return salted_hmac("readers.device-cache", _hex(token), algorithm="sha256").hexdigest()[:20]


def version(token) -> str:
    """The reader and the state of their data: part of the key of every cached page
    that shows it. `token` as a UUID or its text, with or without dashes."""
    reader = _hex(token)
    kept = caching.get_or_set(caching.VERSIONS, _version_key(reader), _new_version, VERSION_TIMEOUT)
    return f"{reader}:{kept or _new_version()}"  # no cache: a version no page is kept under


def version_of(request) -> str | None:
    """This request's reader's version, read once per request; None for a visitor
    with no reader, or when the cache can't be read."""
    if not has_reader(request):
        return None
    reader = _hex(request.reader_token)
    key = _version_key(reader)
    found = caching.read(request, caching.VERSIONS, [key])
    if found is None:
        return None
    if not isinstance(found.get(key), str):
        made = caching.get_or_set(caching.VERSIONS, key, _new_version, VERSION_TIMEOUT)
        if made is None:
            return None
        caching.remember(request, caching.VERSIONS, {key: made})
        found = {key: made}
    return f"{reader}:{found[key]}"


def version_keys(request) -> list[str]:
    """What `version_of` reads, for a caller that reads more in the same round trip."""
    return [_version_key(_hex(request.reader_token))] if has_reader(request) else []


def kept_key(version: str) -> str:
    """Where values kept with this reader's version live (in the page cache)."""
    return f"reader-kept:{version}"


def kept(request, name: str, compute: Callable):
    """A small value computed from the reader's data, kept until their data changes:
    `compute()` runs once per version (and again if the entry was dropped for room)."""
    version = version_of(request)
    if version is None:
        return compute()
    key = kept_key(version)
    found = caching.read(request, caching.PAGES, [key]) or {}
    values = found.get(key)
    values = values if isinstance(values, dict) else {}
    if name not in values:
        values = {**values, name: compute()}
        caching.set_many(caching.PAGES, {key: values}, VERSION_TIMEOUT)
        caching.remember(request, caching.PAGES, {key: values})
    return values[name]


def changed(*tokens) -> None:
    """The readers' data changes: retire what was cached for them, now (for this
    request's own next read) and again when the transaction commits (so no other
    request keeps a page it read before the change was visible)."""
    readers = [_hex(token) for token in tokens if token]

    def bump():
        versions = {_version_key(reader): _new_version() for reader in readers}
        caching.replace_versions(versions, VERSION_TIMEOUT)

    bump()
    transaction.on_commit(bump)


def _hex(token) -> str:
    return uuid.UUID(str(token)).hex


def _version_key(reader: str) -> str:
    return f"reader-version:{reader}"


def _new_version() -> str:
    return secrets.token_hex(8)


class ReaderTokenMiddleware:
    """Gives every request `reader_token` (and `reader_known`: it came with the cookie);
    sets the cookie when the token was just minted, or its cookie is due for renewal,
    and the response is worth one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = read_token(request)
        own = token or uuid.uuid4()
        request.reader_known = token is not None
        # A later middleware may put another reader here (a signed-in account's);
        # the cookie only ever gets this device's own.
        request.reader_token = own
        response = self.get_response(request)
        if (  # the cheap checks first: needs_renewal verifies the signature again
            COOKIE not in response.cookies
            and self.worth_a_cookie(request, response)
            and (token is None or needs_renewal(request))
        ):
            remember(response, own)
        return response

    @staticmethod
    def worth_a_cookie(request, response) -> bool:
        """Pages and accepted form posts; not health checks, downloads, static files,
        or a post that was refused (a failed CSRF check changed nothing)."""
        if response.status_code >= 400:
            return False
        html = response.get("Content-Type", "").startswith("text/html")
        return request.method == "POST" or (html and response.status_code == 200)
