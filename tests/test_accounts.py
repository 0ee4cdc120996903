"""Passkey accounts: sign-up, sign-in, recovery codes, link codes, the merge of a
device's saves, and managing passkeys. WebAuthn answers come from a software
authenticator (tests/accounts_helpers.py) checked by the real py_webauthn code."""

import html
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from apps.accounts import passkeys as ceremonies
from apps.accounts import services
from apps.accounts.models import LinkCode, Passkey, RecoveryCode
from apps.bookmarks import services as bookmark_services
from apps.bookmarks.models import Bookmark, BookmarkList, Reader
from tests.accounts_helpers import (
    SoftAuthenticator,
    account_client,
    post_json,
    sign_in,
    sign_in_bringing,
    sign_up,
    user_of,
)
from tests.bookmarks_helpers import bookmarks_of, lists_of, reader_client, save, token_of
from tests.factories import make_card
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def relying_party(settings):
    """The test client's host is "testserver"; the browser tests use "localhost"."""
    settings.WEBAUTHN_RP_ID = "testserver"


def account_cards(user) -> dict[str, list[tuple[str, str]]]:
    """Each list of the account, in order, as (card title, note) pairs."""
    return {
        bookmark_list.name: [(b.card.title, b.note) for b in bookmark_list.bookmarks.all()]
        for bookmark_list in BookmarkList.objects.filter(reader__user=user).order_by("pk")
    }


def make_list(client, name: str) -> BookmarkList:
    client.post("/saved/lists/", {"name": name})
    return BookmarkList.objects.get(reader__token=token_of(client), name=name)


def set_note(client, bookmark_list, card, note):
    bookmark = Bookmark.objects.get(list=bookmark_list, card=card)
    client.post(f"/saved/lists/{bookmark_list.pk}/cards/{bookmark.pk}/note/", {"note": note})


def default_list(client) -> BookmarkList:
    return BookmarkList.objects.get(reader__token=token_of(client), is_default=True)


# Sign-up


def test_sign_up_makes_a_passkey_only_account_and_shows_ten_recovery_codes_once():
    client = reader_client()
    authenticator = SoftAuthenticator()

    finished = sign_up(client, authenticator)

    assert finished.status_code == 200
    assert finished.json() == {"next": "/account/recovery-codes/"}
    user = user_of(client)
    assert user.email == "" and not user.has_usable_password()
    passkey = Passkey.objects.get(user=user)
    assert passkey.credential_id == authenticator.id
    assert passkey.backed_up and passkey.backup_eligible
    assert passkey.transports == ["internal", "hybrid"]
    shown = client.get("/account/recovery-codes/")
    words = shown.context["words"]
    assert len(words) == len(set(words)) == 10
    assert all(word in text_of(shown.content.decode()) for word in words)
    stored = set(RecoveryCode.objects.filter(user=user).values_list("digest", flat=True))
    assert len(stored) == 10 and not stored & set(words)  # only hashes are kept
    download = client.get("/account/recovery-codes/download/")
    assert download["Content-Disposition"].startswith("attachment")
    assert all(word in download.content.decode() for word in words)

    client.post("/account/recovery-codes/done/")

    assert client.get("/account/recovery-codes/").context["words"] is None
    assert client.get("/account/recovery-codes/download/").status_code == 404


def test_sign_up_keeps_the_device_saves_in_the_account_and_replaces_the_reader_cookie():
    card = make_card(title="The mirror")
    client = reader_client()
    save(client, card)
    before = token_of(client)

    sign_up(client)

    after = token_of(client)
    assert after != before
    assert not Reader.objects.filter(token__in=[before, after]).exists()
    assert account_cards(user_of(client)) == {"Saved": [("The mirror", "")]}
    page = text_of(client.get("/saved/").content.decode())
    assert "1 card" in page and "Kept in your account" in page
    assert "Keep these on your other devices" not in page
    # the page says where the cards now live, not where they used to
    assert "in your account, on every device where you sign in" in page
    assert "No account needed" not in page and "Only this browser holds the code" not in page


def test_the_saved_page_offers_an_account_to_a_reader_without_one():
    page = reader_client().get("/saved/").content.decode()

    assert "Keep these on your other devices" in page
    assert 'data-passkey="create"' in page and 'action="/account/create/"' in page
    assert "under a random code stored in a cookie on this device" in text_of(page)


def test_sign_up_pages_explain_without_javascript_and_signed_in_people_go_to_their_account():
    page = Client().get("/account/create/")
    assert "needs JavaScript" in page.content.decode()

    assert account_client().get("/account/create/").url == "/account/"


# Sign-in and the merge


def test_signing_in_on_another_browser_joins_both_devices_cards_losing_nothing():
    first, second, third, fourth = (make_card(title=t) for t in ("One", "Two", "Three", "Four"))
    phone = reader_client()
    save(phone, first)
    save(phone, second)
    evenings = make_list(phone, "Evenings")
    phone.post(f"/saved/cards/{second.pk}/lists/", {"lists": ["saved", evenings.pk]})
    set_note(phone, default_list(phone), first, "read at night")
    sign_up(phone, phone_key := SoftAuthenticator())
    user = user_of(phone)

    laptop = reader_client()  # its own anonymous saves, overlapping
    save(laptop, third)
    save(laptop, first)
    set_note(laptop, default_list(laptop), first, "helped on Sunday")
    late = make_list(laptop, "EVENINGS")
    laptop.post(f"/saved/cards/{fourth.pk}/lists/", {"lists": [late.pk]})
    laptop.post(f"/saved/cards/{second.pk}/lists/", {"lists": [late.pk]})
    laptop_token = token_of(laptop)

    finished = sign_in_bringing(laptop, phone_key)

    assert finished.status_code == 302 and finished["Location"] == "/saved/"
    assert token_of(laptop) != laptop_token  # the reader cookie is replaced
    assert not Reader.objects.filter(token=laptop_token).exists()
    assert account_cards(user) == {
        "Saved": [
            ("Two", ""),
            ("One", "read at night\n\nhelped on Sunday"),
            ("Three", ""),
        ],
        "Evenings": [("Two", ""), ("Four", "")],
    }
    for device in (phone, laptop):
        page = text_of(device.get("/saved/").content.decode())
        assert "Your saved cards 3 cards" in page and "Evenings 2 cards" in page


def test_signing_in_twice_changes_nothing():
    card = make_card(title="Once")
    phone = account_client()
    laptop = reader_client()
    save(laptop, card)
    sign_in_bringing(laptop, phone.authenticator)
    merged = account_cards(user_of(phone))

    again = sign_in(laptop, phone.authenticator)
    services.adopt_device_reader(user_of(phone), token_of(laptop))

    assert again.status_code == 200
    assert account_cards(user_of(phone)) == merged == {"Saved": [("Once", "")]}


def saved_page(client) -> str:
    return html.unescape(text_of(client.get("/saved/").content.decode()))


def test_cards_that_dont_fit_in_the_account_stay_on_the_device_and_the_page_says_so(
    monkeypatch,
):
    one, two, three = (make_card(title=t) for t in ("One", "Two", "Three"))
    phone = account_client()
    save(phone, one)
    laptop = reader_client()
    for card in (one, two, three):
        save(laptop, card)  # newest first: Three, Two, One
    laptop_token = token_of(laptop)
    monkeypatch.setattr(bookmark_services, "MAX_BOOKMARKS", 2)  # room for one more

    finished = sign_in_bringing(laptop, phone.authenticator)

    assert finished.status_code == 302 and finished["Location"] == "/saved/"
    assert account_cards(user_of(phone)) == {"Saved": [("One", ""), ("Three", "")]}
    assert token_of(laptop) == laptop_token  # the device keeps its own reader, and the rest
    page = saved_page(laptop)
    assert "1 card saved on this device didn't fit in your account" in page
    assert "Nothing is lost: it's still on this device, under Saved when you sign out." in page
    assert "make room in your account, then sign in here again" in page

    laptop.post("/account/sign-out/")
    assert [b.card.title for b in bookmarks_of(laptop)] == ["Two"]
    assert "Two" in saved_page(laptop)

    monkeypatch.setattr(bookmark_services, "MAX_BOOKMARKS", 5)  # room made
    sign_in_bringing(laptop, phone.authenticator)

    assert account_cards(user_of(phone)) == {"Saved": [("One", ""), ("Three", ""), ("Two", "")]}
    assert token_of(laptop) != laptop_token
    assert not Reader.objects.filter(token=laptop_token).exists()
    assert "didn't fit" not in saved_page(laptop)


def test_delete_all_my_data_signed_in_also_deletes_what_stayed_on_the_device(monkeypatch):
    phone = account_client()
    save(phone, make_card(title="In the account"))
    laptop = reader_client()
    for title in ("Stayed", "Also stayed"):
        save(laptop, make_card(title=title))
    left_with = token_of(laptop)
    monkeypatch.setattr(bookmark_services, "MAX_BOOKMARKS", 1)  # no room at all
    sign_in_bringing(laptop, phone.authenticator)
    assert Reader.objects.filter(token=left_with).exists()

    confirm = html.unescape(text_of(laptop.get("/saved/delete-everything/").content.decode()))
    assert "3 saved cards" in confirm

    laptop.post("/saved/delete-everything/")

    assert not Reader.objects.filter(token=left_with).exists()
    assert not Bookmark.objects.exists()


def test_lists_that_dont_fit_in_the_account_are_named_in_the_message(monkeypatch):
    phone = account_client()
    phone.post("/saved/lists/", {"name": "Evenings"})
    laptop = reader_client()
    for name in ("Sundays", "Mornings"):
        make_list(laptop, name)
    monkeypatch.setattr(bookmark_services, "MAX_LISTS", 2)  # Saved and Evenings

    sign_in_bringing(laptop, phone.authenticator)

    assert account_cards(user_of(phone)) == {"Saved": [], "Evenings": []}
    page = saved_page(laptop)
    assert "2 lists saved on this device didn't fit in your account" in page
    laptop.post("/account/sign-out/")
    assert {bl.name for bl in lists_of(laptop)} == {"Sundays", "Mornings"}


def test_another_accounts_reader_is_never_folded_in():
    one, other = account_client(), account_client()
    save(other, make_card(title="Theirs"))
    theirs = Reader.objects.get(user=user_of(other))

    services.adopt_device_reader(user_of(one), theirs.token)

    assert account_cards(user_of(one)) == {}
    assert account_cards(user_of(other)) == {"Saved": [("Theirs", "")]}


def test_sign_in_stores_the_sign_count_and_when_the_passkey_was_used():
    phone = account_client()
    laptop = reader_client()

    sign_in(laptop, phone.authenticator)

    passkey = Passkey.objects.get(user=user_of(phone))
    assert passkey.sign_count == 1 and passkey.last_used_at is not None


def test_a_cloned_passkey_whose_count_goes_back_is_refused():
    phone = account_client()
    sign_in(reader_client(), phone.authenticator)
    sign_in(reader_client(), phone.authenticator)
    phone.authenticator.sign_count = 0  # a copy of the key, behind the real one

    refused = sign_in(laptop := reader_client(), phone.authenticator)

    assert refused.status_code == 400 and "could not be checked" in refused.json()["error"]
    assert "_auth_user_id" not in laptop.session


def test_an_unknown_passkey_is_refused_with_the_other_ways_in():
    stranger = SoftAuthenticator()
    stranger.user_handle = "AAAA"

    refused = sign_in(client := reader_client(), stranger)

    assert refused.status_code == 400
    assert "recovery code" in refused.json()["error"]
    assert "_auth_user_id" not in client.session


def test_a_challenge_answers_one_ceremony_only():
    phone = account_client()
    laptop = reader_client()
    options = laptop.post("/account/sign-in/options/").json()
    answer = phone.authenticator.get(options)
    assert post_json(laptop, "/account/sign-in/", answer).status_code == 200
    laptop.post("/account/sign-out/")

    replayed = post_json(laptop, "/account/sign-in/", answer)

    assert replayed.status_code == 400 and "try again" in replayed.json()["error"]


def test_an_old_challenge_is_refused(monkeypatch):
    phone = account_client()
    laptop = reader_client()
    options = laptop.post("/account/sign-in/options/").json()
    monkeypatch.setattr(ceremonies, "CHALLENGE_AGE", -1)

    late = post_json(laptop, "/account/sign-in/", phone.authenticator.get(options))

    assert late.status_code == 400 and "took too long" in late.json()["error"]


def test_a_wrong_relying_party_gets_a_clear_error(settings):
    settings.WEBAUTHN_RP_ID = "standstill.example"

    refused = reader_client().post("/account/create/options/")

    assert refused.status_code == 400
    assert "standstill.example" in refused.json()["error"]
    assert "DJANGO_WEBAUTHN_RP_ID" in refused.json()["error"]
    assert "testserver" in refused.json()["error"]


@pytest.mark.parametrize(
    "answer", [{"rp_id": "evil.example"}, {"origin": "https://evil.example"}], ids=str
)
def test_a_passkey_for_another_site_or_origin_is_refused(answer):
    client = reader_client()

    refused = sign_up(client, **answer)

    assert refused.status_code == 400
    assert not get_user_model().objects.exists()


def test_malformed_answers_are_a_400_not_a_500():
    client = reader_client()
    client.post("/account/create/options/")
    for body in ("not json", "[]", '{"id": 3}', '{"id": "x", "response": {}}'):
        response = client.post("/account/create/", body, content_type="application/json")
        assert response.status_code == 400, body
        assert response.json()["error"]
    client.post("/account/sign-in/options/")
    garbled = post_json(client, "/account/sign-in/", {"id": "x", "response": "y"})
    assert garbled.status_code == 400


# Recovery codes


def test_a_recovery_code_signs_in_once_and_asks_for_a_passkey():
    card = make_card(title="Kept")
    phone = account_client()
    save(phone, card)
    word = phone.words[0]
    new_phone = reader_client()

    signed_in = new_phone.post("/account/sign-in/recovery/", {"code": f" {word.lower()} "})

    assert signed_in.url == "/account/passkeys/add/"
    page = new_phone.get(signed_in.url).content.decode()
    assert "Add a passkey" in page and "9 codes left" in text_of(page)
    assert "1 card" in text_of(new_phone.get("/saved/").content.decode())
    again = reader_client().post("/account/sign-in/recovery/", {"code": word})
    assert again.status_code == 422
    assert "used already" in text_of(again.content.decode())


def test_new_recovery_codes_retire_the_old_ones():
    phone = account_client()
    old = phone.words

    phone.post("/account/recovery-codes/")

    new = phone.get("/account/recovery-codes/").context["words"]
    assert not set(new) & set(old)
    assert reader_client().post("/account/sign-in/recovery/", {"code": old[1]}).status_code == 422
    assert reader_client().post("/account/sign-in/recovery/", {"code": new[1]}).status_code == 302


# Link codes


def shown_link_code(client) -> str:
    client.post("/account/link/")
    page = client.get("/account/link/").content.decode()
    return re.search(r'<p class="code-big"[^>]*><code>([A-Z0-9-]+)</code>', page)[1]


def test_a_link_code_signs_in_another_device_once_without_javascript():
    phone = account_client()
    save(phone, make_card(title="Linked"))
    code = shown_link_code(phone)
    page = phone.get("/account/link/").content.decode()
    assert "<svg" in page and 'class="qr"' in page  # drawn on the server
    laptop = reader_client()
    prefilled = laptop.get(f"/account/sign-in/?code={code}").content.decode()
    assert f'value="{code}"' in prefilled

    signed_in = laptop.post("/account/sign-in/link/", {"code": code.lower().replace("-", " ")})

    assert signed_in.url == "/saved/"
    assert "1 card" in text_of(laptop.get("/saved/").content.decode())
    reused = reader_client().post("/account/sign-in/link/", {"code": code})
    assert reused.status_code == 422 and "used already" in text_of(reused.content.decode())
    assert "Show a code" in phone.get("/account/link/").content.decode()  # the used one is gone


def a_device_with_its_own(*titles, note=""):
    device = reader_client()
    for title in titles:
        save(device, make_card(title=title))
    if note:
        bookmark = bookmarks_of(device)[0]
        device.post(f"/saved/lists/{bookmark.list_id}/cards/{bookmark.pk}/note/", {"note": note})
    make_list(device, "Sundays")
    return device


def test_a_link_code_from_a_message_moves_nothing_and_signs_in_no_one_until_asked():
    sender = account_client()
    code = shown_link_code(sender)
    victim = a_device_with_its_own("Mine", "Also mine")
    before = token_of(victim)

    asked = victim.post("/account/sign-in/link/", {"code": code})

    assert asked.status_code == 302 and asked["Location"] == "/account/sign-in/confirm/"
    assert "_auth_user_id" not in victim.session
    assert not any(account_cards(user_of(sender)).values())
    page = html.unescape(text_of(victim.get("/account/sign-in/confirm/").content.decode()))
    made = user_of(sender).date_joined
    assert f"an account made on {made.day} {made:%B %Y}, with 1 passkey" in page
    assert "This device keeps 2 saved cards, 1 list of its own. Nothing has moved yet." in page
    assert "If someone sent you the code and this isn't your own account, don't sign in." in page

    stopped = victim.post("/account/sign-in/confirm/", {"choice": "cancel"})

    assert stopped["Location"] == "/saved/" and "_auth_user_id" not in victim.session
    assert not any(account_cards(user_of(sender)).values())
    assert token_of(victim) == before
    assert {b.card.title for b in bookmarks_of(victim)} == {"Mine", "Also mine"}


def test_keeping_a_devices_cards_apart_signs_in_and_moves_nothing():
    phone = account_client()
    laptop = a_device_with_its_own("On the laptop", note="only mine")
    before = token_of(laptop)

    answered = sign_in_bringing(laptop, phone.authenticator, choice="apart")

    assert answered["Location"] == "/saved/" and user_of(laptop) == user_of(phone)
    assert not any(account_cards(user_of(phone)).values())
    assert token_of(laptop) == before  # the device keeps its own reader and cookie
    laptop.post("/account/sign-out/")
    assert [(b.card.title, b.note) for b in bookmarks_of(laptop)] == [
        ("On the laptop", "only mine")
    ]


def test_a_recovery_code_asks_too_and_bringing_moves_the_cards_notes_and_lists():
    phone = account_client()
    laptop = a_device_with_its_own("Carried", note="carried too")

    asked = laptop.post("/account/sign-in/recovery/", {"code": phone.words[0]})
    assert asked["Location"] == "/account/sign-in/confirm/"
    page = html.unescape(text_of(laptop.get("/account/sign-in/confirm/").content.decode()))
    assert "1 saved card, 1 list and 1 private note" in page
    answered = laptop.post("/account/sign-in/confirm/", {"choice": "bring"})

    assert answered["Location"] == "/account/passkeys/add/"
    assert account_cards(user_of(phone)) == {"Saved": [("Carried", "carried too")], "Sundays": []}


def test_the_question_expires_and_a_bad_answer_is_a_400():
    phone = account_client()
    laptop = a_device_with_its_own("Mine")
    sign_in(laptop, phone.authenticator)

    assert laptop.post("/account/sign-in/confirm/", {"choice": "maybe"}).status_code == 400
    session = laptop.session
    session["pending-sign-in"]["at"] -= 11 * 60
    session.save()
    late = laptop.post("/account/sign-in/confirm/", {"choice": "bring"})

    assert late["Location"] == "/account/sign-in/"
    assert "_auth_user_id" not in laptop.session
    assert not any(account_cards(user_of(phone)).values())


def test_an_expired_link_code_does_not_sign_in():
    phone = account_client()
    code = shown_link_code(phone)
    LinkCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    refused = reader_client().post("/account/sign-in/link/", {"code": code})

    assert refused.status_code == 422
    assert "older than 10 minutes" in text_of(refused.content.decode())


def test_a_new_link_code_replaces_the_last():
    phone = account_client()
    first = shown_link_code(phone)
    second = shown_link_code(phone)

    assert reader_client().post("/account/sign-in/link/", {"code": first}).status_code == 422
    assert reader_client().post("/account/sign-in/link/", {"code": second}).status_code == 302


# Managing the account


def test_the_account_page_lists_passkeys_with_when_made_and_last_used():
    phone = account_client()
    sign_in(reader_client(), phone.authenticator)

    page = text_of(phone.get("/account/").content.decode())

    assert "Passkey" in page and "last used" in page and "10 of 10 left" in page


def test_renaming_a_passkey_and_a_blank_name_is_a_field_error():
    phone = account_client()
    passkey = Passkey.objects.get(user=user_of(phone))

    blank = phone.post(f"/account/passkeys/{passkey.pk}/rename/", {"name": "  "})
    assert blank.status_code == 422
    assert "Give the passkey a name" in blank.content.decode()
    renamed = phone.post(f"/account/passkeys/{passkey.pk}/rename/", {"name": "My phone"})

    assert renamed.url == "/account/"
    assert Passkey.objects.get(pk=passkey.pk).name == "My phone"


def test_the_last_passkey_goes_only_while_recovery_codes_remain():
    phone = account_client()
    passkey = Passkey.objects.get(user=user_of(phone))
    RecoveryCode.objects.update(used_at=timezone.now())

    kept = phone.post(f"/account/passkeys/{passkey.pk}/remove/", follow=True)

    assert Passkey.objects.filter(pk=passkey.pk).exists()
    assert "would lock you out" in text_of(kept.content.decode())
    phone.post("/account/recovery-codes/")
    phone.post(f"/account/passkeys/{passkey.pk}/remove/")
    assert not Passkey.objects.filter(pk=passkey.pk).exists()


def test_adding_a_second_passkey_after_a_recovery_code():
    phone = account_client()
    new_phone = reader_client()
    new_phone.post("/account/sign-in/recovery/", {"code": phone.words[0]})
    second = SoftAuthenticator()
    options = new_phone.post("/account/passkeys/add/options/").json()
    assert options["excludeCredentials"][0]["id"] == phone.authenticator.id

    added = post_json(new_phone, "/account/passkeys/add/", second.create(options))

    assert added.json() == {"next": "/account/"}
    assert Passkey.objects.filter(user=user_of(phone)).count() == 2
    assert sign_in(reader_client(), second).status_code == 200


def test_signing_out_leaves_the_cards_in_the_account_and_not_on_the_device():
    phone = account_client()
    save(phone, make_card(title="Mine"))

    phone.post("/account/sign-out/")

    assert "Nothing saved yet" in phone.get("/saved/").content.decode()
    assert account_cards(user_of_pk := get_user_model().objects.get()) == {"Saved": [("Mine", "")]}
    assert user_of_pk.passkeys.exists()


def test_signing_out_everywhere_ends_every_other_session():
    phone = account_client()
    save(phone, make_card(title="Mine"))
    laptop = reader_client()
    sign_in(laptop, phone.authenticator)
    assert "1 card" in text_of(laptop.get("/saved/").content.decode())

    phone.post("/account/sign-out-everywhere/")

    assert "Nothing saved yet" in laptop.get("/saved/").content.decode()
    assert laptop.get("/account/").url.startswith("/account/sign-in/")
    assert sign_in(laptop, phone.authenticator).status_code == 200  # the passkey still works


def test_deleting_the_account_removes_everything_in_it():
    phone = account_client()
    save(phone, make_card(title="Mine"))
    shown_link_code(phone)
    confirm = phone.get("/account/delete/")
    assert "can't be undone" in confirm.content.decode()

    phone.post("/account/delete/")

    assert not get_user_model().objects.exists()
    for model in (Passkey, RecoveryCode, LinkCode, Reader, BookmarkList, Bookmark):
        assert not model.objects.exists(), model
    assert "Nothing saved yet" in phone.get("/saved/").content.decode()


def test_deleting_the_account_leaves_nothing_of_it_in_any_table_or_any_session():
    from django.apps import apps
    from django.contrib.sessions.models import Session

    phone = account_client()
    laptop = Client()
    sign_in(laptop, phone.authenticator)  # a second device, signed in
    save(phone, make_card(title="Mine"))
    phone.post("/saved/lists/", {"name": "Sundays alone"})
    user = user_of(phone)
    traces = [phone.authenticator.id, "Sundays alone", f'"_auth_user_id":"{user.pk}"']
    assert Session.objects.count() == 2

    phone.post("/account/delete/")

    for model in apps.get_models():
        for row in model.objects.all().values():
            text = repr(row)
            assert not any(trace in text for trace in traces), (model, row)
    for session in Session.objects.all():
        assert session.get_decoded().get("_auth_user_id") != str(user.pk)
    assert "Sundays alone" not in laptop.get("/saved/").content.decode()


def test_delete_all_my_data_while_signed_in_empties_the_account_and_keeps_it_working():
    phone = account_client()
    save(phone, make_card(title="Gone"))

    phone.post("/saved/delete-everything/")
    save(phone, kept := make_card(title="Kept"))

    user = user_of(phone)
    assert account_cards(user) == {"Saved": [("Kept", "")]}
    assert Reader.objects.filter(user=user).count() == 1
    laptop = reader_client()
    sign_in(laptop, phone.authenticator)
    assert (
        kept.title
        in laptop.get(
            BookmarkList.objects.get(reader__user=user).get_absolute_url()
        ).content.decode()
    )
