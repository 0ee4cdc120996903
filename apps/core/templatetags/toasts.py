"""`{{ message|undo }}`: the Undo a toast offers (apps/core/toasts.py)."""

from django import template

from apps.core import toasts

register = template.Library()


@register.filter
def undo(message) -> dict | None:
    return toasts.undo_of(message)
