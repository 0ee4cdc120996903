"""Accounts, safe: another account's things are a 404, every POST needs its CSRF
token, guessing is rate-limited in the cache (a 429 that says how long, never for
good), session cookies are HttpOnly, Lax and rotated at sign-in, and the pages
carry the strict CSP."""

import pytest
from django.test import Client

from apps.accounts import limits
from apps.accounts.models import Passkey
from tests.accounts_helpers import SoftAuthenticator, account_client, post_json, sign_in, user_of
from tests.bookmarks_helpers import reader_client, save
from tests.factories import make_card
from tests.helpers import EXPECTED_CSP, inline_code, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def relying_party(settings):
    settings.WEBAUTHN_RP_ID = "testserver"


SIGNED_IN_PAGES = [
    "/account/",
    "/account/passkeys/add/",
    "/account/recovery-codes/",
    "/account/link/",
    "/account/delete/",
]
SIGNED_IN_POSTS = [
    "/account/passkeys/add/",
    "/account/passkeys/add/options/",
    "/account/recovery-codes/",
    "/account/recovery-codes/done/",
    "/account/link/",
    "/account/sign-out-everywhere/",
    "/account/delete/",
]
ALL_POSTS = [
    *SIGNED_IN_POSTS,
    "/account/create/",
    "/account/create/options/",
    "/account/sign-in/",
    "/account/sign-in/options/",
    "/account/sign-in/recovery/",
    "/account/sign-in/link/",
    "/account/sign-out/",
    "/account/passkeys/1/rename/",
    "/account/passkeys/1/remove/",
]


@pytest.mark.parametrize("action", ["rename", "remove"])
def test_another_accounts_passkey_is_a_404(action):
    mine, theirs = account_client(), account_client()
    their_passkey = Passkey.objects.get(user=user_of(theirs))

    response = mine.post(f"/account/passkeys/{their_passkey.pk}/{action}/", {"name": "Mine now"})

    assert response.status_code == 404
    assert Passkey.objects.get(pk=their_passkey.pk).name != "Mine now"


def test_another_accounts_codes_and_cards_are_never_shown():
    mine, theirs = account_client(), account_client()
    save(theirs, make_card(title="Their card"))
    theirs.post("/account/recovery-codes/")
    theirs.post("/account/link/")

    for url in [*SIGNED_IN_PAGES, "/saved/"]:
        page = mine.get(url).content.decode()
        assert "Their card" not in page, url
        assert not any(word in page for word in theirs.words), url
    assert theirs.session["link-code"]["code"] not in mine.get("/account/link/").content.decode()
    download = mine.get("/account/recovery-codes/download/")
    assert download.status_code == 404


@pytest.mark.parametrize("url", SIGNED_IN_PAGES)
def test_account_pages_send_visitors_who_are_not_signed_in_to_sign_in(url):
    response = reader_client().get(url)

    assert response.status_code == 302
    assert response.url.startswith("/account/sign-in/")


@pytest.mark.parametrize("url", SIGNED_IN_POSTS)
def test_account_actions_do_nothing_for_visitors_who_are_not_signed_in(url):
    response = reader_client().post(url)

    assert response.status_code == 302
    assert response.url.startswith("/account/sign-in/")


@pytest.mark.parametrize("url", ALL_POSTS)
def test_every_account_post_is_refused_without_its_csrf_token(url):
    browser = Client(enforce_csrf_checks=True)
    browser.get("/account/sign-in/")

    response = browser.post(url, {"code": "ABCD-EFGH", "name": "x"})

    assert response.status_code == 403


def test_wrong_recovery_codes_are_limited_per_address_with_a_wait_and_then_allowed(monkeypatch):
    phone = account_client()
    guesser = reader_client()
    for _ in range(limits.RECOVERY.per_ip):
        assert guesser.post("/account/sign-in/recovery/", {"code": "WRONG"}).status_code == 422

    limited = guesser.post("/account/sign-in/recovery/", {"code": phone.words[0]})

    assert limited.status_code == 429
    assert int(limited["Retry-After"]) <= limits.WINDOW
    assert "Please wait about" in text_of(limited.content.decode())
    assert "_auth_user_id" not in guesser.session  # even a right code waits
    later = limits.time.time() + limits.WINDOW
    monkeypatch.setattr(limits.time, "time", lambda: later)
    allowed = guesser.post("/account/sign-in/recovery/", {"code": phone.words[0]})
    assert allowed.status_code == 302


def test_wrong_link_codes_are_limited_per_address():
    guesser = reader_client()
    for _ in range(limits.LINK.per_ip):
        guesser.post("/account/sign-in/link/", {"code": "AAAA-AAAA"})

    limited = guesser.post("/account/sign-in/link/", {"code": "AAAA-AAAA"})

    assert limited.status_code == 429 and "Retry-After" in limited


def test_a_strangers_bad_signatures_never_lock_the_owner_out():
    """A credential id is no secret: 50 bad signatures with it, from one address and from
    many, and the owner's own passkey signs in at once, from anywhere, the stranger's
    address included, while the stranger is refused."""
    phone = account_client()
    impostor = SoftAuthenticator()
    impostor.credential_id = phone.authenticator.credential_id  # the id, not the key
    impostor.user_handle = phone.authenticator.user_handle
    stranger = Client(REMOTE_ADDR="10.0.0.1")
    answers = [sign_in(stranger, impostor).status_code for _ in range(50)]
    for n in range(20):
        sign_in(Client(REMOTE_ADDR=f"10.0.1.{n + 1}"), impostor)

    assert answers[: limits.SIGN_IN.per_ip] == [400] * limits.SIGN_IN.per_ip
    assert set(answers[limits.SIGN_IN.per_ip :]) == {429}
    assert sign_in(Client(REMOTE_ADDR="10.0.2.1"), phone.authenticator).status_code == 200
    assert sign_in(Client(REMOTE_ADDR="10.0.0.1"), phone.authenticator).status_code == 200
    refused = sign_in(stranger, impostor)
    assert refused.status_code == 429 and refused["Retry-After"]


def test_anonymous_ceremonies_leave_no_lasting_session_and_are_rate_limited():
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.utils import timezone

    answers = [
        Client(REMOTE_ADDR="10.0.3.1").post(url).status_code
        for url in ["/account/sign-in/options/", "/account/create/options/"] * 40
    ]

    assert answers.count(200) == limits.CEREMONY.per_ip and set(answers) == {200, 429}
    rows = Session.objects.all()
    assert rows.count() == limits.CEREMONY.per_ip  # a refused one makes no row
    assert all(row.expire_date < timezone.now() + timedelta(minutes=10) for row in rows)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    call_command("clearsessions")
    assert not Session.objects.exists()


def test_expired_sessions_are_purged_as_ceremonies_start(monkeypatch):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from apps.accounts import passkeys

    for n in range(5):
        Client(REMOTE_ADDR=f"10.0.4.{n}").post("/account/sign-in/options/")
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    monkeypatch.setattr(passkeys.secrets, "randbelow", lambda n: 0)  # this one purges

    Client(REMOTE_ADDR="10.0.4.9").post("/account/sign-in/options/")

    assert Session.objects.count() == 1  # only the new ceremony's


def test_signing_in_after_a_ceremony_keeps_the_session_for_the_usual_time():
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    phone = account_client()
    laptop = Client()
    assert sign_in(laptop, phone.authenticator).status_code == 200

    row = Session.objects.get(pk=laptop.session.session_key)
    assert row.expire_date > timezone.now() + timedelta(days=300)


def test_the_limits_count_in_django_cache_so_every_server_shares_them():
    from django.core.cache import caches
    from django.test import RequestFactory

    reader_client().post("/account/sign-in/link/", {"code": "AAAA-AAAA"})

    [(key, _)] = limits._keys(limits.LINK, RequestFactory().post("/"), None)
    assert caches["versions"].get(key) == 1


@pytest.mark.parametrize("away", ["misses", "errors"])
def test_guesses_stay_limited_while_the_shared_cache_is_away(away, caplog):
    """Redis away: every read a miss and every write dropped (as ResilientRedisCache
    answers), or a backend that fails outright. Each process still counts its own."""
    from django.test import override_settings

    from tests.test_pagecache_robust import UNREACHABLE

    guesser = reader_client()
    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    versions = dummy if away == "misses" else UNREACHABLE
    with override_settings(CACHES={"default": dummy, "versions": versions}):
        for _ in range(limits.LINK.per_ip):
            assert guesser.post("/account/sign-in/link/", {"code": "AAAA-AAAA"}).status_code == 422

        limited = guesser.post("/account/sign-in/link/", {"code": "AAAA-AAAA"})

    assert limited.status_code == 429 and "Retry-After" in limited
    if away == "errors":
        assert "counted in this process only" in caplog.text


def test_sign_in_rotates_the_session_and_its_cookie_is_httponly_and_lax():
    phone = account_client()
    laptop = reader_client()
    options = laptop.post("/account/sign-in/options/").json()
    before = laptop.cookies["sessionid"].value

    response = post_json(laptop, "/account/sign-in/", phone.authenticator.get(options))

    cookie = response.cookies["sessionid"]
    assert cookie.value != before
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert response.cookies["reader"]["httponly"]


def test_the_session_cookie_is_secure_over_https(settings):
    settings.SESSION_COOKIE_SECURE = True
    phone = account_client()
    laptop = reader_client()
    options = laptop.post("/account/sign-in/options/").json()

    response = post_json(laptop, "/account/sign-in/", phone.authenticator.get(options))

    assert response.cookies["sessionid"]["secure"]


@pytest.mark.parametrize(
    "url", ["/account/sign-in/", "/account/create/", *SIGNED_IN_PAGES], ids=str
)
def test_account_pages_carry_the_csp_and_no_inline_code(url):
    phone = account_client()
    phone.post("/account/link/")
    phone.post("/account/recovery-codes/")

    response = phone.get(url) if url not in {"/account/create/"} else Client().get(url)

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == EXPECTED_CSP
    assert inline_code(response.content.decode()) == []


@pytest.mark.parametrize("url", [*SIGNED_IN_PAGES, "/account/sign-in/", "/account/create/"])
def test_account_pages_are_never_stored_by_any_cache(url):
    phone = account_client()

    response = phone.get(url)

    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_making_codes_is_limited_per_account_and_says_how_long_to_wait():
    phone = account_client()
    for _ in range(limits.MAKE_CODES.per_account):
        assert phone.post("/account/link/").url == "/account/link/"

    limited = phone.post("/account/recovery-codes/", follow=True)

    assert "Please wait about" in text_of(limited.content.decode())
    assert limited.redirect_chain[-1][0] == "/account/"


def test_a_request_sent_just_before_sign_in_does_not_sign_the_person_out():
    """Sign-in replaces the session key; a request still carrying the old one (sent a
    moment earlier, or by the service worker) must not delete the new session cookie."""
    phone = account_client()
    laptop = reader_client()
    options = laptop.post("/account/sign-in/options/").json()
    before_sign_in = {name: morsel.value for name, morsel in laptop.cookies.items()}
    post_json(laptop, "/account/sign-in/", phone.authenticator.get(options))
    late = Client()
    late.cookies.load(before_sign_in)

    answer = late.get("/help/")

    assert "sessionid" not in answer.cookies
    assert laptop.get("/account/").status_code == 200


def test_a_browser_signed_out_elsewhere_loses_its_signed_in_hint():
    phone = account_client()
    laptop = reader_client()
    sign_in(laptop, phone.authenticator)
    phone.post("/account/sign-out-everywhere/")

    answer = laptop.get("/saved/")

    assert answer.cookies["signed-in"].value == ""  # deleted
    assert "Keep these on your other devices" in answer.content.decode()
