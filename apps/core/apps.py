from django.apps import AppConfig
from django.urls import register_converter


class CoreConfig(AppConfig):
    verbose_name = "Site shell"
    name = "apps.core"
    label = "core"

    def ready(self):
        from .params import IdConverter

        register_converter(IdConverter, "id")
