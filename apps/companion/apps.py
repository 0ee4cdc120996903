from django.apps import AppConfig


class CompanionConfig(AppConfig):
    """Between the hard moments: My plan and the evening check-in, kept on the phone."""

    name = "apps.companion"
    label = "companion"
