"""Forms of the annex versions' pages (samverkan/views_annexes.py): signing with the
password re-entered, and the reason a version is sent back or rejected."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import SafeForm


class SignForm(SafeForm):
    """The party to sign for (a choice only for someone who signs for several) and the
    signer's password, asked again just before signing."""

    password = forms.CharField(
        label=_("Ditt lösenord"),
        strip=False,
        help_text=_("Ange ditt lösenord igen för att underteckna."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = list(parties)
        if len(self.parties) > 1:
            self.fields["party"] = forms.TypedChoiceField(
                label=_("Undertecknar för"),
                choices=[("", "---------")] + [(p.pk, p.display_name) for p in self.parties],
                coerce=int,
            )
            self.order_fields(["party", "password"])

    def clean(self):
        data = super().clean()
        if len(self.parties) == 1:
            data["party"] = self.parties[0]
        elif "party" in data:
            data["party"] = next(p for p in self.parties if p.pk == data["party"])
        return data


class ReasonForm(SafeForm):
    """Why the council sent the version back or rejected it, as the minutes say."""

    reason = forms.CharField(
        label=_("Skäl"),
        help_text=_("Som det står i protokollet från strategiska rådet."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
