from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import views
from .sitemaps import SITEMAPS

app_name = "cards"

urlpatterns = [
    path("", views.feed, name="feed"),
    path("about/", views.about, name="about"),
    path("search/", views.search, name="search"),
    path("draw/", views.draw, name="draw"),
    path("draw/cards.json", views.draw_deck, name="draw_deck"),
    path("cards/offline.json", views.offline_cards, name="offline_cards"),
    path("articles/", views.articles, name="articles"),
    path("articles/<slug:slug>/", views.article, name="article"),
    path("cards/<slug:article_slug>/<slug:card_slug>/", views.card, name="card"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]
