from django.urls import path

from . import views

app_name = "companion"

urlpatterns = [
    path("my-plan/", views.plan, name="plan"),
    path("evening/", views.evening, name="evening"),
]
