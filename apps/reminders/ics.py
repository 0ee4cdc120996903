"""The calendar file: one event each day at the reader's time, with an alarm (RFC 5545).

Nothing is kept: the time and the words come with the request. With a time zone the
event carries it (and its VTIMEZONE); without one its time is floating, the phone's
own clock wherever it is.
"""

import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Alarm, Calendar, Event

# How long the event lasts in the calendar: short, and marked free.
LENGTH = timedelta(minutes=5)


def daily_reminder(*, at: time, zone: str, title: str, body: str, url: str, host: str) -> bytes:
    now = timezone.now()
    if zone:
        tz = ZoneInfo(zone)
        start = datetime.combine(now.astimezone(tz).date(), at, tzinfo=tz)
    else:
        start = datetime.combine(now.date(), at)  # floating: no tzinfo, no TZID

    event = Event()
    event.add("uid", f"{uuid.uuid4()}@{host}")
    event.add("dtstamp", now)
    event.add("summary", title)
    event.add("description", f"{body}\n{url}" if body else url)
    event.add("url", url)
    event.add("dtstart", start)
    event.add("duration", LENGTH)
    event.add("rrule", {"freq": "daily"})
    event.add("transp", "TRANSPARENT")
    event.add("class", "PRIVATE")

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", title)
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)

    calendar = Calendar()
    calendar.add("prodid", "-//Stand Still//Reminders//EN")
    calendar.add("version", "2.0")
    calendar.add_component(event)
    if zone:
        calendar.add_missing_timezones()
    return calendar.to_ical()
