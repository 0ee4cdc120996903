from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ReachOutConfig(AppConfig):
    name = "apps.reachout"
    label = "reachout"
    verbose_name = gettext_lazy("When you want to reach out")

    def ready(self):
        from apps.cards import seeds
        from apps.core import pagecache, shell, slots

        from . import feelings
        from .models import CheckInCard, Feeling, FeelingCard, Nuance

        # The path's pages show the feelings and the cards named for them: a change
        # retires them.
        pagecache.register_content(Feeling, Nuance, FeelingCard, CheckInCard)
        seeds.register_loader(feelings.read_feelings, feelings.load_feelings)
        # The home page's first place: the way into the path, after the timer.
        slots.register("feed-first", "reachout/feed_first.html")
        slots.register("timer-top", "reachout/timer_top.html")
        slots.register("timer-check-in", "reachout/timer_check_in.html")
        shell.also_current("timer:stand_still", "reachout")  # the path is a hard moment too
        shell.shortcut(
            gettext_lazy("I want to reach out"),
            gettext_lazy("Reach out"),
            "reachout:start",
            first=True,
        )
        # Every step opens with no signal; a step whose URL carries a choice made
        # without JavaScript (a feeling, an answer) is never kept.
        steps = ("start", "feeling", "card", "write", "wait", "check_in", "not_sent")
        shell.offline(
            pages=tuple(f"reachout:{step}" for step in steps),
            static=("reachout/",),
            readable=("/reach-out/",),
            no_query=("/reach-out/",),
        )
