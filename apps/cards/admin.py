"""The admin, for editors. seeds/ stays the source of truth: the next `loadseeds`
puts back the seed text of any card edited here, so lasting changes belong in seeds/."""

from django import forms
from django.contrib import admin
from django.db.models import Count

from . import care
from .models import Article, Card, CardTopic, Topic
from .text import count_words, reading_seconds, render_markdown

SEEDS_NOTE = (
    "Edits here last until the next loadseeds, which restores the text in seeds/. "
    "Change the article's Markdown file to keep an edit."
)


def _render(card: Card) -> None:
    """What loadseeds derives from the Markdown, derived again after an edit."""
    card.body_html = render_markdown(card.body_markdown)
    card.word_count = count_words(card.body_markdown)
    card.reading_seconds = reading_seconds(card.word_count)


def _cared_for(text: str) -> str:
    """`text` as the care guide wants it (seeds/README.md), or the sentence that breaks
    it as a field error: the check loadseeds makes on seeds/, made on an edit here,
    which reaches readers at once."""
    if found := care.unattributed(text):
        raise forms.ValidationError(
            "This speaks of a return, destiny or signs without saying whose belief it is "
            "(the care guide, seeds/README.md): “%(sentence)s”",
            params={"sentence": found[0]},
        )
    return text


def _heading_cared_for(heading: str) -> str:
    """A card's or an article's title, held to the care guide's rule for headings."""
    if problem := care.heading_problem(heading):
        raise forms.ValidationError(
            "“%(heading)s”: %(problem)s (the care guide, seeds/README.md).",
            params={"heading": heading, "problem": problem},
        )
    return heading


class CardForm(forms.ModelForm):
    def clean_title(self):
        return _heading_cared_for(self.cleaned_data["title"])

    def clean_body_markdown(self):
        return _cared_for(self.cleaned_data["body_markdown"])

    def clean(self):
        """A card that ends breathing sessions never speaks of a return: checked on the
        body and the check-in mark as they will be saved, not as they were."""
        cleaned = super().clean()
        check_in = cleaned.get("check_in", self.instance.check_in)
        body = cleaned.get("body_markdown", "")
        if check_in and (returns := care.speaks_of_return(body)):
            self.add_error(
                "body_markdown",
                forms.ValidationError(
                    "This card ends breathing sessions, so it may not speak of a return: "
                    "“%(sentence)s”",
                    params={"sentence": returns[0]},
                ),
            )
        return cleaned


class ArticleForm(forms.ModelForm):
    def clean_title(self):
        return _heading_cared_for(self.cleaned_data["title"])

    def clean_summary(self):
        return _cared_for(self.cleaned_data["summary"])


class TopicForm(forms.ModelForm):
    def clean_description(self):
        return _cared_for(self.cleaned_data["description"])


class CardTopicInline(admin.TabularInline):
    """A card's topics in order: its first topic (position 0) is what it is most about,
    and that topic's page shows it before cards that have the topic later."""

    model = CardTopic
    extra = 1
    fields = ["topic", "position"]
    ordering = ["position", "pk"]
    verbose_name = "topic"
    verbose_name_plural = "Topics, the first being what the card is most about"


class CardInline(admin.StackedInline):
    """The article's cards; a card's topics are edited on the card's own page."""

    model = Card
    form = CardForm
    extra = 0
    fields = [("title", "slug"), "position", "body_markdown", "archived_at"]
    prepopulated_fields = {"slug": ["title"]}
    ordering = ["position", "pk"]
    show_change_link = True


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ["title", "perspective", "position", "card_count", "archived_at"]
    list_filter = ["perspective", "topics", ("archived_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "summary", "source_title", "cards__title"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["topics"]
    fieldsets = [
        (None, {"description": SEEDS_NOTE, "fields": ["title", "slug", "summary"]}),
        ("Voice", {"fields": ["perspective", "topics"]}),
        ("Source", {"fields": ["source_title", "source_file"]}),
        (None, {"fields": ["position", "archived_at"]}),
    ]
    inlines = [CardInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(card_total=Count("cards"))

    @admin.display(description="cards", ordering="card_total")
    def card_count(self, article):
        return article.card_total

    def save_formset(self, request, form, formset, change):
        cards = formset.save(commit=False)
        for card in cards:
            _render(card)
            card.save()
        for card in formset.deleted_objects:
            card.delete()
        formset.save_m2m()


@admin.register(Card)
class CardAdmin(admin.ModelAdmin):
    form = CardForm
    list_display = ["title", "article", "position", "word_count", "archived_at"]
    list_filter = [
        "topics",
        "article__perspective",
        "check_in",
        "article",
        ("archived_at", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["article"]
    search_fields = ["title", "body_markdown", "article__title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["article"]
    inlines = [CardTopicInline]
    # check_in is set only in seeds/, where loadseeds checks that the card never
    # speaks of a return (seeds/README.md).
    readonly_fields = ["check_in", "word_count", "reading_seconds", "updated_at"]
    fieldsets = [
        (None, {"description": SEEDS_NOTE, "fields": ["article", "title", "slug", "position"]}),
        (None, {"fields": ["body_markdown", "check_in", "archived_at"]}),
        ("Derived from the Markdown", {"fields": ["word_count", "reading_seconds", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")

    def save_model(self, request, obj, form, change):
        _render(obj)
        super().save_model(request, obj, form, change)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    form = TopicForm
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
