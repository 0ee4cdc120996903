from django.utils.functional import SimpleLazyObject

from .queries import saved_card_ids
from .readers import COOKIE


def saved_cards(request):
    """`saved_card_ids`: the cards in the reader's "Saved" list, looked up only if a page asks.

    A visitor who has never saved has no reader row, so pages cost them no query.
    """
    token = getattr(request, "reader_token", None)
    if token is None or not request.COOKIES.get(COOKIE):
        return {"saved_card_ids": frozenset()}
    return {"saved_card_ids": SimpleLazyObject(lambda: saved_card_ids(token))}
