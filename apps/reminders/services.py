"""Every change to push reminders, and which are due.

A reminder belongs to whoever holds a reader token whose `owner_key` it carries; the
page lists and deletes by the tokens the request has (its reader and, signed in, this
device's own). "Delete all my data" and deleting an account reach here through
`readers.data_deleted`.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.crypto import salted_hmac

from .forms import in_quiet_hours, minutes
from .models import PushReminder

# A run that comes late (a missed minute, a restart) still sends within this window;
# later than that, the day's reminder is let go rather than arriving at an odd hour.
CATCH_UP = timedelta(minutes=30)


def owner_key(token) -> str:
    return salted_hmac("reminders.owner", str(token), algorithm="sha256").hexdigest()


def owner_keys(tokens) -> list[str]:
    return [owner_key(token) for token in tokens if token]


@transaction.atomic
def turn_on(token, data: dict) -> PushReminder:
    """Keep (or change) this browser's reminder, for the reader `token`: one per push
    subscription, whoever set it before (only the browser holds its keys)."""
    quiet_from, quiet_until = data.get("quiet_from"), data.get("quiet_until")
    reminder, _ = PushReminder.objects.update_or_create(
        endpoint=data["endpoint"],
        defaults={
            "owner": owner_key(token),
            "p256dh": data["p256dh"],
            "auth": data["auth"],
            "minute": minutes(data["time"]),
            "time_zone": data["tz"],
            "quiet_from": None if quiet_from is None else minutes(quiet_from),
            "quiet_until": None if quiet_until is None else minutes(quiet_until),
            "title": data["title"],
            "body": data["body"],
            "last_sent_on": None,
        },
    )
    return reminder


def turn_off(reminder: PushReminder) -> None:
    reminder.delete()


def forget_readers(tokens, **kwargs) -> None:
    """Delete every reminder of these readers (the receiver of `readers.data_deleted`)."""
    PushReminder.objects.filter(owner__in=owner_keys(tokens)).delete()


def scheduled_at(reminder: PushReminder, now: datetime) -> datetime:
    """The latest time at or before `now` this reminder was set for, in its zone."""
    local = now.astimezone(ZoneInfo(reminder.time_zone))
    at = local.replace(hour=reminder.minute // 60, minute=reminder.minute % 60, second=0)
    at = at.replace(microsecond=0)
    return at if at <= local else at - timedelta(days=1)


def due_on(reminder: PushReminder, now: datetime) -> date | None:
    """The local day this reminder is due for now, or None: not yet, sent already that
    day, too late to send, or in the reader's quiet hours."""
    at = scheduled_at(reminder, now)
    if reminder.last_sent_on == at.date() or not (timedelta(0) <= now - at < CATCH_UP):
        return None
    local = now.astimezone(at.tzinfo)
    if in_quiet_hours(minutes(local), reminder.quiet_from, reminder.quiet_until):
        return None
    return at.date()


def claim(reminder: PushReminder, day: date) -> bool:
    """Mark today's reminder as sent before sending, so two overlapping runs never send
    it twice; says whether this run got it."""
    claimed = (
        PushReminder.objects.filter(pk=reminder.pk)
        .exclude(last_sent_on=day)
        .update(last_sent_on=day)
    )
    return bool(claimed)


def release(reminder: PushReminder, day: date) -> None:
    """A send that failed for now: the next run may try again (within CATCH_UP)."""
    PushReminder.objects.filter(pk=reminder.pk, last_sent_on=day).update(
        last_sent_on=reminder.last_sent_on
    )
