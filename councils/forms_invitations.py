"""Invitation forms: guests, presenters and "vid behov" functions the convener calls to
a meeting. The rules live in councils.services.invitations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.forms import SafeForm, SafeModelForm

from .forms import _person_label
from .models import Function, Invitee


class GuestForm(SafeModelForm):
    class Meta:
        model = Invitee
        fields = ["name", "organisation", "email"]
        help_texts = {
            "organisation": _("Till exempel ”Räddningstjänsten Halland”."),
            "email": _("Kallelsen med kalenderfil skickas hit."),
        }

    def _post_clean(self):
        # The rules are the service's: the form only parses what was typed.
        pass


class PresenterForm(SafeForm):
    person = forms.ModelChoiceField(label=_("Föredragande"), queryset=None)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].empty_label = _("– Välj person –")
        self.fields["person"].label_from_instance = _person_label


class AsNeededForm(SafeForm):
    function = forms.ModelChoiceField(
        label=_("Funktion"),
        queryset=None,
        help_text=_("De som innehar funktionen den dag mötet hålls kallas."),
    )

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["function"].queryset = body.functions.filter(
            attendance=Function.Attendance.AS_NEEDED
        ).select_related("party")
        self.fields["function"].empty_label = _("– Välj funktion –")
        self.fields["function"].label_from_instance = lambda f: f"{f.title} ({f.party})"
