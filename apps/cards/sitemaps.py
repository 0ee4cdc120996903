from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article, Card


class InLanguages(Sitemap):
    """Each page in every language, with its `hreflang` alternates (English the default)."""

    i18n = True
    alternates = True
    x_default = True


class PageSitemap(InLanguages):
    def items(self):
        return ["cards:feed", "cards:about"]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(InLanguages):
    def items(self):
        return Article.objects.live()


class CardSitemap(InLanguages):
    """Live cards only: archived ones still answer, but are no longer offered."""

    def items(self):
        return Card.objects.live().select_related("article").in_reading_order()

    def lastmod(self, card):
        return card.updated_at


SITEMAPS = {"pages": PageSitemap, "articles": ArticleSitemap, "cards": CardSitemap}
