"""Gentle reminders: a calendar file that keeps nothing, and Web Push that keeps only
what it needs, sent to a local push endpoint that decrypts what it receives."""

import base64
import html
import json
import secrets
import threading
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from icalendar import Calendar
from py_vapid import Vapid
from py_vapid.utils import b64urlencode

from apps.accounts import services as account_services
from apps.bookmarks.models import Reader
from apps.reminders import push, services
from apps.reminders.forms import WORDINGS, allowed_push_service
from apps.reminders.models import PushReminder
from tests.bookmarks_helpers import token_of
from tests.helpers import text_of

pytestmark = pytest.mark.django_db

PAGE = "/reminders/"
CALENDAR = "/reminders/calendar/"
TURN_ON = "/reminders/notifications/"


def reader() -> Client:
    client = Client()
    client.get(PAGE)
    return client


def seen(response) -> str:
    return html.unescape(text_of(response.content.decode()))


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# The calendar file


def calendar_of(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == 'attachment; filename="reminder.ics"'
    return Calendar.from_ical(response.content)


def test_the_calendar_file_is_one_daily_event_with_an_alarm_in_the_readers_zone(client):
    response = client.get(CALENDAR, {"wording": "minute", "time": "21:30", "tz": "Europe/Berlin"})

    calendar = calendar_of(response)
    (event,) = calendar.walk("VEVENT")
    assert event["SUMMARY"] == "A minute for yourself"
    assert event["RRULE"]["FREQ"] == ["DAILY"]
    start = event.decoded("DTSTART")
    assert (start.hour, start.minute) == (21, 30)
    assert str(start.tzinfo) == "Europe/Berlin"
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    (alarm,) = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(0)
    assert str(event["URL"]) == f"http://testserver{push.check_in_url()}"
    assert response["Cache-Control"] == "private, no-store"
    assert PushReminder.objects.count() == 0


def test_without_a_zone_the_event_is_at_a_floating_time(client):
    calendar = calendar_of(client.get(CALENDAR, {"wording": "pause", "time": "07:05", "tz": ""}))

    (event,) = calendar.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert start.tzinfo is None and (start.hour, start.minute) == (7, 5)
    assert "TZID" not in event["DTSTART"].params
    assert not calendar.walk("VTIMEZONE")
    assert event["SUMMARY"] == "Evening pause"


def test_the_readers_own_words_go_on_one_line(client):
    calendar = calendar_of(
        client.get(
            CALENDAR,
            {"wording": "own", "title": " Tea\nand a walk ", "body": "Set by me", "time": "18:00"},
        )
    )

    (event,) = calendar.walk("VEVENT")
    assert event["SUMMARY"] == "Tea and a walk"
    assert str(event["DESCRIPTION"]).startswith("Set by me")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"time": "25:00"}, "Enter a time like 21:00."),
        ({"time": ""}, "Choose a time."),
        ({"time": "21:00", "tz": "Mars/Olympus_Mons"}, "time zone wasn't one we know"),
        ({"time": "21:00", "tz": "../../etc/passwd"}, "time zone wasn't one we know"),
        ({"time": "21:00", "wording": "own", "title": " "}, "Write a title"),
        ({"time": "21:00", "wording": "ex"}, "Select a valid choice"),
    ],
)
def test_bad_input_gets_a_field_error_not_a_file(client, query, message):
    response = client.get(CALENDAR, {"wording": "minute", **query})

    assert response.status_code == 422
    assert response["Content-Type"].startswith("text/html")
    assert message in seen(response)


def test_the_page_offers_only_neutral_words_and_warns_about_ones_own(client):
    response = client.get(PAGE)

    page = seen(response)
    assert "A minute for yourself" in page
    assert "Your own words show on your lock screen too" in page
    for word in ("breakup", "break-up", " ex ", "ex-", "partner"):
        assert word not in page.lower()
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_without_vapid_keys_the_page_says_notifications_are_not_set_up(client, settings):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = settings.VAPID_SUBJECT = ""

    page = seen(client.get(PAGE))
    refused = client.post(TURN_ON, {"time": "21:00"})

    assert "Notifications aren't set up on this server" in page
    assert "Add to my calendar" in page
    assert refused.status_code == 422
    assert PushReminder.objects.count() == 0


# Web Push: a phone's subscription, and a push service on 127.0.0.1


class Phone:
    """A phone's push subscription: a real P-256 key pair and auth secret."""

    def __init__(self, endpoint: str):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = secrets.token_bytes(16)
        self.endpoint = endpoint
        public = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        self.fields = {"endpoint": endpoint, "p256dh": b64u(public), "auth": b64u(self.auth)}

    def decrypt(self, body: bytes) -> dict:
        return json.loads(
            http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth, version="aes128gcm")
        )


class PushService:
    """A local push service: records each delivery, answers with `status`."""

    def __init__(self):
        self.received: list[tuple] = []
        self.status = 201
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                service.received.append((self.headers, body))
                self.send_response(service.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def new_vapid_keys() -> tuple[str, str]:
    """A fresh VAPID pair as the environment holds it (public point, private number)."""
    vapid = Vapid()
    vapid.generate_keys()
    public = vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    private = vapid.private_key.private_numbers().private_value.to_bytes(32, "big")
    return b64urlencode(public), b64urlencode(private)


@pytest.fixture
def push_service(settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = new_vapid_keys()
    settings.VAPID_SUBJECT = "mailto:reminders@example.com"
    service = PushService()
    settings.REMINDERS_PUSH_SERVICES = [service.origin]
    yield service
    service.close()


@pytest.fixture
def phone(push_service):
    return Phone(f"{push_service.origin}/push/{secrets.token_hex(8)}")


def hhmm(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def turn_on(client: Client, phone: Phone, **fields):
    data = {"wording": "minute", "time": "21:00", "tz": "UTC", **phone.fields, **fields}
    return client.post(TURN_ON, data)


def test_turning_on_keeps_the_subscription_time_zone_and_words_under_a_random_id(phone):
    client = reader()

    response = turn_on(
        client, phone, time="21:15", tz="America/New_York", quiet_from="22:00", quiet_until="07:00"
    )

    assert response.status_code == 302
    kept = PushReminder.objects.get()
    assert kept.endpoint == phone.endpoint
    assert (kept.minute, kept.time_zone) == (21 * 60 + 15, "America/New_York")
    assert (kept.quiet_from, kept.quiet_until) == (22 * 60, 7 * 60)
    assert (kept.title, kept.body) == ("A minute for yourself", WORDINGS[0][2])
    token = token_of(client)
    assert kept.owner == services.owner_key(token) and token.hex not in kept.owner
    page = seen(client.get(PAGE))
    assert "Notifications on" in page and "Each day at 21:15" in page


def test_turning_on_again_from_the_same_browser_changes_its_one_reminder(phone):
    client = reader()
    turn_on(client, phone, time="21:00")
    turn_on(client, phone, time="08:30", wording="pause")

    kept = PushReminder.objects.get()
    assert (kept.minute, kept.title) == (8 * 60 + 30, "Evening pause")


def test_the_subscribe_post_needs_the_csrf_token(phone):
    client = Client(enforce_csrf_checks=True)
    client.get(PAGE)

    response = turn_on(client, phone)

    assert response.status_code == 403
    assert PushReminder.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"tz": ""}, "didn't tell us its time zone"),
        ({"time": "23:00", "quiet_from": "22:00", "quiet_until": "07:00"}, "inside your quiet"),
        ({"quiet_from": "22:00"}, "Give both times."),
        ({"endpoint": "http://169.254.169.254/latest/meta-data"}, "couldn't set up notifications"),
        ({"p256dh": "bm90IGEga2V5"}, "couldn't set up notifications"),
    ],
)
def test_a_refused_subscription_says_why_and_keeps_nothing(phone, fields, message):
    response = turn_on(reader(), phone, **fields)

    assert response.status_code == 422
    assert message in seen(response)
    assert PushReminder.objects.count() == 0


def test_the_push_service_must_be_on_the_list():
    assert allowed_push_service("https://fcm.googleapis.com/fcm/send/abc")
    assert allowed_push_service("https://wns2-par02p.notify.windows.com/w/?token=x")
    assert not allowed_push_service("http://fcm.googleapis.com/fcm/send/abc")
    assert not allowed_push_service("https://fcm.googleapis.com.evil.example/x")
    assert not allowed_push_service("https://fcm.googleapis.com@evil.example/x")
    assert not allowed_push_service("https://evilnotify.windows.com/x")
    assert not allowed_push_service("https://fcm.googleapis.com:99999/x")


def due_now(client: Client, phone: Phone, **fields) -> PushReminder:
    """A reminder set for this minute (UTC), so the next run sends it."""
    assert turn_on(client, phone, time=hhmm(timezone.now()), **fields).status_code == 302
    return PushReminder.objects.get()


def test_a_due_reminder_reaches_the_browser_encrypted_with_the_neutral_words(push_service, phone):
    due_now(reader(), phone)

    call_command("sendreminders")

    ((headers, body),) = push_service.received
    assert headers["Content-Encoding"] == "aes128gcm"
    assert headers["Authorization"].startswith("vapid t=")
    assert int(headers["TTL"]) == push.TIME_TO_LIVE
    assert b"minute for yourself" not in body  # the push service reads nothing
    message = phone.decrypt(body)
    assert message["title"] == "A minute for yourself"
    assert message["body"] == WORDINGS[0][2]
    assert message["url"] == push.check_in_url() == "/evening/"
    assert PushReminder.objects.get().last_sent_on == timezone.now().date()


def test_a_reminder_goes_once_a_day_however_often_the_command_runs(push_service, phone):
    due_now(reader(), phone)

    call_command("sendreminders")
    call_command("sendreminders")

    assert len(push_service.received) == 1


def test_quiet_hours_hold_a_late_reminder_back(push_service, phone):
    now = timezone.now()
    client = reader()
    turn_on(
        client,
        phone,
        time=hhmm(now - timedelta(minutes=10)),
        quiet_from=hhmm(now - timedelta(minutes=5)),
        quiet_until=hhmm(now + timedelta(hours=2)),
    )

    call_command("sendreminders")

    assert push_service.received == []
    assert PushReminder.objects.get().last_sent_on is None


def test_a_subscription_the_push_service_says_is_gone_is_deleted(push_service, phone):
    push_service.status = 410
    due_now(reader(), phone)

    call_command("sendreminders")

    assert len(push_service.received) == 1
    assert PushReminder.objects.count() == 0


def test_a_push_service_error_keeps_the_reminder_for_the_next_run(push_service, phone):
    push_service.status = 500
    due_now(reader(), phone)

    call_command("sendreminders")
    push_service.status = 201
    call_command("sendreminders")

    assert len(push_service.received) == 2
    assert PushReminder.objects.get().last_sent_on == timezone.now().date()


def test_sendreminders_says_when_the_keys_are_missing(settings):
    settings.VAPID_PRIVATE_KEY = ""

    with pytest.raises(Exception, match="VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY"):
        call_command("sendreminders")


def reminder_at(minute: int, zone="Europe/London", **over) -> PushReminder:
    return PushReminder(minute=minute, time_zone=zone, title="t", **over)


@pytest.mark.parametrize(
    ("now", "minute", "last_sent_on", "due"),
    [
        (datetime(2026, 7, 1, 20, 0, tzinfo=UTC), 21 * 60, None, date(2026, 7, 1)),  # BST
        (datetime(2026, 7, 1, 20, 29, tzinfo=UTC), 21 * 60, None, date(2026, 7, 1)),
        (datetime(2026, 7, 1, 20, 31, tzinfo=UTC), 21 * 60, None, None),  # too late
        (datetime(2026, 7, 1, 19, 59, tzinfo=UTC), 21 * 60, None, None),  # not yet
        (datetime(2026, 7, 1, 20, 0, tzinfo=UTC), 21 * 60, date(2026, 7, 1), None),  # sent
        (datetime(2026, 12, 1, 21, 0, tzinfo=UTC), 21 * 60, date(2026, 11, 30), date(2026, 12, 1)),
        # Set for 23:50 London, the run at 00:10 next day still sends the day before's.
        (datetime(2026, 12, 2, 0, 10, tzinfo=UTC), 23 * 60 + 50, None, date(2026, 12, 1)),
    ],
)
def test_when_a_reminder_is_due(now, minute, last_sent_on, due):
    assert services.due_on(reminder_at(minute, last_sent_on=last_sent_on), now) == due


# Turning off, and deleting everything


def test_turning_off_deletes_the_subscription(phone):
    client = reader()
    kept = due_now(client, phone)

    response = client.post(f"/reminders/notifications/{kept.pk}/off/")

    assert response.status_code == 302
    assert PushReminder.objects.count() == 0


def test_another_reader_cannot_turn_off_someone_elses_reminder(phone):
    kept = due_now(reader(), phone)

    response = reader().post(f"/reminders/notifications/{kept.pk}/off/")

    assert response.status_code == 404
    assert PushReminder.objects.filter(pk=kept.pk).exists()


def test_another_readers_page_does_not_list_it(phone):
    due_now(reader(), phone)

    assert "Notifications on" not in reader().get(PAGE).content.decode()


def test_delete_all_my_data_deletes_the_readers_reminders(phone, push_service):
    client = reader()
    due_now(client, phone)
    someone_else = Phone(f"{push_service.origin}/push/other")
    turn_on(reader(), someone_else)

    client.post("/saved/delete-everything/")

    assert list(PushReminder.objects.values_list("endpoint", flat=True)) == [someone_else.endpoint]


def test_deleting_an_account_deletes_its_reminders(phone):
    user = get_user_model().objects.create(username="account")
    account = Reader.objects.create(user=user)
    PushReminder.objects.create(
        owner=services.owner_key(account.token),
        endpoint=phone.endpoint,
        p256dh=phone.fields["p256dh"],
        auth=phone.fields["auth"],
        minute=21 * 60,
        time_zone="UTC",
        title="A minute for yourself",
    )

    account_services.delete_account(user)

    assert PushReminder.objects.count() == 0


def test_the_time_label_reads_like_a_clock():
    assert reminder_at(7 * 60 + 5).time_label == "07:05"
    assert reminder_at(0, quiet_from=22 * 60, quiet_until=7 * 60).quiet_label == "22:00 to 07:00"
