from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.db.models.signals import post_migrate
from django.urls import register_converter
from django.utils import translation


class CoreConfig(AppConfig):
    verbose_name = "Site shell"
    name = "apps.core"
    label = "core"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import catalogs, helplines, pagecache
        from .db import keep_only_if_writable
        from .params import IdConverter

        register_converter(IdConverter, "id")
        connection_created.connect(keep_only_if_writable)

        # Sent once per app with models (core has none), so a migrate bumps a few times.
        post_migrate.connect(_migrated, dispatch_uid="pagecache-migrated")
        checks.register(helplines_check)
        # The lines are read once per process, like templates: a new file is a new deploy.
        pagecache.register_deploy_file(helplines.PATH)
        # The translations, as templates are: changed words are a new deploy.
        for catalog in sorted(catalogs.LOCALE.glob("*/LC_MESSAGES/*.po")):
            pagecache.register_deploy_file(catalog)
        for language, _ in settings.LANGUAGES:  # their words: seeds/<language>/
            if language != settings.LANGUAGE_CODE:
                pagecache.register_deploy_file(helplines.words_path(language))


def _migrated(plan=None, **kwargs):
    """A migration may change content without a signal (RunPython, RunSQL): a `migrate`
    that applied one retires the cached pages; one with nothing to apply keeps them."""
    from . import pagecache

    if plan:
        pagecache.content_changed()


def helplines_check(app_configs=None, **kwargs):
    """`manage.py check` (and so `serve`, runserver and the tests) stop on a broken
    seeds/helplines.yaml, before anyone opens the help page."""
    from . import helplines

    try:
        for language, _ in settings.LANGUAGES:
            with translation.override(language):
                helplines.directory()
    except Exception as error:  # any way the file can be broken, named in the message
        return [checks.Error(str(error), id="core.E001")]
    return []
