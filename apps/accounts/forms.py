from django import forms

from .models import MAX_PASSKEY_NAME


class CodeForm(forms.Form):
    code = forms.CharField(max_length=40, strip=True)


class PasskeyNameForm(forms.Form):
    name = forms.CharField(
        max_length=MAX_PASSKEY_NAME,
        strip=True,
        error_messages={"required": "Give the passkey a name, so you know which it is."},
    )
