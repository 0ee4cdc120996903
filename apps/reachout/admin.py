"""Feelings in the admin. seeds/feelings.yaml stays the source of truth: the next
`loadseeds` puts the file's feelings back."""

from django.contrib import admin

from .models import CheckInCard, Feeling, FeelingCard, Nuance


class NuanceInline(admin.TabularInline):
    model = Nuance
    extra = 0
    fields = ["words", "slug", "position"]
    prepopulated_fields = {"slug": ["words"]}


class FeelingCardInline(admin.TabularInline):
    model = FeelingCard
    extra = 0
    fields = ["card", "position"]
    raw_id_fields = ["card"]


@admin.register(Feeling)
class FeelingAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (
            None,
            {
                "description": "Edits here last until the next loadseeds, which restores "
                "seeds/feelings.yaml. Change that file to keep an edit.",
                "fields": ["name", "slug", "line", "position"],
            },
        )
    ]
    inlines = [NuanceInline, FeelingCardInline]


@admin.register(CheckInCard)
class CheckInCardAdmin(admin.ModelAdmin):
    list_display = ["card", "position"]
    raw_id_fields = ["card"]
