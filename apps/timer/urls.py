from django.urls import path

from . import views

app_name = "timer"

urlpatterns = [
    path("stand-still/", views.stand_still, name="stand_still"),
]
