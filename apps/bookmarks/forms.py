from django import forms

from apps.core.params import BadNumber, parse_int

from . import imports, names
from .models import MAX_LIST_NAME, MAX_NOTE, BookmarkList

NAME_ERRORS = {
    "required": "Give the list a name.",
    "max_length": f"Keep the name to {MAX_LIST_NAME} characters or fewer.",
}


def taken_message(name: str) -> str:
    return f"You already have a list called “{name}”."


def clean_list_name(value: str, token, renaming: BookmarkList | None = None) -> str:
    """A new list name, tidied (see names.py), and refused when the reader has it already.

    This check is for a clear message; the services refuse a clash the database sees."""
    name = names.tidy(value)
    if not name:
        raise forms.ValidationError(NAME_ERRORS["required"], code="required")
    if len(name) > MAX_LIST_NAME:
        raise forms.ValidationError(NAME_ERRORS["max_length"], code="max_length")
    taken = BookmarkList.objects.filter(
        reader__token=token, deleted_at__isnull=True, name_key=names.key(name)
    )
    if renaming:
        taken = taken.exclude(pk=renaming.pk)
    if taken.exists():
        raise forms.ValidationError(taken_message(name), code="taken")
    return name


class ListNameForm(forms.Form):
    name = forms.CharField(
        label="List name", max_length=MAX_LIST_NAME, strip=True, error_messages=NAME_ERRORS
    )

    def __init__(self, *args, token, renaming: BookmarkList | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.token, self.renaming = token, renaming

    def clean_name(self):
        return clean_list_name(self.cleaned_data["name"], self.token, self.renaming)


class TickedListsField(forms.Field):
    """The ticked boxes of the "Add to lists" dialog: "saved" and list ids.

    Cleans to (in_saved, ids). Anything but "saved" or a list id is an error."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value or []
        try:
            ids = {parse_int(item, low=1) for item in values if item != "saved"}
        except BadNumber:
            raise forms.ValidationError("Tick lists from the list.", code="bad_id") from None
        return "saved" in values, ids

    def validate(self, value):
        pass  # none ticked is a choice: the card leaves every list


class CardListsForm(forms.Form):
    """The "Add to lists" dialog: exactly which lists hold a card, and perhaps a new one."""

    lists = TickedListsField(required=False)
    new_list = forms.CharField(
        label="Or a new list",
        required=False,
        max_length=MAX_LIST_NAME,
        strip=True,
        error_messages=NAME_ERRORS,
    )

    def __init__(self, *args, token, **kwargs):
        super().__init__(*args, **kwargs)
        self.token = token

    def clean_new_list(self):
        value = self.cleaned_data["new_list"]
        return clean_list_name(value, self.token) if value else ""


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Why this one mattered",
        required=False,
        max_length=MAX_NOTE,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"Keep the note to {MAX_NOTE:,} characters or fewer."},
    )


class ImportForm(forms.Form):
    """An export to read back: cleans to its lists (imports.read_export), or a field error."""

    file = forms.FileField(
        label="Your export (.json)",
        error_messages={
            "required": "Choose the file to import: stand-still-saved.json.",
            "empty": imports.NOT_AN_EXPORT,
            "invalid": imports.NOT_AN_EXPORT,
        },
    )

    def clean_file(self):
        try:
            return imports.read_export(self.cleaned_data["file"])
        except imports.BadFile as bad:
            raise forms.ValidationError(str(bad), code="bad_file") from None
