"""My plan and evenings kept in an account, in a phone browser with Chromium's virtual
authenticator: locked in the browser with a key from the passkey's PRF output, opened
on another device that has the passkey, and never readable on the server.

Chromium's virtual authenticator keeps a passkey's PRF secret to itself (the DevTools
protocol's getCredentials/addCredential don't carry it), so a synced copy in a second
browser context signs in but has no PRF: that is the "this passkey can't" case. The
second device that does have the passkey's PRF is the same authenticator after every
byte the site kept on the phone is wiped (cookies, storage, IndexedDB, caches, worker).
"""

import re

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import expect

from apps.accounts.models import Vault
from tests.browser.conftest import wait_until
from tests.browser.test_accounts import (  # noqa: F401 (fixtures)
    add_authenticator,
    checked_page,
    local_url,
    make_account,
    relying_party,
)
from tests.browser.test_companion import part, tap_level, write
from tests.browser.test_reachout import READ_CACHES, requests  # noqa: F401 (fixture)

SECRET = "the bridge on Elm road zqkvwxjq"
EVENING_SECRET = "called my sister instead xwqzvkjw"
KEPT_IN_ACCOUNT = (
    "Kept on this phone, and in your account, encrypted so that only your passkey opens it."
)
NO_PRF = re.compile("This passkey can't make a key to lock them")
KEYS_HELD = "indexedDB.databases().then(list => list.some(d => d.name === 'stand-still-sync'))"


def keep_in_account(page, url):
    page.goto(url + "/account/")
    page.get_by_role("button", name="Keep them in my account").tap()
    expect(page.locator("[data-sync-status]")).to_have_text(KEPT_IN_ACCOUNT)


def written_and_kept(page, url):
    """A plan part and an evening, each sent (locked) to the account."""
    page.goto(url + "/my-plan/")
    with page.expect_response(
        lambda r: r.url.endswith("/account/vault/") and r.request.method == "PUT"
    ):
        write(page, "Signs a hard moment", SECRET)
    expect(page.locator("[data-kept-where]")).to_have_text(KEPT_IN_ACCOUNT)
    page.goto(url + "/evening/")
    with page.expect_response(
        lambda r: r.url.endswith("/account/vault/") and r.request.method == "PUT"
    ):
        tap_level(page, "Mixed")
        page.get_by_label("A line about today, if you like").fill(EVENING_SECRET)


def a_new_phone(page, url):
    """Everything this site kept on the phone, gone; the passkey stays with its owner."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Storage.clearDataForOrigin", {"origin": url, "storageTypes": "all"})
    page.goto(url + "/my-plan/")
    expect(part(page, "Signs a hard moment")).to_have_value("")


def sign_in_again(page, url):
    """The sign-in page offers the passkey as autofill, which the authenticator takes."""
    page.goto(url + "/account/sign-in/")
    page.wait_for_url(re.compile(r"^[^?]*/saved/$"))


@pytest.mark.usefixtures("cards")
def test_a_plan_kept_in_the_account_opens_on_a_phone_with_the_passkey(page, local_url, requests):  # noqa: F811
    add_authenticator(page, prf=True)
    make_account(page, local_url)
    keep_in_account(page, local_url)
    written_and_kept(page, local_url)

    a_new_phone(page, local_url)
    sign_in_again(page, local_url)
    page.goto(local_url + "/my-plan/")
    expect(part(page, "Signs a hard moment")).to_have_value(SECRET)
    expect(page.locator("[data-kept-where]")).to_have_text(KEPT_IN_ACCOUNT)
    page.goto(local_url + "/evening/")
    expect(page.get_by_label("A line about today, if you like")).to_have_value(EVENING_SECRET)
    expect(page.locator("[data-week] li[data-level='3']")).to_have_count(1)

    # The server holds ciphertext: no row of any table, no request and no copy in the
    # worker's caches has the words.
    vault = Vault.objects.get()
    assert vault.version >= 2 and vault.keys.count() == 1
    rows = [repr(row) for model in django_apps.get_models() for row in model.objects.values()]
    # Eight letters long: no hash, key or token in the database holds them by chance.
    for secret in ("zqkvwxjq", "xwqzvkjw", "Elm road", "my sister"):
        assert not [row for row in rows if secret in row]
        for url, body in requests:
            assert secret not in url and secret not in body, url
        for url, text in page.evaluate(READ_CACHES):
            assert secret not in text, url


@pytest.mark.usefixtures("cards")
def test_a_change_on_one_phone_reaches_the_other_and_a_deletion_stays_deleted(page, local_url):  # noqa: F811
    add_authenticator(page, prf=True)
    make_account(page, local_url)
    keep_in_account(page, local_url)
    written_and_kept(page, local_url)
    page.goto(local_url + "/evening/")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_response(
        lambda r: r.url.endswith("/account/vault/") and r.request.method == "PUT"
    ):
        page.get_by_role("button", name="Delete my evenings from this phone").tap()

    a_new_phone(page, local_url)
    sign_in_again(page, local_url)
    page.goto(local_url + "/evening/")
    expect(page.locator("[data-kept-where]")).to_have_text(KEPT_IN_ACCOUNT)
    expect(page.locator("[data-week] li[data-level]")).to_have_count(0)
    page.goto(local_url + "/my-plan/")
    expect(part(page, "Signs a hard moment")).to_have_value(SECRET)


@pytest.mark.usefixtures("cards")
def test_a_passkey_without_prf_says_everything_stays_on_this_device(
    page,
    local_url,  # noqa: F811
    browser,
    browser_context_args,
):
    cdp, authenticator = add_authenticator(page, prf=True)
    make_account(page, local_url)
    keep_in_account(page, local_url)
    [credential] = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})[
        "credentials"
    ]

    other = checked_page(browser, browser_context_args)
    add_authenticator(other, credential)  # synced there, without its PRF secret
    other.add_init_script("PublicKeyCredential.isConditionalMediationAvailable = async () => false")
    other.goto(local_url + "/account/sign-in/")
    other.get_by_role("button", name="Sign in with a passkey").tap()
    other.wait_for_url(re.compile(r"^[^?]*/saved/$"))
    other.goto(local_url + "/account/")
    expect(other.locator("[data-sync-status]")).to_have_text(NO_PRF)
    other.get_by_role("button", name="Open them on this device").tap()
    expect(other.locator("[data-sync-status]")).to_have_text(NO_PRF)
    other.goto(local_url + "/my-plan/")
    expect(other.locator("[data-kept-where]")).to_have_text(
        "Kept on this phone only. Nothing you write here is sent anywhere."
    )
    assert other.problems == []
    other.context.close()


def test_a_new_account_whose_passkey_has_no_prf_is_told_before_anything_is_sent(page, local_url):  # noqa: F811
    add_authenticator(page)
    page.goto(local_url + "/saved/")
    page.get_by_role("button", name="Keep them with a passkey").tap()
    page.wait_for_url(re.compile(r"^[^?]*/account/recovery-codes/$"))
    page.get_by_role("button", name="I've kept them").tap()
    page.wait_for_url(re.compile(r"^[^?]*/saved/$"))
    page.goto(local_url + "/account/")
    page.get_by_role("button", name="Keep them in my account").tap()
    expect(page.locator("[data-sync-status]")).to_have_text(NO_PRF)
    assert not Vault.objects.exists()


@pytest.mark.usefixtures("cards")
def test_signing_out_forgets_the_key_and_stopping_deletes_the_accounts_copy(page, local_url):  # noqa: F811
    add_authenticator(page, prf=True)
    make_account(page, local_url)
    keep_in_account(page, local_url)
    wait_until(page, KEYS_HELD)
    page.get_by_role("button", name="Stop keeping them in my account").tap()
    expect(page.locator("#toasts")).to_contain_text("no longer kept in your account")
    assert not Vault.objects.exists()
    expect(page.get_by_role("button", name="Keep them in my account")).to_be_visible()

    page.get_by_role("button", name="Sign out on this device").tap()
    page.wait_for_url(re.compile(r"^[^?]*/saved/$"))
    wait_until(page, f"{KEYS_HELD}.then(held => !held)")


@pytest.mark.usefixtures("cards")
def test_a_browser_without_passkeys_says_everything_stays_on_this_device(page, local_url):  # noqa: F811
    add_authenticator(page, prf=True)
    make_account(page, local_url)
    page.add_init_script("delete window.PublicKeyCredential")
    page.goto(local_url + "/account/")
    expect(page.locator("[data-sync-status]")).to_have_text(
        "This browser can't use passkeys, so your plan and evenings stay on this device."
    )
    expect(page.get_by_role("button", name="Keep them in my account")).to_be_disabled()
