from django.apps import AppConfig


class ReachOutConfig(AppConfig):
    name = "apps.reachout"
    label = "reachout"
    verbose_name = "Before you reach out"

    def ready(self):
        from apps.cards import seeds

        from . import feelings, signals

        signals.connect()
        seeds.register_loader(feelings.read_feelings, feelings.load_feelings)
