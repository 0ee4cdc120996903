from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class TimerConfig(AppConfig):
    name = "apps.timer"
    label = "timer"

    def ready(self):
        from apps.core import shell, slots

        # The home page's first place: the breathing timer, above the cards.
        slots.register("feed-first", "timer/feed_first.html")
        # The offline page's way to breathe: the timer works with no signal.
        slots.register("offline", "timer/offline_link.html")
        slots.register("help-urge", "timer/help_breathe.html")
        shell.tab(
            "timer:stand_still",
            gettext_lazy("Stand still"),
            icon="timer/tab_icon.html",
            sections=("timer",),
        )
        shell.shortcut(
            gettext_lazy("Stand still now"), gettext_lazy("Stand still"), "timer:stand_still"
        )
        shell.offline(
            pages=("timer:stand_still",), static=("timer/",), readable=("/stand-still/$",)
        )
