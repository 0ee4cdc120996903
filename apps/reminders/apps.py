from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "apps.reminders"
    label = "reminders"

    def ready(self):
        from apps.core import readers, shell

        from . import services

        readers.data_deleted.connect(services.forget_readers, dispatch_uid="reminders-forget")
        # A reminder the reader set: shown as a notification, opens the check-in.
        shell.offline(scripts=("reminders/push-sw.js",))
