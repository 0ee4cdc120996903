from django.apps import AppConfig


class CoreConfig(AppConfig):
    verbose_name = "Site shell"
    name = "apps.core"
    label = "core"
