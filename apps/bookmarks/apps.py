from django.apps import AppConfig


class BookmarksConfig(AppConfig):
    name = "apps.bookmarks"
    label = "bookmarks"

    def ready(self):
        from apps.core import pagecache, slots

        from .queries import saved_state

        # A card in a list shows the save button, which reads `saved_card_ids` and
        # `saved_list_counts`; cached pages get them from this hook.
        slots.register("card-actions", "bookmarks/save_button.html")
        pagecache.register_reader_state(saved_state, ("saved_card_ids", "saved_list_counts"))
