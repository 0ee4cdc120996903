from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST, require_safe

from apps.core.readers import read_token

from . import ics, push, services
from .forms import WORDINGS, PushForm, ReminderForm
from .models import PushReminder

private = cache_control(private=True, no_store=True)


def own_tokens(request) -> set:
    """The readers this request may act for: its own and, signed in, this device's."""
    return {token for token in (request.reader_token, read_token(request)) if token}


def own_reminders(request):
    return PushReminder.objects.filter(owner__in=services.owner_keys(own_tokens(request)))


def page(request, form: ReminderForm | None = None, status: int = 200) -> TemplateResponse:
    context = {
        "form": form or ReminderForm(),
        "wordings": WORDINGS,
        "reminders": list(own_reminders(request)),
        "push_key": settings.VAPID_PUBLIC_KEY if push.configured() else "",
        "check_in_url": push.check_in_url(),
    }
    return TemplateResponse(request, "reminders/reminders.html", context, status=status)


@require_safe
@private
def reminders(request):
    return page(request)


@require_safe
@private
def calendar_file(request):
    """A daily event for the reader's calendar, made from the query and kept nowhere."""
    form = ReminderForm(request.GET)
    if not form.is_valid():
        return page(request, form, status=422)
    data = form.cleaned_data
    body = ics.daily_reminder(
        at=data["time"],
        zone=data["tz"],
        title=data["title"],
        body=data["body"],
        url=request.build_absolute_uri(push.check_in_url()),
        host=request.get_host(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="reminder.ics"'
    return response


@require_POST
@private
def turn_on(request):
    form = PushForm(request.POST)
    if not push.configured():
        form.is_valid()
        form.add_error(None, _("Notifications aren't set up on this server."))
        return page(request, form, status=422)
    if not form.is_valid():
        return page(request, form, status=422)
    reminder = services.turn_on(request.reader_token, form.cleaned_data)
    messages.success(
        request, _("Notifications are on: each day at %(time)s.") % {"time": reminder.time_label}
    )
    return redirect("reminders:page")


@require_POST
@private
def turn_off(request, pk):
    reminder = get_object_or_404(own_reminders(request), pk=pk)
    services.turn_off(reminder)
    messages.success(request, _("Notifications are off. Nothing about them is kept."))
    return redirect("reminders:page")
