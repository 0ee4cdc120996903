"""`{% include_kept "cards/card_item.html" card=card in_feed=True %}`: an include kept per
content version and process, rendered from its values only (apps/core/fragments.py)."""

from django import template

from apps.core import fragments

register = template.Library()


@register.simple_tag(takes_context=True)
def include_kept(context, template_name: str, **values) -> str:
    return fragments.include_kept(context, template_name, **values)
