from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    verbose_name = "Site shell"
    name = "apps.core"
    label = "core"

    def ready(self):
        # Sent once per app with models (core has none), so a migrate bumps a few times.
        post_migrate.connect(_migrated, dispatch_uid="pagecache-migrated")


def _migrated(**kwargs):
    """A migration may change content without a signal (RunPython, RunSQL): every
    `migrate` retires the cached pages."""
    from . import pagecache

    pagecache.content_changed()
