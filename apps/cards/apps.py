from django.apps import AppConfig


class CardsConfig(AppConfig):
    name = "apps.cards"
    label = "cards"

    def ready(self):
        from apps.core import pagecache

        from . import search
        from .models import Article, Card, CardTopic, Topic

        # Saves and deletes from the admin, the shell or `loadseeds` retire cached
        # pages (a card's topics and their order too, edited in the card's inline);
        # bulk writes call pagecache.content_changed() themselves.
        pagecache.register_content(Card, Article, Topic, CardTopic)
        # The synonyms are read once per process, like templates, and shape the kept
        # search pages: a changed file is a new deploy.
        pagecache.register_deploy_file(search.SYNONYMS_FILE)
