"""`{% slot_templates "name" as entries %}`: the templates apps registered for a slot
(apps/core/slots.py), to include in order."""

from django import template

from apps.core import slots

register = template.Library()


@register.simple_tag
def slot_templates(name: str) -> tuple[str, ...]:
    return slots.templates(name)
