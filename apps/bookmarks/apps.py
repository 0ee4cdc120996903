from django.apps import AppConfig


class BookmarksConfig(AppConfig):
    name = "apps.bookmarks"
    label = "bookmarks"

    def ready(self):
        from apps.core import pagecache

        from .queries import saved_state

        # The one seam: card templates include bookmarks/save_button.html, which
        # reads `saved_card_ids`; cached pages get it from this hook.
        pagecache.register_reader_state(saved_state)
