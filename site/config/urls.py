from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("apps.core.urls")),
    path("", include("apps.cards.urls")),
    path("", include("apps.timer.urls")),
    path("", include("apps.bookmarks.urls")),
    path("account/", include("apps.accounts.urls")),
    path("", include("apps.pwa.urls")),
    path("", include("apps.reachout.urls")),
    path("", include("apps.companion.urls")),
    path("admin/", admin.site.urls),
]
