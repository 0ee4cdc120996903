from django import forms
from django.utils.translation import gettext_lazy

from .models import MAX_PASSKEY_NAME


class CodeForm(forms.Form):
    code = forms.CharField(max_length=40, strip=True)


class PasskeyNameForm(forms.Form):
    name = forms.CharField(
        max_length=MAX_PASSKEY_NAME,
        strip=True,
        error_messages={
            "required": gettext_lazy("Give the passkey a name, so you know which it is.")
        },
    )
