from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

# Every page in every language: English at /, Spanish at /es/, German at /de/.
urlpatterns = [
    # The language chooser: a plain form post, remembered in a cookie (no JavaScript).
    path("language/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
urlpatterns += i18n_patterns(
    path("", include("apps.core.urls")),
    path("", include("apps.cards.urls")),
    path("", include("apps.timer.urls")),
    path("", include("apps.bookmarks.urls")),
    path("account/", include("apps.accounts.urls")),
    path("", include("apps.pwa.urls")),
    path("", include("apps.reachout.urls")),
    path("", include("apps.companion.urls")),
    path("", include("apps.reminders.urls")),
    prefix_default_language=False,
)
