"""Reminders in a phone browser: the calendar file carries the phone's own time zone,
one's own words come with their warning, and notifications are offered where the
browser can push."""

import json
from pathlib import Path

import pytest
from django.templatetags.static import static
from icalendar import Calendar
from playwright.sync_api import expect

from tests.browser.conftest import wait_until
from tests.test_reminders import new_vapid_keys


@pytest.mark.browser_context_args(timezone_id="Europe/Berlin")
def test_the_calendar_download_is_a_daily_event_in_the_phones_time_zone(page, site_url):
    page.goto(f"{site_url}/reminders/")
    expect(page.get_by_text("by your phone's clock (Europe/Berlin)")).to_be_visible()
    page.get_by_label("When", exact=True).fill("07:30")

    with page.expect_download() as download:
        page.get_by_role("button", name="Add to my calendar").click()

    assert download.value.suggested_filename == "reminder.ics"
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert (start.hour, start.minute, str(start.tzinfo)) == (7, 30, "Europe/Berlin")
    assert event["SUMMARY"] == "A minute for yourself"
    assert event["RRULE"]["FREQ"] == ["DAILY"]


def test_ones_own_words_come_with_the_lock_screen_warning(page, site_url):
    page.goto(f"{site_url}/reminders/")
    warning = page.get_by_text("Your own words show on your lock screen too")
    expect(warning).to_be_hidden()

    page.get_by_text("My own words").click()

    expect(warning).to_be_visible()
    expect(page.get_by_label("Title")).to_be_visible()


def test_notifications_are_offered_where_the_browser_can_push(page, site_url, settings):
    public, private = new_vapid_keys()
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = public, private
    settings.VAPID_SUBJECT = "mailto:reminders@example.com"
    page.goto(f"{site_url}/reminders/")

    expect(page.get_by_role("button", name="Turn on notifications")).to_be_visible()
    expect(page.get_by_label("From")).to_be_visible()


def test_without_keys_notifications_say_they_are_not_set_up(page, site_url, settings):
    settings.VAPID_PUBLIC_KEY = ""
    page.goto(f"{site_url}/reminders/")

    expect(page.get_by_text("Notifications aren't set up on this server")).to_be_visible()
    expect(page.get_by_role("button", name="Turn on notifications")).to_have_count(0)


def test_the_worker_script_shows_a_pushed_reminder_with_its_words(page, site_url, context):
    """static/reminders/push-sw.js on its own (the app's /sw.js imports it), given a push
    through Chromium's DevTools protocol, as a push service would deliver it."""
    context.grant_permissions(["notifications"], origin=site_url)
    page.goto(f"{site_url}/reminders/")
    cdp = context.new_cdp_session(page)
    registrations = {}
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.update(
            {r["scopeURL"]: r["registrationId"] for r in event["registrations"]}
        ),
    )
    cdp.send("ServiceWorker.enable")
    scope = f"{site_url}/static/reminders/"
    wait_until(
        page,
        f"navigator.serviceWorker.register({static('reminders/push-sw.js')!r})"
        ".then(r => r.active !== null || new Promise(done => (r.installing || r.waiting)"
        ".addEventListener('statechange', e => e.target.state === 'activated' && done(true))))",
    )
    data = {"title": "A minute for yourself", "body": "A quiet minute.", "url": "/check-in/"}

    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": site_url, "registrationId": registrations[scope], "data": json.dumps(data)},
    )

    wait_until(
        page,
        f"navigator.serviceWorker.getRegistration({scope!r}).then(r => r.getNotifications())"
        ".then(shown => shown.length === 1 && shown[0].title === 'A minute for yourself'"
        " && shown[0].body === 'A quiet minute.' && shown[0].data.url === '/check-in/')",
    )
