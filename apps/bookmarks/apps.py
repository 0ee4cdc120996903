from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class BookmarksConfig(AppConfig):
    name = "apps.bookmarks"
    label = "bookmarks"

    def ready(self):
        from apps.core import pagecache, shell, slots

        from .queries import saved_state

        # A card in a list shows the save button, which reads `saved_card_ids` and
        # `saved_list_counts`; cached pages get them from this hook.
        slots.register("card-actions", "bookmarks/save_button.html")
        slots.register("privacy-take-away", "bookmarks/privacy_take_away.html")
        pagecache.register_reader_state(saved_state, ("saved_card_ids", "saved_list_counts"))
        shell.tab(
            "bookmarks:saved",
            pgettext_lazy("tab name", "Saved"),
            icon="bookmarks/tab_icon.html",
            sections=("bookmarks",),
        )
        # Saves made offline, sent when the connection is back: on every page.
        shell.script("bookmarks/outbox.js")
        # Saved and lists live in the reader's own cache on the device; "Delete all my
        # data" empties it.
        # At install, the outbox every page loads, and what sends it: fetched the moment
        # the connection comes back, when it must come from the phone (a module that
        # failed to load once stays failed in that page). Saved's own scripts just after.
        shell.offline(
            static=("bookmarks/outbox.js", "bookmarks/queue.js", "bookmarks/sending.js"),
            later_static=("bookmarks/",),
            personal=("/saved/",),
            clears=("bookmarks:delete_everything",),
        )
