from django.apps import AppConfig


class BookmarksConfig(AppConfig):
    name = "apps.bookmarks"
    label = "bookmarks"
