"""The words of recovery and link codes, and the keyed hash that is all we keep.

Letters and digits that can't be mistaken for one another (no 0/O, 1/I/L), read
aloud or copied by hand; case, spaces and dashes don't matter when typed back.
A keyed hash (HMAC with the secret key) rather than a salted one, so a code finds
its row in one indexed lookup; a copy of the database alone can't test guesses.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECOVERY_LENGTH = 12  # about 59 bits: worth guessing by no one
LINK_LENGTH = 8  # about 40 bits, for ten minutes, behind the rate limit


def make(length: int) -> str:
    """A new code as shown: groups of four joined by dashes."""
    plain = "".join(secrets.choice(ALPHABET) for _ in range(length))
    return "-".join(plain[i : i + 4] for i in range(0, length, 4))


def normal(typed: str) -> str:
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def digest(typed: str, *, key: str | None = None) -> str:
    """What is stored for a code, and what a typed code is looked up by."""
    secret = (key or settings.SECRET_KEY).encode()
    message = b"stand-still code:" + normal(typed).encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def digests(typed: str) -> list[str]:
    """The code's hash under the secret key and each fallback key, so codes made before
    a key rotation still work."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [digest(typed, key=key) for key in keys]
