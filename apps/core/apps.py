from django.apps import AppConfig
from django.urls import register_converter


class CoreConfig(AppConfig):
    verbose_name = "Site shell"
    name = "apps.core"
    label = "core"

    def ready(self):
        from django.db.backends.signals import connection_created

        from .db import keep_only_if_writable
        from .params import IdConverter

        register_converter(IdConverter, "id")
        connection_created.connect(keep_only_if_writable)
