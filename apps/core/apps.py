from django.apps import AppConfig
from django.core import checks


class CoreConfig(AppConfig):
    verbose_name = "Site shell"
    name = "apps.core"
    label = "core"

    def ready(self):
        checks.register(helplines_check)


def helplines_check(app_configs=None, **kwargs):
    """`manage.py check` (and so `serve`, runserver and the tests) stop on a broken
    seeds/helplines.yaml, before anyone opens the help page."""
    from . import helplines

    try:
        helplines.directory()
    except Exception as error:  # any way the file can be broken, named in the message
        return [checks.Error(str(error), id="core.E001")]
    return []
