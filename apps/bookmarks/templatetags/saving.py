from django import template

register = template.Library()


@register.filter
def lists_holding(counts, card_pk) -> int:
    """How many of the reader's lists hold the card (`saved_list_counts`), 0 if none."""
    try:
        return counts.get(card_pk, 0)
    except AttributeError:  # no reader state on this page
        return 0
