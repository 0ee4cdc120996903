import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.cards.models import Card

from . import names

MAX_LISTS = 100
MAX_BOOKMARKS = 5_000
MAX_NOTE = 1_000
MAX_LIST_NAME = 60
DEFAULT_LIST_NAME = "Saved"


class Reader(models.Model):
    """Whoever owns saved cards: a visitor known by a signed cookie holding `token`.

    The row is created on the first save, not on a page view. A later accounts
    feature attaches a user here; `services.merge_readers` folds two readers into one.
    """

    token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reader",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Reader {self.pk}"


class BookmarkList(models.Model):
    reader = models.ForeignKey(Reader, on_delete=models.CASCADE, related_name="lists")
    name = models.CharField(max_length=MAX_LIST_NAME)
    # `names.key(name)`, set on every save: two lists of a reader never share it.
    name_key = models.CharField(max_length=4 * MAX_LIST_NAME, editable=False)
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Deleting a list only marks it, so Undo can bring it back; old ones are purged.
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-is_default", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reader", "name_key"],
                condition=Q(deleted_at__isnull=True),
                name="list_name_key_unique_per_reader",
            ),
            models.UniqueConstraint(
                fields=["reader"], condition=Q(is_default=True), name="one_default_list_per_reader"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, update_fields=None, **kwargs):
        self.name_key = names.key(self.name)
        if update_fields is not None and "name" in update_fields:
            update_fields = {*update_fields, "name_key"}
        super().save(*args, update_fields=update_fields, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("bookmarks:list", args=[self.pk])


class Bookmark(models.Model):
    """A card kept in a list, with an optional private note."""

    list = models.ForeignKey(BookmarkList, on_delete=models.CASCADE, related_name="bookmarks")
    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(max_length=MAX_NOTE, blank=True)
    position = models.IntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["list", "card"], name="card_once_per_list"),
        ]

    def __str__(self):
        return f"{self.card} in {self.list}"


class AppliedChange(models.Model):
    """A save, an unsave or a note sent with an Idempotency-Key (by the offline outbox),
    applied once.

    A replay of the same key changes nothing, even after later changes to the card;
    the same key sent with another action ("save", "unsave", "note") or card is a
    client error (409).
    """

    reader = models.ForeignKey(Reader, on_delete=models.CASCADE, related_name="+")
    key = models.UUIDField()
    # What the key was sent with: the same key for another change is refused.
    action = models.CharField(max_length=10, blank=True)
    card = models.ForeignKey(Card, null=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reader", "key"], name="change_key_once_per_reader"),
        ]

    def __str__(self):
        return str(self.key)
