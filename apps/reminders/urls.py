from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("reminders/", views.reminders, name="page"),
    path("reminders/calendar/", views.calendar_file, name="calendar"),
    path("reminders/notifications/", views.turn_on, name="turn_on"),
    path("reminders/notifications/<uuid:pk>/off/", views.turn_off, name="turn_off"),
]
