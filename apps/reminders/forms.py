"""What a reminder says and when: one form for the calendar file and for Web Push.

The words show on a lock screen, so the ones offered give nothing away; the reader may
write their own, and the page warns that those show there too. The time zone comes from
the browser (a hidden field script fills); without it a calendar event is at a floating
time (the phone's own clock), and Web Push, which needs script anyway, refuses.
"""

import base64
import binascii
import re
import zoneinfo
from functools import cache
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from .models import MAX_BODY, MAX_TITLE

# (key, title, body): short, kind, and neutral on a lock screen.
WORDINGS = [
    (
        "minute",
        gettext_lazy("A minute for yourself"),
        gettext_lazy("How was today? A quiet minute, when you're ready."),
    ),
    ("pause", gettext_lazy("Evening pause"), gettext_lazy("Time to slow down for a moment.")),
    ("plain", gettext_lazy("Reminder"), gettext_lazy("The one you set for this time.")),
]
OWN = "own"
TIME_FORMATS = ["%H:%M", "%H:%M:%S"]


@cache
def known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def minutes(value) -> int:
    return value.hour * 60 + value.minute


def in_quiet_hours(minute: int, start: int | None, end: int | None) -> bool:
    """Whether `minute` of the day falls in [start, end), which may wrap past midnight."""
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= minute < end
    return minute >= start or minute < end


def one_line(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


class ReminderForm(forms.Form):
    wording = forms.ChoiceField(
        choices=[(key, title) for key, title, _body in WORDINGS]
        + [(OWN, gettext_lazy("My own words"))],
        initial="minute",
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=pgettext_lazy("a reminder's own words", "Title"), max_length=MAX_TITLE, required=False
    )
    body = forms.CharField(
        label=gettext_lazy("Line below it (optional)"), max_length=MAX_BODY, required=False
    )
    time = forms.TimeField(
        label=gettext_lazy("Time"),
        input_formats=TIME_FORMATS,
        initial="21:00",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": gettext_lazy("Choose a time."),
            "invalid": gettext_lazy("Enter a time like 21:00."),
        },
    )
    tz = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    # Quiet hours are for notifications alone (PushForm checks them); a calendar has its own.
    quiet_from = forms.TimeField(
        label=pgettext_lazy("start of quiet hours", "From"),
        required=False,
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    quiet_until = forms.TimeField(
        label=pgettext_lazy("end of quiet hours", "Until"),
        required=False,
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def clean_tz(self) -> str:
        zone = self.cleaned_data["tz"].strip()
        if zone and zone not in known_zones():
            raise forms.ValidationError(
                _(
                    "This phone's time zone wasn't one we know, so nothing was made. "
                    "Reload the page and try again."
                )
            )
        return zone

    def clean(self):
        data = super().clean()
        if data.get("wording") == OWN:
            data["title"] = one_line(data.get("title", ""))
            data["body"] = one_line(data.get("body", ""))
            if not data["title"]:
                self.add_error("title", _("Write a title, or choose one of the wordings above."))
        elif data.get("wording"):
            _key, title, body = next(w for w in WORDINGS if w[0] == data["wording"])
            # In the reader's language now, as plain text: it is kept and sent as it is.
            data["title"], data["body"] = str(title), str(body)
        return data


class PushForm(ReminderForm):
    """A reminder through Web Push: the subscription the browser made, and quiet hours."""

    endpoint = forms.CharField(max_length=2000, widget=forms.HiddenInput)
    p256dh = forms.CharField(max_length=100, widget=forms.HiddenInput)
    auth = forms.CharField(max_length=40, widget=forms.HiddenInput)

    def clean_tz(self) -> str:
        zone = super().clean_tz()
        if not zone:
            raise forms.ValidationError(
                _("This phone didn't tell us its time zone. Reload the page and try again.")
            )
        return zone

    def clean_endpoint(self) -> str:
        """Only a known push service's address: the server posts to it every day."""
        endpoint = self.cleaned_data["endpoint"]
        if not allowed_push_service(endpoint):
            raise forms.ValidationError(
                _("This browser's notification service isn't one we can use.")
            )
        return endpoint

    def clean_p256dh(self) -> str:
        return self._key("p256dh", 65)

    def clean_auth(self) -> str:
        return self._key("auth", 16)

    def _key(self, name: str, size: int) -> str:
        value = self.cleaned_data[name].strip()
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) != size:
            raise forms.ValidationError(_("This browser's notification keys couldn't be read."))
        return value

    def clean(self):
        data = super().clean()
        start, end = data.get("quiet_from"), data.get("quiet_until")
        if (start is None) != (end is None):
            self.add_error("quiet_until" if end is None else "quiet_from", _("Give both times."))
        elif start is not None and start == end:
            self.add_error("quiet_until", _("Quiet hours need to end at another time."))
        elif (
            start is not None
            and data.get("time") is not None
            and in_quiet_hours(minutes(data["time"]), minutes(start), minutes(end))
        ):
            self.add_error("time", _("That time is inside your quiet hours."))
        # The subscription's fields are the browser's, not the reader's: one calm message.
        if any(name in self.errors for name in ("endpoint", "p256dh", "auth")):
            for name in ("endpoint", "p256dh", "auth"):
                self.errors.pop(name, None)
            self.add_error(
                None,
                _(
                    "This browser couldn't set up notifications. "
                    "The calendar file works on any phone."
                ),
            )
        return data


def allowed_push_service(endpoint: str) -> bool:
    """An address on one of REMINDERS_PUSH_SERVICES (origins; `*.` allows any subdomain):
    the browsers' push services, and nowhere else the server could be made to post."""
    try:
        parts = urlsplit(endpoint)
        port = parts.port
    except ValueError:
        return False
    if not parts.hostname or parts.username is not None or parts.password is not None:
        return False
    origin_host = parts.hostname + (f":{port}" if port else "")
    for allowed in settings.REMINDERS_PUSH_SERVICES:
        scheme, _sep, host = allowed.partition("://")
        if parts.scheme != scheme:
            continue
        if origin_host == host or (host.startswith("*.") and origin_host.endswith(host[1:])):
            return True
    return False
