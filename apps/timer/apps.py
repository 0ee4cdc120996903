from django.apps import AppConfig


class TimerConfig(AppConfig):
    name = "apps.timer"
    label = "timer"

    def ready(self):
        from apps.core import slots

        # The home page's first place: the breathing timer, above the cards.
        slots.register("feed-first", "timer/feed_first.html")
