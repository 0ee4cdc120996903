"""WebAuthn ceremonies with py_webauthn: options out, a response back, verified.

The relying party (RP) ID comes from `settings.WEBAUTHN_RP_ID`
(`DJANGO_WEBAUTHN_RP_ID`, by default the first allowed host); the origins a
response may come from are the request's own and the trusted origins. A request
to a host outside the RP ID gets a clear error instead of a browser's riddle.

Each challenge is kept server-side in the session, for one ceremony of one kind,
for a few minutes: it is taken out when the response arrives, whatever the result.
"""

import secrets
import time

from django.conf import settings
from django.http.request import split_domain_port
from django.utils.translation import gettext as _
from webauthn import (
    base64url_to_bytes,
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from apps.core import edge

from .models import Passkey

CHALLENGE_KEY = "webauthn-challenge"
CHALLENGE_AGE = 5 * 60
# One anonymous ceremony in this many also deletes every expired session row.
PURGE_ONE_IN = 100
TIMEOUT_MS = 120_000
MAX_CREDENTIAL_ID = 1400  # Passkey.credential_id's column: 1,023 bytes in base64url


class CeremonyError(Exception):
    """A response that can't be accepted; the message is fit to show."""


class WrongSite(CeremonyError):
    pass


def rp_id() -> str:
    return settings.WEBAUTHN_RP_ID


def check_site(request) -> None:
    host, _port = split_domain_port(request.get_host())
    rp = rp_id()
    if not rp or not (host == rp or host.endswith(f".{rp}")):
        raise WrongSite(
            _(
                "Passkeys here are set up for %(rp)s (DJANGO_WEBAUTHN_RP_ID), but this "
                "page was reached at %(host)s. Open the site at its own address."
            )
            % {"rp": rp or _("no site"), "host": request.get_host()}
        )


def origins(request) -> list[str]:
    own = f"{request.scheme}://{request.get_host()}"
    return [own, *(o for o in settings.CSRF_TRUSTED_ORIGINS if o != own)]


def _keep(request, kind: str, challenge: bytes) -> None:
    if not request.user.is_authenticated:
        # A ceremony's session lives as long as its challenge, not a year: an anonymous
        # options request leaves no lasting row (sign-in sets the usual age again).
        request.session.set_expiry(CHALLENGE_AGE + 60)
        if secrets.randbelow(PURGE_ONE_IN) == 0:  # and expired ones go as the site runs
            request.session.clear_expired()
    request.session[CHALLENGE_KEY] = {
        "kind": kind,
        "challenge": bytes_to_base64url(challenge),
        "at": time.time(),
    }


def discard(request) -> None:
    request.session.pop(CHALLENGE_KEY, None)


def _take(request, kind: str) -> bytes:
    kept = request.session.pop(CHALLENGE_KEY, None)
    if not kept or kept.get("kind") != kind or time.time() - kept["at"] > CHALLENGE_AGE:
        raise CeremonyError(_("That took too long, or started elsewhere. Please try again."))
    return base64url_to_bytes(kept["challenge"])


def registration_options(request, handle: str, existing: list[str]) -> str:
    """Options to make a discoverable passkey with user verification, as JSON."""
    check_site(request)
    options = generate_registration_options(
        rp_id=rp_id(),
        rp_name=settings.WEBAUTHN_RP_NAME,
        user_id=bytes.fromhex(handle),
        user_name=settings.WEBAUTHN_RP_NAME,
        user_display_name=f"{settings.WEBAUTHN_RP_NAME} saved cards",
        timeout=TIMEOUT_MS,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=base64url_to_bytes(c)) for c in existing
        ],
    )
    _keep(request, "register", options.challenge)
    return options_to_json(options)


def verify_registration(request, credential: dict):
    """The new passkey, verified; `credential["id"]` is then its id as it is kept."""
    check_site(request)
    challenge = _take(request, "register")
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id(),
            expected_origin=origins(request),
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as error:
        raise CeremonyError(_("This passkey could not be checked. Please try again.")) from error
    credential["id"] = registered_id(verified)
    _check_new(request, credential["id"])
    return verified


def _check_new(request, credential_id: str) -> None:
    """A passkey is registered once, to one account."""
    owner = Passkey.objects.filter(credential_id=credential_id).values_list("user_id", flat=True)
    owner = owner.first()
    if owner is None:
        return
    if owner == request.user.pk:
        raise CeremonyError(_("This passkey is already in your account."))
    raise CeremonyError(
        _(
            "This passkey is already registered, with another account. Sign in with it, or "
            "make a new passkey for this one."
        )
    )


def authentication_options(request) -> str:
    """Options to sign in with any passkey of this site (discoverable: no user named)."""
    check_site(request)
    options = generate_authentication_options(
        rp_id=rp_id(),
        timeout=TIMEOUT_MS,
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    _keep(request, "sign-in", options.challenge)
    return options_to_json(options)


def verify_authentication(request, credential: dict, passkey):
    check_site(request)
    challenge = _take(request, "sign-in")
    handle = (credential.get("response") or {}).get("userHandle")
    try:
        if handle and base64url_to_bytes(handle) != bytes.fromhex(passkey.user.username):
            raise CeremonyError(_("This passkey belongs to another account."))
        return verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id(),
            expected_origin=origins(request),
            credential_public_key=bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as error:
        raise CeremonyError(_("This passkey could not be checked. Please try again.")) from error


def credential_from(request) -> dict:
    """The browser's answer, a JSON body read as every JSON body is (`edge.read_json`).
    Its id, the base64url the browser names the passkey by, is at most MAX_CREDENTIAL_ID
    long."""
    if request.content_type != "application/json":
        raise CeremonyError(_("The browser's answer could not be read."))
    try:
        credential = edge.read_json(request.body)
    except edge.BadInput as error:
        raise CeremonyError(_("The browser's answer could not be read.")) from error
    if not isinstance(credential, dict) or not isinstance(credential.get("id"), str):
        raise CeremonyError(_("The browser's answer could not be read."))
    if not 0 < len(credential["id"]) <= MAX_CREDENTIAL_ID:
        raise CeremonyError(_("This passkey's name (its credential id) is too long to be kept."))
    return credential


def registered_id(verified) -> str:
    """A new passkey's id as it is kept: from what was verified, not what was claimed."""
    credential_id = bytes_to_base64url(verified.credential_id)
    if len(credential_id) > MAX_CREDENTIAL_ID:
        raise CeremonyError(_("This passkey's name (its credential id) is too long to be kept."))
    return credential_id
