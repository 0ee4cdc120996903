from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"

    def ready(self):
        from apps.core import pagecache, readers, shell, slots

        from . import vault
        from .middleware import account_state

        # Cached pages may not read `user`: whether the visitor is signed in reaches
        # them (and their key) through this hook.
        pagecache.register_reader_state(account_state, ("signed_in",))
        slots.register("saved-keep", "accounts/keep_block.html")
        # My plan and the evenings, kept encrypted in the account when the reader asks.
        slots.register("companion-sync", "accounts/sync_slot.html")
        shell.offline(static=("accounts/sync.js", "accounts/vault.js", "accounts/webauthn-json.js"))
        readers.data_deleted.connect(vault.delete_for_readers, dispatch_uid="accounts-vault")
