import html

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from apps.core.pagecache import ContentQuerySet

# A card's place in the whole feed: its article's position, then its own. Stored and
# indexed so the feed reads pages in order instead of sorting every card each time.
ARTICLE_STRIDE = 1_000_000


def reading_order_of(article_position: int, card_position: int) -> int:
    return article_position * ARTICLE_STRIDE + card_position


class Perspective(models.TextChoices):
    """Whose voice an article's cards carry; each card shows it (seeds/README.md)."""

    GUIDE = "guide", _("Guide")
    RUNNER_ACCOUNT = "runner-account", _("A runner's account")
    ANOTHER_VIEW = "another-view", _("Another view")
    PSYCHIC_VIEW = "psychic-view", _("A psychic's view")
    # The app's own cards: written for Stand Still, drawn from no source article.
    STAND_STILL = "stand-still", _("From Stand Still")


def shown_language() -> str:
    """The language a page is being read in: the active one, as its bare code ("es")."""
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


class InLanguages(models.Model):
    """Words in more languages than the seeds' own (English): `texts` holds, by language
    code, the `SHOWN` fields in that language (apps/cards/translations.py loads them).

    An instance loaded while another language is active shows that language's words in
    those fields (`shown_in` is its code), or keeps English and is `untranslated`. It is
    one object in every language (saves, lists, links follow the reader), and one shown
    in another language is never saved: the English words are never overwritten."""

    SHOWN: tuple[str, ...] = ()
    texts = models.JSONField(default=dict, blank=True, editable=False)

    shown_in = settings.LANGUAGE_CODE
    untranslated = False

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.shown_in != settings.LANGUAGE_CODE:
            raise ValueError(f"{self!r} shows its {self.shown_in} words: it is not saved")
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        language = shown_language()
        if language == settings.LANGUAGE_CODE or "texts" not in instance.__dict__:
            return instance
        words = instance.texts.get(language)
        if not words:
            instance.untranslated = True
            return instance
        for name in cls.SHOWN:
            if name in words and name in instance.__dict__:
                setattr(instance, name, words[name])
        instance.shown_in = language
        return instance


class Topic(InLanguages):
    SHOWN = ("name", "description")

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=60)
    description = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.name


class ArticleQuerySet(ContentQuerySet):
    def live(self):
        return self.filter(archived_at__isnull=True)


class Article(InLanguages):
    """One source article, retold as a sequence of cards (loaded from seeds/)."""

    SHOWN = ("title", "summary")

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=200)
    perspective = models.CharField(max_length=20, choices=Perspective.choices)
    # Empty for the app's own articles (Perspective.STAND_STILL), which have no source.
    source_file = models.CharField(max_length=120, blank=True)
    source_title = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    topics = models.ManyToManyField(Topic, related_name="articles", blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    # Loaded from seeds/: only such an article is archived when its file goes. One made
    # in the admin or by the benchmarks is left alone by `loadseeds`.
    from_seeds = models.BooleanField(default=False, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Keep the cards' stored reading order in step with the article's place.
        self.cards.update(reading_order=self.position * ARTICLE_STRIDE + models.F("position"))

    def get_absolute_url(self):
        return reverse("cards:article", args=(self.slug,))

    @property
    def is_another_view(self):
        return self.perspective != Perspective.GUIDE

    @property
    def is_stand_still(self):
        """Written in the app's own voice, not retold from a source article."""
        return self.perspective == Perspective.STAND_STILL


class CardQuerySet(ContentQuerySet):
    def live(self):
        """Cards in the feed: neither they nor their article are archived."""
        return self.filter(archived_at__isnull=True, article__archived_at__isnull=True)

    def in_reading_order(self):
        # The stored, indexed order (see reading_order_of); pk breaks ties, so pages
        # of cards never overlap or skip one.
        return self.order_by("reading_order", "pk")


class Card(InLanguages):
    """A short card: a title and 40 to 120 words carrying one idea of its article.

    A card removed from seeds/ is archived, never deleted, so bookmarks keep it.
    """

    SHOWN = ("title", "body_markdown", "body_html", "word_count", "reading_seconds")

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="cards")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=60)
    body_markdown = models.TextField()
    body_html = models.TextField(help_text="Rendered and sanitized from the Markdown at load time.")
    position = models.PositiveSmallIntegerField(default=0)
    topics = models.ManyToManyField(Topic, related_name="cards", through="CardTopic")
    word_count = models.PositiveSmallIntegerField(default=0)
    reading_seconds = models.PositiveSmallIntegerField(default=0)
    check_in = models.BooleanField(
        default=False,
        help_text="Offered at the end of a breathing session. Set in seeds/ ('check-in: yes'); "
        "such a card never speaks of a return.",
    )
    reading_order = models.PositiveBigIntegerField(
        null=True, editable=False, help_text="Article position, then card position (derived)."
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CardQuerySet.as_manager()

    class Meta:
        ordering = ["reading_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "slug"], name="card_slug_unique_in_article"),
        ]
        indexes = [
            models.Index(fields=["archived_at", "position"]),
            models.Index(fields=["archived_at", "reading_order", "id"], name="card_feed_order"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.reading_order = reading_order_of(self.article.position, self.position)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("cards:card", args=(self.article.slug, self.slug))

    @property
    def is_archived(self):
        return self.archived_at is not None or self.article.archived_at is not None

    @cached_property
    def plain_text(self) -> str:
        """The body as one line of text, for search excerpts and link previews."""
        return " ".join(html.unescape(strip_tags(self.body_html)).split())


class CardTopic(models.Model):
    """A card's topic, and its place among the card's topics (as seeds/ lists them).

    A topic's page opens with the cards that have it first: `position` 0 is what a card
    is most about. The table is the one the plain many-to-many used (cards_card_topics).
    """

    # No index of its own: the unique (card, topic) index starts with it.
    card = models.ForeignKey(Card, on_delete=models.CASCADE, db_index=False)
    # No index of its own: card_topic_order (below) starts with it.
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, db_index=False)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="0 for the card's first topic, 1 for its second…"
    )

    objects = ContentQuerySet.as_manager()

    class Meta:
        db_table = "cards_card_topics"
        ordering = ["position", "pk"]
        # As the plain many-to-many had it, so the table and its index are kept as they are.
        unique_together = [("card", "topic")]
        # A topic's page reads its cards in the order it shows them (queries.feed_cards).
        indexes = [models.Index(fields=["topic", "position", "card"], name="card_topic_order")]
        verbose_name = "topic of the card"
        verbose_name_plural = "topics of the card"

    def __str__(self):
        return f"{self.topic} ({self.position + 1})"
