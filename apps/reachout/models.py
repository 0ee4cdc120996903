"""The feelings of the "When you want to reach out" path, loaded from seeds/feelings.yaml."""

from django.db import models

from apps.cards.models import Card, InLanguages
from apps.core.pagecache import ContentQuerySet


class Feeling(InLanguages):
    SHOWN = ("name", "line")  # in Spanish and German from seeds/<language>/feelings.yaml

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=40)
    # Shown above the card for it: an acknowledgement, never advice.
    line = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    cards = models.ManyToManyField(Card, through="FeelingCard", related_name="+")

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class Nuance(InLanguages):
    """A finer word for a feeling, to tap instead of the feeling's own name."""

    SHOWN = ("words",)

    feeling = models.ForeignKey(Feeling, on_delete=models.CASCADE, related_name="nuances")
    slug = models.SlugField()
    words = models.CharField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["feeling", "slug"], name="unique_nuance_per_feeling")
        ]

    def __str__(self):
        return self.words


class FeelingCard(models.Model):
    """A card that answers a feeling, in the order the card step offers them."""

    feeling = models.ForeignKey(Feeling, on_delete=models.CASCADE)
    card = models.ForeignKey(Card, on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["feeling", "card"], name="unique_card_per_feeling")
        ]

    def __str__(self):
        return f"{self.feeling}: {self.card}"


class CheckInCard(models.Model):
    """A card for no feeling in particular, named in seeds/feelings.yaml (`check-in:`):
    the check-in's answers take the first and second, and the card step draws from
    them all when no feeling is named."""

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return str(self.card)
