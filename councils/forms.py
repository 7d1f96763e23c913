"""Roster forms. Labels, help texts and lengths come from the models; the rules live in
the services (councils.services), which the views call with the cleaned data."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.forms import DateInput, SafeForm, SafeModelForm, VersionedModelForm

from .models import Function, Seat, Substitute


def _person_label(person) -> str:
    parts = [person.name, person.title, person.party.name]
    return ", ".join(p for p in parts if p)


class FunctionForm(VersionedModelForm):
    class Meta:
        model = Function
        fields = ["title", "party", "attendance", "is_group", "is_management_group", "note"]
        widgets = {"attendance": forms.RadioSelect}

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = agreement.parties.select_related("party")
        self.fields["party"].empty_label = None


class SeatForm(SafeModelForm):
    class Meta:
        model = Seat
        fields = ["person", "valid_from", "valid_to"]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].empty_label = _("– Välj person –")
        self.fields["person"].label_from_instance = _person_label


class SeatEndForm(SafeForm):
    valid_to = forms.DateField(label=_("Sista dag i uppdraget"), widget=DateInput())
    successor = forms.ModelChoiceField(
        label=_("Efterträdare"),
        queryset=None,
        required=False,
        help_text=_(
            "Tillsätts från och med dagen efter. Den som ensam sammankallar organet kan "
            "bara lämna uppdraget till en efterträdare, om det inte slutar med "
            "överenskommelsen."
        ),
    )

    def __init__(self, *args, successors=None, **kwargs):
        """`successors`: who may take the seat over (offered for the convening function)."""
        super().__init__(*args, **kwargs)
        if successors is None:
            del self.fields["successor"]
        else:
            self.fields["successor"].queryset = successors
            self.fields["successor"].empty_label = _("– Ingen –")
            self.fields["successor"].label_from_instance = _person_label


class SubstituteForm(SafeModelForm):
    class Meta:
        model = Substitute
        fields = ["person"]

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].empty_label = _("– Välj person –")
        self.fields["person"].label_from_instance = _person_label


class PersonInviteForm(SafeForm):
    first_name = forms.CharField(label=_("Förnamn"), max_length=150)
    last_name = forms.CharField(label=_("Efternamn"), max_length=150)
    email = forms.EmailField(
        label=_("E-postadress"),
        help_text=_("Inbjudan med en länk för att välja lösenord skickas hit."),
    )
    agreement_party = forms.ModelChoiceField(
        label=_("Arbetar hos"), queryset=None, empty_label=None
    )
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement_party"].queryset = agreement.parties.select_related("party")
        self.fields["agreement_party"].label_from_instance = lambda ap: ap.party.name
