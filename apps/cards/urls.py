from django.urls import path

from . import views

app_name = "cards"

urlpatterns = [
    path("", views.feed, name="feed"),
    path("about/", views.about, name="about"),
]
