"""``manage.py sendreminders``: send the push reminders that are due now.

Run it every minute (cron or a systemd timer, see README). Each reminder goes at most
once a local day, never in its quiet hours, and up to `services.CATCH_UP` late; one the
push service says is gone (404, 410) is deleted. Overlapping runs never send twice.
"""

import requests
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.reminders import push, services
from apps.reminders.models import PushReminder


class Command(BaseCommand):
    help = "Send the push reminders due now (run every minute)."

    def handle(self, *args, **options):
        if not push.configured():
            raise CommandError("Set VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT first.")
        now = timezone.now()
        counts = {push.SENT: 0, push.GONE: 0, push.FAILED: 0}
        with requests.Session() as session:
            for reminder in PushReminder.objects.iterator():
                day = services.due_on(reminder, now)
                if day is None or not services.claim(reminder, day):
                    continue
                outcome = push.send(reminder, session)
                counts[outcome] += 1
                if outcome == push.GONE:
                    reminder.delete()
                elif outcome == push.FAILED:
                    services.release(reminder, day)
        if options["verbosity"] > 1 or counts[push.FAILED]:
            self.stdout.write(
                f"{counts[push.SENT]} sent, {counts[push.GONE]} gone, {counts[push.FAILED]} failed"
            )
