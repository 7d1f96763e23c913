"""The forms of two-factor sign-in (samverkan/twofactor.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import SafeForm


class CodeForm(SafeForm):
    """A six-digit code from the app, or (at sign-in) a recovery code."""

    code = forms.CharField(
        label=_("Kod"),
        max_length=20,
        error_messages={"required": _("Skriv koden.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = help_text


class PasswordConfirmForm(SafeForm):
    """The password again, before the second factor is removed."""

    password = forms.CharField(
        label=_("Ditt lösenord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Skriv ditt lösenord.")},
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Lösenordet stämmer inte."))
        return password
