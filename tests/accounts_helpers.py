"""Helpers for account tests: a software authenticator that answers WebAuthn
ceremonies the way a phone does (discoverable key, user verified, "none"
attestation), and browsers that sign up and sign in through the real views."""

import base64
import hashlib
import json
import secrets

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

ORIGIN = "http://testserver"
RP_ID = "testserver"

UP, UV, BE, BS, AT = 0x01, 0x04, 0x08, 0x10, 0x40


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class SoftAuthenticator:
    """One passkey on one (synced) device."""

    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = secrets.token_bytes(16)
        self.sign_count = 0
        self.user_handle: str | None = None

    @property
    def id(self) -> str:
        return b64u(self.credential_id)

    def _public_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        return cbor2.dumps(
            {1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32), -3: numbers.y.to_bytes(32)}
        )

    def _auth_data(self, rp_id: str, flags: int, attested: bool) -> bytes:
        data = hashlib.sha256(rp_id.encode()).digest() + bytes([flags])
        data += self.sign_count.to_bytes(4, "big")
        if attested:
            data += bytes(16) + len(self.credential_id).to_bytes(2, "big")
            data += self.credential_id + self._public_key()
        return data

    @staticmethod
    def _client_data(kind: str, challenge: str, origin: str) -> bytes:
        return json.dumps(
            {"type": kind, "challenge": challenge, "origin": origin, "crossOrigin": False}
        ).encode()

    def create(self, options: dict, origin: str = ORIGIN, rp_id: str = RP_ID) -> dict:
        self.user_handle = options["user"]["id"]
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        auth_data = self._auth_data(rp_id, UP | UV | BE | BS | AT, attested=True)
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return self._answer(
            clientDataJSON=b64u(client_data),
            attestationObject=b64u(attestation),
            transports=["internal", "hybrid"],
        )

    def get(self, options: dict, origin: str = ORIGIN, rp_id: str = RP_ID) -> dict:
        self.sign_count += 1
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        auth_data = self._auth_data(rp_id, UP | UV | BE | BS, attested=False)
        signature = self.key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return self._answer(
            clientDataJSON=b64u(client_data),
            authenticatorData=b64u(auth_data),
            signature=b64u(signature),
            userHandle=self.user_handle,
        )

    def _answer(self, **response) -> dict:
        """The credential as the browser's page script posts it (WebAuthn's JSON form)."""
        return {
            "id": self.id,
            "rawId": self.id,
            "type": "public-key",
            "clientExtensionResults": {},
            "response": response,
        }


def post_json(client, url: str, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def sign_up(client, authenticator: SoftAuthenticator | None = None, **create):
    """Make an account with a new passkey in `client`. Returns the finishing response."""
    authenticator = authenticator or SoftAuthenticator()
    options = client.post("/account/create/options/").json()
    return post_json(client, "/account/create/", authenticator.create(options, **create))


def sign_in(client, authenticator: SoftAuthenticator, **get):
    options = client.post("/account/sign-in/options/").json()
    return post_json(client, "/account/sign-in/", authenticator.get(options, **get))


def sign_in_bringing(client, authenticator: SoftAuthenticator, choice: str = "bring"):
    """Sign in with a passkey on a device that keeps cards of its own: nothing moves
    until the question is answered, here with `choice`. Returns the answer's response."""
    asked = sign_in(client, authenticator)
    assert asked.json() == {"next": "/account/sign-in/confirm/"}, asked.content
    return client.post("/account/sign-in/confirm/", {"choice": choice})


def account_client(authenticator: SoftAuthenticator | None = None):
    """A browser that made an account (and put its recovery codes away)."""
    from tests.bookmarks_helpers import reader_client

    client = reader_client()
    client.authenticator = authenticator or SoftAuthenticator()
    response = sign_up(client, client.authenticator)
    assert response.status_code == 200, response.content
    client.words = client.get("/account/recovery-codes/").context["words"]
    client.post("/account/recovery-codes/done/")
    return client


def user_of(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])
