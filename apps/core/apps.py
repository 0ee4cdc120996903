from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    verbose_name = "Site shell"
    name = "apps.core"
    label = "core"

    def ready(self):
        post_migrate.connect(_migrated, sender=self, dispatch_uid="pagecache-migrated")


def _migrated(**kwargs):
    """A migration may change content without a signal (RunPython, RunSQL)."""
    from . import pagecache

    pagecache.content_changed()
