"""The reader's language: each page's address in every language, and the way to theirs.

English pages have no prefix (/help/), Spanish and German ones do (/es/help/,
/de/help/), and Django's LocaleMiddleware reads it: the URL decides, so a page and its
kept copy are always in one language. At an address without a prefix,
`LanguageMiddleware` takes a reader whose remembered choice (the chooser's cookie) or,
with none, whose browser's languages put Spanish or German first, to the same page in
that language. Only a page opened in the browser moves (a navigation): a form post, an
htmx request, a script or the service worker's own file are answered where asked.
The chooser is Django's `set_language` view, a plain form post that remembers the choice.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_path, get_language_from_request


def in_languages(path: str) -> list[dict]:
    """The page at `path` in each language: code, name and address there."""
    return [
        {"code": code, "name": name, "url": translate_url(path, code)}
        for code, name in settings.LANGUAGES
    ]


def _navigation(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.headers.get("HX-Request"):
        return False
    mode = request.headers.get("Sec-Fetch-Mode")
    return mode == "navigate" if mode else "text/html" in request.headers.get("Accept", "")


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        unprefixed = get_language_from_path(request.path_info) is None
        if unprefixed and _navigation(request):
            wanted = get_language_from_request(request)
            if wanted != settings.LANGUAGE_CODE:
                there = translate_url(request.get_full_path(), wanted)
                if there != request.get_full_path():
                    response = HttpResponseRedirect(there)
                    patch_vary_headers(response, ("Accept-Language", "Cookie"))
                    return response
        response = self.get_response(request)
        if unprefixed:
            patch_vary_headers(response, ("Accept-Language",))
        return response
