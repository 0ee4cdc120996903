from django.apps import AppConfig


class PwaConfig(AppConfig):
    name = "apps.pwa"
    label = "pwa"
    verbose_name = "Installable app"
