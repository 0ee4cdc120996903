from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CardsConfig(AppConfig):
    name = "apps.cards"
    label = "cards"

    def ready(self):
        from apps.core import pagecache, shell

        from . import search, seeds, translations
        from .models import Article, Card, CardTopic, Topic

        # seeds/es/, seeds/de/: the same cards in Spanish and German, after the English.
        seeds.register_loader(translations.read_translations, translations.load_translations)

        # Saves and deletes from the admin, the shell or `loadseeds` retire cached
        # pages (a card's topics and their order too, edited in the card's inline);
        # bulk writes too (ContentQuerySet).
        pagecache.register_content(Card, Article, Topic, CardTopic)
        # The synonyms are read once per process, like templates, and shape the kept
        # search pages: a changed file is a new deploy.
        for language in search.CONFIGS:
            pagecache.register_deploy_file(search.synonyms_file(language))
        shell.tab(
            "cards:feed", gettext_lazy("Cards"), icon="cards/tab_icon.html", sections=("cards",)
        )
        shell.footer_link("cards:about", gettext_lazy("About these cards"))
        # Read pages stay readable offline; every card of the app's own voice, and more
        # on a good connection, are kept after install (cards:offline_cards). At install,
        # what the cards shown on the timer and the path need; the rest just after.
        shell.offline(
            static=("cards/cards.css", "cards/chips.js", "cards/place.js", "cards/stored.js"),
            later_static=("cards/",),
            readable=("/$", "/cards/", "/articles/", "/about/$"),
            lists=("cards:offline_cards",),
        )
