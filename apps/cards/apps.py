from django.apps import AppConfig


class CardsConfig(AppConfig):
    name = "apps.cards"
    label = "cards"

    def ready(self):
        from . import signals

        signals.connect()
