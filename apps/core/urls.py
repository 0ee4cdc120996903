from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("help/", views.help_now, name="help"),
    path("privacy/", views.privacy, name="privacy"),
]
