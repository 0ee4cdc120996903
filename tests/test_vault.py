"""My plan and evenings kept in an account (apps/accounts/vault.py): the server keeps
only what the browser locked (ciphertext, keys wrapped per passkey) and a version,
for its owner alone, and deletes it with the passkey, the account or their data."""

import json

import pytest
from django.test import Client

from apps.accounts.models import Passkey, Vault, VaultKey
from tests.accounts_helpers import account_client, user_of
from tests.bookmarks_helpers import reader_client

pytestmark = pytest.mark.django_db

URL = "/account/vault/"
SEALED = "c2VhbGVkLXRleHQtdGhlLXNlcnZlci1jYW4ndC1yZWFk"  # base64url, as the browser sends


@pytest.fixture(autouse=True)
def relying_party(settings):
    settings.WEBAUTHN_RP_ID = "testserver"


def put(client, body, **extra):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.put(URL, data, content_type="application/json", **extra)


def credential_of(client) -> str:
    return Passkey.objects.get(user=user_of(client)).credential_id


def turned_on(client) -> dict:
    response = put(
        client, {"version": 0, "ciphertext": SEALED, "keys": {credential_of(client): "d3JhcHBlZA"}}
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_a_first_write_keeps_the_ciphertext_and_the_passkeys_wrapped_key():
    client = account_client()
    assert turned_on(client) == {"version": 1}
    answer = client.get(URL)
    assert answer.json() == {
        "version": 1,
        "ciphertext": SEALED,
        "keys": {credential_of(client): "d3JhcHBlZA"},
    }
    assert "no-store" in answer["Cache-Control"] and "private" in answer["Cache-Control"]


def test_each_write_moves_the_version_on():
    client = account_client()
    turned_on(client)
    assert put(client, {"version": 1, "ciphertext": "bmV3ZXI"}).json() == {"version": 2}
    assert client.get(URL).json()["ciphertext"] == "bmV3ZXI"


def test_a_write_from_an_older_version_is_refused_with_the_vault_as_it_is():
    client = account_client()
    turned_on(client)
    put(client, {"version": 1, "ciphertext": "b3RoZXItcGhvbmU"})
    stale = put(client, {"version": 1, "ciphertext": "dGhpcy1waG9uZQ"})
    assert stale.status_code == 409
    assert stale.json()["version"] == 2 and stale.json()["ciphertext"] == "b3RoZXItcGhvbmU"
    assert Vault.objects.get().ciphertext == "b3RoZXItcGhvbmU"


def test_turning_on_twice_is_refused_rather_than_overwritten():
    client = account_client()
    turned_on(client)
    again = put(client, {"version": 0, "ciphertext": "c2Vjb25k"})
    assert again.status_code == 409
    assert Vault.objects.get().ciphertext == SEALED


def test_nothing_kept_yet_is_version_0_with_no_ciphertext():
    response = account_client().get(URL)
    assert response.status_code == 200
    assert response.json() == {"version": 0, "ciphertext": None, "keys": {}}


def test_a_write_after_it_was_turned_off_elsewhere_says_so():
    client = account_client()
    turned_on(client)
    client.post("/account/vault/off/")
    response = put(client, {"version": 1, "ciphertext": SEALED})
    assert response.status_code == 409
    assert response.json() == {"version": 0, "ciphertext": None, "keys": {}}
    assert not Vault.objects.exists()


def test_signed_out_the_vault_is_a_403_in_json_not_a_sign_in_page():
    for method in (Client().get, lambda url: put(Client(), {"version": 0, "ciphertext": SEALED})):
        response = method(URL)
        assert response.status_code == 403
        assert "signed out" in response.json()["error"]
    assert not Vault.objects.exists()


def test_each_account_reaches_only_its_own_vault():
    owner, other = account_client(), account_client()
    turned_on(owner)
    assert other.get(URL).json()["ciphertext"] is None
    assert put(other, {"version": 1, "ciphertext": "c3RyYW5nZXI"}).status_code == 409
    assert Vault.objects.get().ciphertext == SEALED


def test_a_key_for_another_accounts_passkey_is_refused_and_nothing_is_kept():
    owner, other = account_client(), account_client()
    response = put(
        owner, {"version": 0, "ciphertext": SEALED, "keys": {credential_of(other): "eA"}}
    )
    assert response.status_code == 400
    assert "isn't in this account" in response.json()["error"]
    assert not Vault.objects.exists() and not VaultKey.objects.exists()


@pytest.mark.parametrize(
    "body, said",
    [
        ("not json", "isn't readable JSON"),
        ([1, 2], "can't be kept"),
        ({"ciphertext": SEALED}, "names no version"),
        ({"version": True, "ciphertext": SEALED}, "names no version"),
        ({"version": -1, "ciphertext": SEALED}, "names no version"),
        ({"version": 0, "ciphertext": "plain words, not locked"}, "isn't encrypted text"),
        ({"version": 0, "ciphertext": ""}, "isn't encrypted text"),
        ({"version": 0, "ciphertext": SEALED, "keys": ["x"]}, "key that was sent"),
        ({"version": 0, "ciphertext": SEALED, "keys": {"a": "x" * 201}}, "key that was sent"),
    ],
)
def test_a_write_that_cant_be_kept_gets_a_clear_400(body, said):
    client = account_client()
    response = put(client, body)
    assert response.status_code == 400
    assert said in response.json()["error"]
    assert not Vault.objects.exists()


def test_a_write_too_large_is_refused_and_the_kept_one_stays():
    client = account_client()
    turned_on(client)
    response = put(client, {"version": 1, "ciphertext": "A" * 1_500_001})
    assert response.status_code == 400
    assert Vault.objects.get().ciphertext == SEALED


def test_a_write_needs_the_csrf_token():
    client = account_client()
    client.handler.enforce_csrf_checks = True
    response = put(client, {"version": 0, "ciphertext": SEALED})
    assert response.status_code == 403
    assert not Vault.objects.exists()


def test_removing_a_passkey_removes_its_key_to_the_vault():
    client = account_client()
    turned_on(client)
    passkey = Passkey.objects.get(user=user_of(client))
    passkey.delete()
    assert not VaultKey.objects.exists()
    assert Vault.objects.exists()


def test_stopping_deletes_the_vault_and_every_key_and_the_page_says_so():
    client = account_client()
    turned_on(client)
    response = client.post("/account/vault/off/", follow=True)
    assert not Vault.objects.exists() and not VaultKey.objects.exists()
    assert "no longer kept in your account" in response.content.decode()


def test_deleting_the_account_deletes_its_vault():
    client = account_client()
    turned_on(client)
    client.post("/account/delete/")
    assert not Vault.objects.exists() and not VaultKey.objects.exists()


def test_delete_all_my_data_signed_in_deletes_the_vault_too():
    client = account_client()
    turned_on(client)
    client.post("/saved/delete-everything/")
    assert not Vault.objects.exists()


def test_the_account_page_offers_to_keep_them_then_to_open_or_stop():
    client = account_client()
    page = client.get("/account/").content.decode()
    assert "Keep them in my account" in page and "data-sync-off hidden" in page
    assert f'data-credentials="{credential_of(client)}"' in page
    turned_on(client)
    page = client.get("/account/").content.decode()
    assert "Open them on this device" in page and "data-sync-off>" in page


def test_a_device_without_an_account_has_no_vault_to_reach():
    client = reader_client()
    assert client.get(URL).status_code == 403
