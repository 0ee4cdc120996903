"""Toasts: a short notice after an action, with an optional Undo, that any app raises.

    toasts.say(request, "Saved.", undo=(reverse("bookmarks:undo"), token))

The notice is a Django message; the Undo is a small form the shell's toasts.html
posts back to the app's own `undo` URL with `token` (signed by the app, which alone
knows what it reverses) and `next` (where the reader was). The shell names no app.
An error or a warning stays until dismissed (core/app.js); the rest fade.
"""

from django.contrib import messages

_URL, _TOKEN = "undo-url:", "undo-token:"


def say(request, text: str, undo: tuple[str, str] | None = None) -> None:
    tags = f"{_URL}{undo[0]} {_TOKEN}{undo[1]}" if undo else ""
    messages.success(request, text, extra_tags=tags)


def undo_of(message) -> dict | None:
    """The Undo a toast offers: {"url": …, "token": …}, or None."""
    found = {}
    for tag in (message.extra_tags or "").split():
        for prefix, name in ((_URL, "url"), (_TOKEN, "token")):
            if tag.startswith(prefix):
                found[name] = tag.removeprefix(prefix)
    return found if len(found) == 2 else None
