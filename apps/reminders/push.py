"""Sending one reminder through Web Push (pywebpush, VAPID keys from the settings).

The payload is encrypted for the browser (aes128gcm), so the push service reads none
of it; it carries the reader's chosen words and the page a tap opens.
"""

import json
import logging

import requests
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from pywebpush import WebPushException, webpush

from .models import PushReminder

log = logging.getLogger(__name__)

# Where a reminder leads: the view an app above registers (`leads_to`: companion's
# evening check-in), the home page until one does.
_leads_to: list[str] = []
# A reminder the push service could not deliver within this time is dropped, not shown
# late (a phone off all evening does not wake to it at night).
TIME_TO_LIVE = 30 * 60
SENT, GONE, FAILED = "sent", "gone", "failed"


def leads_to(view: str) -> None:
    _leads_to[:] = [view]


def check_in_url() -> str:
    return reverse(_leads_to[0]) if _leads_to else "/"


def configured() -> bool:
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY and settings.VAPID_SUBJECT)


def payload(reminder: PushReminder) -> str:
    return json.dumps(
        {
            "title": reminder.title,
            "body": reminder.body,
            "url": check_in_url(),
            "icon": static("pwa/icon-192.png"),
        }
    )


def send(reminder: PushReminder, session: requests.Session | None = None) -> str:
    """SENT, GONE (the browser dropped the subscription: 404 or 410) or FAILED."""
    subscription = {
        "endpoint": reminder.endpoint,
        "keys": {"p256dh": reminder.p256dh, "auth": reminder.auth},
    }
    try:
        webpush(
            subscription,
            data=payload(reminder),
            vapid_private_key=settings.VAPID_PRIVATE_KEY,
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            ttl=TIME_TO_LIVE,
            timeout=10,
            requests_session=session,
        )
    except WebPushException as error:
        status = getattr(error.response, "status_code", None)
        if status in (404, 410):
            return GONE
        log.warning("Reminder %s not sent: push service answered %s", reminder.pk, status)
        return FAILED
    except requests.RequestException as error:
        log.warning("Reminder %s not sent: %s", reminder.pk, type(error).__name__)
        return FAILED
    return SENT
