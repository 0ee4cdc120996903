"""Owner-scoped getters: another account's passkey is a 404, in one place."""

from django.shortcuts import get_object_or_404

from .models import Passkey


def get_passkey(request, pk: int) -> Passkey:
    return get_object_or_404(Passkey, pk=pk, user=request.user)
