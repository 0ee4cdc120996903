from django.urls import path

from . import views

app_name = "reachout"

urlpatterns = [
    path("reach-out/", views.start, name="start"),
    path("reach-out/feeling/", views.feeling, name="feeling"),
    path("reach-out/card/", views.card, name="card"),
    path("reach-out/write/", views.write, name="write"),
    path("reach-out/wait/", views.wait, name="wait"),
    path("reach-out/check-in/", views.check_in, name="check_in"),
    path("reach-out/not-sent/", views.not_sent, name="not_sent"),
]
