"""Every change to accounts, passkeys and codes. Each runs in one transaction.

An account owns one reader (bookmarks' `Reader.user`), made fresh for it: the
cookie that held this device's anonymous reader never names the account's, so
only a signed-in session reaches the account's cards. Signing in folds the
device's anonymous reader into the account's (`merge_readers`), as far as the
account has room; what doesn't fit stays with the device's reader.
"""

import secrets
from datetime import timedelta

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from apps.bookmarks.models import Reader
from apps.bookmarks.services import Left, merge_readers
from apps.core import readers

from . import codes
from .models import MAX_PASSKEY_NAME, LinkCode, Passkey, RecoveryCode

RECOVERY_CODES = 10
LINK_CODE_LIFETIME = timedelta(minutes=10)


class LastPasskey(Exception):
    """Removing it would leave no way in."""


def new_handle() -> str:
    """The WebAuthn user handle for a new account, kept as its username (hex): random,
    naming no one, never typed."""
    return secrets.token_hex(16)


def passkey_name(user_agent: str) -> str:
    """A first name for a passkey: where it was made, as the person would say it."""
    agent = user_agent or ""
    for needle, name in [
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Android", "Android phone"),
        ("Macintosh", "Mac"),
        ("Windows", "Windows computer"),
        ("CrOS", "Chromebook"),
        ("Linux", "Linux computer"),
    ]:
        if needle in agent:
            return f"Passkey on {name}"
    return "Passkey"


def _store_passkey(user, verified, credential: dict, name: str) -> Passkey:
    transports = (credential.get("response") or {}).get("transports") or []
    return Passkey.objects.create(
        user=user,
        credential_id=credential["id"],
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        backup_eligible=verified.credential_device_type == "multi_device",
        backed_up=verified.credential_backed_up,
        transports=[t for t in transports if isinstance(t, str)][:10],
        name=name[:MAX_PASSKEY_NAME],
    )


@transaction.atomic
def create_account(handle: str, verified, credential: dict, name: str):
    """A new user (its handle is the one the passkey was made for) with its passkey,
    a reader of its own and ten recovery codes, returned as words to show once."""
    user = get_user_model()(username=handle)
    user.set_unusable_password()
    user.save()
    _store_passkey(user, verified, credential, name)
    Reader.objects.create(user=user)
    return user, new_recovery_codes(user)


@transaction.atomic
def add_passkey(user, verified, credential: dict, name: str) -> Passkey:
    return _store_passkey(user, verified, credential, name)


@transaction.atomic
def passkey_used(passkey: Passkey, verified) -> None:
    passkey.sign_count = verified.new_sign_count
    passkey.backed_up = verified.credential_backed_up
    passkey.last_used_at = timezone.now()
    passkey.save(update_fields=["sign_count", "backed_up", "last_used_at"])


@transaction.atomic
def rename_passkey(passkey: Passkey, name: str) -> Passkey:
    passkey.name = name
    passkey.save(update_fields=["name"])
    return passkey


@transaction.atomic
def remove_passkey(passkey: Passkey) -> None:
    """Remove a passkey; the last one only while unused recovery codes remain."""
    user = type(passkey.user).objects.select_for_update().get(pk=passkey.user_id)
    others = Passkey.objects.filter(user=user).exclude(pk=passkey.pk).exists()
    if not others and not RecoveryCode.objects.filter(user=user, used_at__isnull=True).exists():
        raise LastPasskey(
            "This is your only passkey and no recovery codes are left, so removing it "
            "would lock you out. Add another passkey or make new recovery codes first."
        )
    passkey.delete()


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Ten new codes; every older one stops working."""
    RecoveryCode.objects.filter(user=user).delete()
    words = [codes.make(codes.RECOVERY_LENGTH) for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, digest=codes.digest(word)) for word in words
    )
    return words


@transaction.atomic
def use_recovery_code(typed: str):
    """The user whose unused code this is (now used), or None."""
    if not codes.normal(typed):
        return None
    code = (
        RecoveryCode.objects.select_related("user")
        .filter(digest__in=codes.digests(typed), used_at__isnull=True)
        .first()
    )
    if code is None:
        return None
    used = RecoveryCode.objects.filter(pk=code.pk, used_at__isnull=True)
    return code.user if used.update(used_at=timezone.now()) else None


@transaction.atomic
def new_link_code(user) -> tuple[str, LinkCode]:
    """A short code for another device: one at a time, ten minutes, once."""
    LinkCode.objects.filter(user=user).delete()
    word = codes.make(codes.LINK_LENGTH)
    link = LinkCode.objects.create(
        user=user, digest=codes.digest(word), expires_at=timezone.now() + LINK_CODE_LIFETIME
    )
    return word, link


@transaction.atomic
def use_link_code(typed: str):
    """The user whose live, unused link code this is (now used), or None."""
    if not codes.normal(typed):
        return None
    now = timezone.now()
    live = LinkCode.objects.filter(
        digest__in=codes.digests(typed), used_at__isnull=True, expires_at__gt=now
    )
    code = live.select_related("user").first()
    if code is None or not live.filter(pk=code.pk).update(used_at=now):
        return None
    return code.user


@transaction.atomic
def account_reader(user) -> Reader:
    reader, _ = Reader.objects.get_or_create(user=user)
    return reader


@transaction.atomic
def adopt_device_reader(user, device_token) -> tuple[Reader, Left]:
    """Fold this device's anonymous reader (its saves, lists and notes) into the
    account's, as far as the account has room (`merge_readers`): the account's reader,
    and what stayed with the device's. A reader that belongs to an account is never
    folded; merging an already merged device changes nothing."""
    into = account_reader(user)
    if device_token:
        device = Reader.objects.filter(token=device_token, user__isnull=True).first()
        if device is not None and device.pk != into.pk:
            return into, merge_readers(into, device)
    return into, Left()


@transaction.atomic
def sign_out_everywhere(user) -> None:
    """A new unusable password changes the session hash: every other session ends."""
    user.set_unusable_password()
    user.save(update_fields=["password"])


@transaction.atomic
def delete_account(user) -> None:
    """The account and everything it holds: passkeys, codes, lists, saves and notes."""
    reader = Reader.objects.filter(user=user).first()
    if reader is not None:
        readers.changed(reader.token)
        reader.delete()
    delete_sessions_of(user)
    user.delete()


def delete_sessions_of(user) -> None:
    """Every session signed in as `user`, on any device: their rows hold its id and hash.
    Sessions are stored encoded, so each is read; an account is deleted rarely."""
    signed_in = [
        session.pk
        for session in Session.objects.iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    Session.objects.filter(pk__in=signed_in).delete()


def find_passkey(credential_id: str) -> Passkey | None:
    return Passkey.objects.select_related("user").filter(credential_id=credential_id).first()
