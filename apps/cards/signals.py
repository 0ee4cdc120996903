"""Any change to cards, articles or topics retires the cached pages (pagecache.py).

Saves and deletes from the admin, the shell or `loadseeds` all pass through here.
Bulk writes (`bulk_create`, `QuerySet.update`) send no signals: code that makes
them calls `pagecache.content_changed()` itself, as `loadseeds` does.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from . import pagecache
from .models import Article, Card, Topic


def _changed(sender, **kwargs):
    pagecache.content_changed()


def connect() -> None:
    for model in (Card, Article, Topic):
        post_save.connect(_changed, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}")
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}"
        )
    for through in (Card.topics.through, Article.topics.through):
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"pagecache-m2m-{through}")
