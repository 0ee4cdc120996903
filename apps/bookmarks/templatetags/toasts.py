from django import template

register = template.Library()


@register.filter
def undo_token(extra_tags: str) -> str:
    """The signed Undo token a toast carries in its message's extra tags, if any."""
    for tag in (extra_tags or "").split():
        if tag.startswith("undo:"):
            return tag.removeprefix("undo:")
    return ""
