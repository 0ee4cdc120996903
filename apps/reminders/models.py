import uuid

from django.db import models
from django.utils.translation import gettext as _

MAX_TITLE = 60
MAX_BODY = 120


class PushReminder(models.Model):
    """A daily notification through Web Push, and all the server keeps for it.

    Under a random id; `owner` is an HMAC of the reader's token (services.owner_key),
    enough to list and delete a reader's reminders, never to name the reader. The time
    is the reader's wall-clock time in their zone, so it stays put across daylight saving.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.CharField(max_length=64, db_index=True, editable=False)
    # The push subscription: where to send, and the browser's keys to encrypt for.
    endpoint = models.CharField(max_length=2000, unique=True)
    p256dh = models.CharField(max_length=100)
    auth = models.CharField(max_length=40)
    minute = models.PositiveSmallIntegerField(help_text="Minutes after local midnight.")
    time_zone = models.CharField(max_length=64)
    # Quiet hours, in local minutes after midnight (may wrap past midnight); none if null.
    quiet_from = models.PositiveSmallIntegerField(null=True, blank=True)
    quiet_until = models.PositiveSmallIntegerField(null=True, blank=True)
    title = models.CharField(max_length=MAX_TITLE)
    body = models.CharField(max_length=MAX_BODY, blank=True)
    # The local date of the last reminder sent: at most one a day.
    last_sent_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Reminder {self.pk}"

    @property
    def time_label(self) -> str:
        return _hhmm(self.minute)

    @property
    def quiet_label(self) -> str:
        if self.quiet_from is None or self.quiet_until is None:
            return ""
        return _("%(start)s to %(end)s") % {
            "start": _hhmm(self.quiet_from),
            "end": _hhmm(self.quiet_until),
        }


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"
