from django.utils.functional import SimpleLazyObject

from .queries import list_counts, saved_card_ids


def saved_cards(request):
    """`saved_card_ids` for pages that are not cached (a cached page gets the same from
    pagecache's hook), looked up only if the page asks."""
    return {
        "saved_card_ids": SimpleLazyObject(lambda: saved_card_ids(request)),
        "saved_list_counts": SimpleLazyObject(lambda: list_counts(request)),
    }
