"""Passkey accounts in a phone browser, with Chromium's virtual authenticator (the
DevTools protocol's WebAuthn domain: ctap2, internal transport, resident keys, user
verification), on http://localhost (a secure context whose RP ID is "localhost")."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_pwa import worker_ready


@pytest.fixture(autouse=True)
def relying_party(settings):
    settings.WEBAUTHN_RP_ID = "localhost"


@pytest.fixture
def local_url(site_url):
    """The live server by name: WebAuthn refuses an IP address as a relying party."""
    return site_url.replace("127.0.0.1", "localhost")


def add_authenticator(page, credential: dict | None = None, prf: bool = False) -> tuple:
    """A platform authenticator (Face ID or fingerprint, as it were) for this page's
    browser; with `credential`, one that holds a synced copy of that passkey (the
    copy can sign in, but has no PRF secret: the protocol doesn't carry it); with
    `prf`, one whose passkeys offer the PRF extension."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
                "hasPrf": prf,
            }
        },
    )
    authenticator = added["authenticatorId"]
    if credential:
        cdp.send(
            "WebAuthn.addCredential", {"authenticatorId": authenticator, "credential": credential}
        )
    return cdp, authenticator


def checked_page(browser, browser_context_args, **options):
    """A page in a browser of its own (another phone), failing on console errors."""
    context = browser.new_context(**browser_context_args, **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    return page


def save_card(page, url, title):
    page.goto(url + "/")
    # The worker precaches pages on its first visit; a precache answer still on its way
    # when sign-in rotates the CSRF token would set the old one back. A person is never
    # that quick, so wait for it as they would.
    worker_ready(page)
    button = page.get_by_role("button", name=f"Save: {title}", exact=True)
    button.tap()
    expect(page.get_by_role("button", name=f"Saved: {title}", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )


def make_account(page, url) -> list[str]:
    """From the Saved page, one tap; returns the recovery codes shown."""
    page.goto(url + "/saved/")
    page.get_by_role("button", name="Keep them with a passkey").tap()
    page.wait_for_url(re.compile(r"^[^?]*/account/recovery-codes/$"))
    codes = page.locator("#recovery-codes code")
    expect(codes).to_have_count(10)
    words = codes.all_text_contents()
    page.get_by_role("button", name="I've kept them").tap()
    page.wait_for_url(re.compile(r"^[^?]*/saved/$"))
    expect(page.get_by_role("heading", name="Kept in your account")).to_be_visible()
    return words


@pytest.mark.usefixtures("cards")
def test_an_account_keeps_the_cards_of_both_phones(page, local_url, browser, browser_context_args):
    cdp, authenticator = add_authenticator(page)
    save_card(page, local_url, "Let them run")
    make_account(page, local_url)
    expect(page.get_by_role("heading", name="Your saved cards 1 card")).to_be_visible()
    [credential] = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})[
        "credentials"
    ]
    assert credential["isResidentCredential"] and credential["rpId"] == "localhost"
    page.goto(local_url + "/account/")
    page.get_by_role("button", name="Sign out on this device").tap()
    expect(page.get_by_text("Nothing saved yet.")).to_be_visible()

    other = checked_page(browser, browser_context_args)
    save_card(other, local_url, "Feel it to heal it")
    other_cdp, other_authenticator = add_authenticator(other, credential)  # synced there
    # A browser without passkey autofill (conditional mediation): the button signs in.
    other.add_init_script("PublicKeyCredential.isConditionalMediationAvailable = async () => false")
    other.goto(local_url + "/account/sign-in/")
    other.get_by_role("button", name="Sign in with a passkey").tap()

    # This phone keeps a card of its own: nothing moves until the reader says so.
    other.wait_for_url(re.compile(r"^[^?]*/account/sign-in/confirm/$"))
    expect(other.get_by_text("This device keeps 1 saved card of its own.")).to_be_visible()
    other.get_by_role("button", name="Sign in and bring them in").tap()
    other.wait_for_url(re.compile(r"^[^?]*/saved/$"))
    expect(other.get_by_role("heading", name="Your saved cards 2 cards")).to_be_visible()
    expect(other.locator("#toasts")).to_contain_text("Signed in.")
    other.get_by_role("link", name="Notes and order").tap()
    expect(other.locator(".bookmark h2")).to_have_text(["Let them run", "Feel it to heal it"])
    assert other.problems == []
    # Synced back, with the count the other phone's use moved on (the server refuses a
    # count that goes back, as a cloned key's would).
    [used] = other_cdp.send("WebAuthn.getCredentials", {"authenticatorId": other_authenticator})[
        "credentials"
    ]
    other.context.close()
    cdp.send("WebAuthn.clearCredentials", {"authenticatorId": authenticator})
    cdp.send("WebAuthn.addCredential", {"authenticatorId": authenticator, "credential": used})

    # Back on the first phone, the sign-in page offers its passkey as autofill
    # (conditional mediation), which the virtual authenticator accepts at once.
    page.goto(local_url + "/account/sign-in/")
    page.wait_for_url(re.compile(r"^[^?]*/saved/$"))
    expect(page.get_by_role("heading", name="Your saved cards 2 cards")).to_be_visible()


@pytest.mark.usefixtures("cards")
def test_a_recovery_code_signs_in_and_offers_to_add_a_passkey(
    page, local_url, browser, browser_context_args
):
    add_authenticator(page)
    save_card(page, local_url, "Turn toward yourself")
    words = make_account(page, local_url)

    new_phone = checked_page(browser, browser_context_args)
    new_phone.goto(local_url + "/account/sign-in/")
    new_phone.get_by_role("textbox", name="Recovery code").fill(words[3])
    new_phone.get_by_role("button", name="Sign in with a recovery code").tap()

    new_phone.wait_for_url(re.compile(r"^[^?]*/account/passkeys/add/$"))
    expect(new_phone.locator("#toasts")).to_contain_text("9 codes left")
    add_authenticator(new_phone)
    new_phone.get_by_role("button", name="Add a passkey").tap()
    new_phone.wait_for_url(re.compile(r"^[^?]*/account/$"))
    expect(new_phone.locator(".passkey")).to_have_count(2)
    new_phone.goto(local_url + "/saved/")
    expect(new_phone.get_by_role("heading", name="Your saved cards 1 card")).to_be_visible()
    assert new_phone.problems == []
    new_phone.context.close()


@pytest.mark.usefixtures("cards")
def test_a_link_code_signs_in_a_browser_without_javascript(
    page, local_url, browser, browser_context_args
):
    add_authenticator(page)
    save_card(page, local_url, "Let them run")
    make_account(page, local_url)
    page.goto(local_url + "/account/")
    page.get_by_role("button", name="Link another device").tap()
    page.wait_for_url(re.compile(r"^[^?]*/account/link/$"))
    expect(page.locator("svg.qr")).to_be_visible()
    code = page.locator(".code-big code").text_content()

    laptop = checked_page(browser, browser_context_args, java_script_enabled=False)
    laptop.goto(local_url + "/account/sign-in/")
    laptop.get_by_label("Code", exact=True).fill(code)
    laptop.get_by_role("button", name="Sign in with this code").tap()

    laptop.wait_for_url(re.compile(r"^[^?]*/saved/$"))
    expect(laptop.get_by_role("heading", name="Your saved cards 1 card")).to_be_visible()
    expect(laptop.get_by_role("heading", name="Kept in your account")).to_be_visible()
    assert laptop.problems == []
    laptop.context.close()
