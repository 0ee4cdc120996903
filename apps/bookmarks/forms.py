from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.params import BadNumber, parse_int

from . import imports, names
from .models import MAX_LIST_NAME, MAX_NOTE

NAME_ERRORS = {
    "required": gettext_lazy("Give the list a name."),
    # Made when shown, in the reader's language (a lazy text's % is not lazy).
    "max_length": lazy(
        lambda: _("Keep the name to %(max)s characters or fewer.") % {"max": MAX_LIST_NAME}, str
    )(),
}


def clean_list_name(value: str) -> str:
    """A list name, tidied (see names.py). Whether the reader has it already is for
    the service that writes the list to say (services.NameTaken, shown as this
    field's error): it is checked there once, and holds when two tabs race."""
    name = names.tidy(value)
    if not name:
        raise forms.ValidationError(NAME_ERRORS["required"], code="required")
    if len(name) > MAX_LIST_NAME:
        raise forms.ValidationError(NAME_ERRORS["max_length"], code="max_length")
    return name


class ListNameForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("List name"),
        max_length=MAX_LIST_NAME,
        strip=True,
        error_messages=NAME_ERRORS,
    )

    def clean_name(self):
        return clean_list_name(self.cleaned_data["name"])


class TickedListsField(forms.Field):
    """The ticked boxes of the "Add to lists" dialog: "saved" and list ids.

    Cleans to (in_saved, ids). Anything but "saved" or a list id is an error."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value or []
        try:
            ids = {parse_int(item, low=1) for item in values if item != "saved"}
        except BadNumber:
            raise forms.ValidationError(_("Tick lists from the list."), code="bad_id") from None
        return "saved" in values, ids

    def validate(self, value):
        pass  # none ticked is a choice: the card leaves every list


class CardListsForm(forms.Form):
    """The "Add to lists" dialog: exactly which lists hold a card, and perhaps a new one."""

    lists = TickedListsField(required=False)
    new_list = forms.CharField(
        label=gettext_lazy("Or a new list"),
        required=False,
        max_length=MAX_LIST_NAME,
        strip=True,
        error_messages=NAME_ERRORS,
    )

    def clean_new_list(self):
        value = self.cleaned_data["new_list"]
        return clean_list_name(value) if value else ""


class NoteForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Why this one mattered"),
        required=False,
        max_length=MAX_NOTE,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": lazy(
                lambda: (
                    _("Keep the note to %(max)s characters or fewer.") % {"max": f"{MAX_NOTE:,}"}
                ),
                str,
            )()
        },
    )


class ImportForm(forms.Form):
    """An export to read back: cleans to its lists (imports.read_export), or a field error."""

    file = forms.FileField(
        label=gettext_lazy("Your export (.json)"),
        error_messages={
            "required": gettext_lazy("Choose the file to import: stand-still-saved.json."),
            "empty": imports.NOT_AN_EXPORT,
            "invalid": imports.NOT_AN_EXPORT,
        },
    )

    def clean_file(self):
        try:
            return imports.read_export(self.cleaned_data["file"])
        except imports.BadFile as bad:
            raise forms.ValidationError(str(bad), code="bad_file") from None
