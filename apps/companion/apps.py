from django.apps import AppConfig
from django.utils.translation import gettext_noop


class CompanionConfig(AppConfig):
    """Between the hard moments: My plan and the evening check-in, kept on the phone."""

    name = "apps.companion"
    label = "companion"

    def ready(self):
        from apps.core import shell, slots
        from apps.reminders import push

        push.leads_to("companion:evening")  # a reminder opens the evening check-in
        # The help and privacy pages (core) say what My plan is, and what it keeps.
        slots.register("help-plan", "companion/help_plan.html")
        slots.register("privacy-device", "companion/privacy_device.html")

        # Marked for makemessages but kept plain strings: apps/pwa writes the manifest with
        # json.dumps, in one language, so a lazy string can't go in it.
        shell.shortcut(gettext_noop("My plan"), gettext_noop("My plan"), "companion:plan")
        # Both work fully offline: what is written there lives in the browser. The plan,
        # for a hard moment, is kept at install; the evenings just after.
        shell.offline(
            pages=("companion:plan",),
            later_pages=("companion:evening",),
            static=("companion/",),
            later_static=("companion/evening.js",),
        )
