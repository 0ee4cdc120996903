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
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.bookmarks.models import Bookmark, Reader
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
        ("iPhone", _("Passkey on iPhone")),
        ("iPad", _("Passkey on iPad")),
        ("Android", _("Passkey on Android phone")),
        ("Macintosh", _("Passkey on Mac")),
        ("Windows", _("Passkey on Windows computer")),
        ("CrOS", _("Passkey on Chromebook")),
        ("Linux", _("Passkey on Linux computer")),
    ]:
        if needle in agent:
            return name
    return _("Passkey")


ALREADY = gettext_lazy("This passkey is already registered. Sign in with it instead.")


class PasskeyKept(Exception):
    """The same passkey finished twice at once (two taps, two tabs): the ceremony's
    own check passed in both, the database keeps it once."""


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


def create_account(handle: str, verified, credential: dict, name: str):
    """A new user (its handle is the one the passkey was made for) with its passkey,
    a reader of its own and ten recovery codes, returned as words to show once.
    `PasskeyKept` when the same ceremony finished already (a double tap)."""
    try:
        with transaction.atomic():
            user = get_user_model()(username=handle)
            user.set_unusable_password()
            user.save()
            _store_passkey(user, verified, credential, name)
            Reader.objects.create(user=user)
            return user, new_recovery_codes(user)
    except IntegrityError:  # the other request won the race between check and insert
        raise PasskeyKept(ALREADY) from None


def add_passkey(user, verified, credential: dict, name: str) -> Passkey:
    try:
        with transaction.atomic():
            return _store_passkey(user, verified, credential, name)
    except IntegrityError:
        raise PasskeyKept(ALREADY) from None


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
            _(
                "This is your only passkey and no recovery codes are left, so removing it "
                "would lock you out. Add another passkey or make new recovery codes first."
            )
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


def kept_on_device(device_token) -> dict | None:
    """What a device keeps of its own, outside any account (saved cards, lists besides
    Saved, notes): what a sign-in would bring in. None when it keeps nothing."""
    device = Reader.objects.filter(token=device_token, user__isnull=True).first()
    if device is None:
        return None
    bookmarks = Bookmark.objects.filter(list__reader=device, list__deleted_at__isnull=True)
    kept = {
        "cards": bookmarks.count(),
        "lists": device.lists.filter(deleted_at__isnull=True, is_default=False).count(),
        "notes": bookmarks.exclude(note="").count(),
    }
    return kept if kept["cards"] or kept["lists"] else None


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
        readers.data_deleted.send(sender=Reader, tokens=[reader.token])
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
