from django.apps import AppConfig


class ReachOutConfig(AppConfig):
    name = "apps.reachout"
    label = "reachout"
    verbose_name = "When you want to reach out"

    def ready(self):
        from apps.cards import seeds
        from apps.core import pagecache, slots

        from . import feelings
        from .models import CheckInCard, Feeling, FeelingCard, Nuance

        # The path's pages show the feelings and the cards named for them: a change
        # retires them.
        pagecache.register_content(Feeling, Nuance, FeelingCard, CheckInCard)
        seeds.register_loader(feelings.read_feelings, feelings.load_feelings)
        # The home page's first place: the way into the path, after the timer.
        slots.register("feed-first", "reachout/feed_first.html")
