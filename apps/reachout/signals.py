"""A change to a feeling retires the cached pages, as a card change does (see
apps/cards/signals.py): the path's pages embed the feelings and their cards."""

from django.db.models.signals import post_delete, post_save

from apps.cards import pagecache

from .models import Feeling, FeelingCard, Nuance


def _changed(sender, **kwargs):
    pagecache.content_changed()


def connect() -> None:
    for model in (Feeling, Nuance, FeelingCard):
        name = model.__name__
        post_save.connect(_changed, sender=model, dispatch_uid=f"pagecache-save-{name}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"pagecache-delete-{name}")
