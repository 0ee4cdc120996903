"""What the server keeps of a plan and evenings kept on every device: text it can't read.

The browser sends `{"version": n, "ciphertext": "…", "keys": {credential id: wrapped}}`
(static/accounts/sync.js). A write names the version it was made from (0 for the
first); one made from an older version is refused with the vault as it now is, for
the browser to merge and send again. A key is kept only for a passkey of the account.
Everything here is base64url text, checked for shape and size, never for meaning.
"""

import re

from django.db import transaction
from django.utils.translation import gettext as _

from apps.core import edge

from .models import Vault, VaultKey

MAX_CIPHERTEXT = 1_500_000  # characters: years of evenings, and a long plan
MAX_WRAPPED = 200
MAX_BODY = MAX_CIPHERTEXT + 64 * 1024
BASE64URL = re.compile(r"[A-Za-z0-9_-]+")


class Refused(Exception):
    """A write that can't be kept; the message is fit to show."""


class Moved(Exception):
    """The vault changed since the version the write was made from."""

    def __init__(self, vault: Vault | None):
        self.vault = vault


NOTHING = {"version": 0, "ciphertext": None, "keys": {}}


def state(vault: Vault | None) -> dict:
    """The vault as the browser reads it; nothing kept (never, or turned off) is NOTHING."""
    if vault is None:
        return NOTHING
    keys = vault.keys.select_related("passkey")
    return {
        "version": vault.version,
        "ciphertext": vault.ciphertext,
        "keys": {key.passkey.credential_id: key.wrapped for key in keys},
    }


def read_write(body: bytes) -> tuple[int, str, dict[str, str]]:
    """The version, ciphertext and keys of a write, or Refused."""
    try:
        data = edge.read_json(body, max_bytes=MAX_BODY)
    except edge.BadInput as error:
        raise Refused(str(error)) from error
    if not isinstance(data, dict):
        raise Refused(_("What was sent can't be kept."))
    version, ciphertext, keys = data.get("version"), data.get("ciphertext"), data.get("keys", {})
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise Refused(_("What was sent names no version."))
    if not _base64url(ciphertext, MAX_CIPHERTEXT):
        raise Refused(_("What was sent isn't encrypted text this can keep."))
    if not isinstance(keys, dict) or not all(_base64url(w, MAX_WRAPPED) for w in keys.values()):
        raise Refused(_("A key that was sent can't be kept."))
    return version, ciphertext, keys


def _base64url(value, longest: int) -> bool:
    return isinstance(value, str) and len(value) <= longest and bool(BASE64URL.fullmatch(value))


@transaction.atomic
def write(user, version: int, ciphertext: str, keys: dict[str, str]) -> Vault:
    """Keep a write made from `version`, or raise Moved (or Refused, for a key of a
    passkey that isn't the account's)."""
    passkeys = {p.credential_id: p for p in user.passkeys.filter(credential_id__in=list(keys))}
    if len(passkeys) != len(keys):
        raise Refused(_("A key was sent for a passkey that isn't in this account."))
    vault = Vault.objects.select_for_update().filter(user=user).first()
    if vault is None and version == 0:
        vault = Vault.objects.create(user=user, ciphertext=ciphertext)
    elif vault is None or vault.version != version:
        raise Moved(vault)
    else:
        vault.ciphertext = ciphertext
        vault.version += 1
        vault.save(update_fields=["ciphertext", "version", "updated_at"])
    for credential_id, wrapped in keys.items():
        VaultKey.objects.update_or_create(
            passkey=passkeys[credential_id], defaults={"vault": vault, "wrapped": wrapped}
        )
    return vault


def turn_off(user) -> bool:
    """Delete the account's vault and every key to it; whether there was one."""
    deleted, _ = Vault.objects.filter(user=user).delete()
    return bool(deleted)


def delete_for_readers(sender, tokens, **kwargs) -> None:
    """ "Delete all my data", signed in: the vault goes with the account's cards
    (the receiver of `readers.data_deleted`)."""
    Vault.objects.filter(user__reader__token__in=tokens).delete()
