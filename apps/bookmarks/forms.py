from django import forms

from .models import MAX_LIST_NAME, MAX_NOTE, BookmarkList


class ListNameForm(forms.Form):
    name = forms.CharField(
        label="List name",
        max_length=MAX_LIST_NAME,
        strip=True,
        error_messages={
            "required": "Give the list a name.",
            "max_length": f"Keep the name to {MAX_LIST_NAME} characters or fewer.",
        },
    )

    def __init__(self, *args, token, renaming: BookmarkList | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.token, self.renaming = token, renaming

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        taken = BookmarkList.objects.filter(
            reader__token=self.token, deleted_at__isnull=True, name__iexact=name
        )
        if self.renaming:
            taken = taken.exclude(pk=self.renaming.pk)
        if taken.exists():
            raise forms.ValidationError(f"You already have a list called “{name}”.")
        return name


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Why this one mattered",
        required=False,
        max_length=MAX_NOTE,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"Keep the note to {MAX_NOTE:,} characters or fewer."},
    )
