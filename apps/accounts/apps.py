from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"

    def ready(self):
        from apps.core import pagecache, slots

        from .middleware import account_state

        # Cached pages may not read `user`: whether the visitor is signed in reaches
        # them (and their key) through this hook.
        pagecache.register_reader_state(account_state, ("signed_in",))
        slots.register("saved-keep", "accounts/keep_block.html")
