from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.forms import DateInput, VersionedForm

from .models import Function


class FunctionForm(VersionedForm):
    title = forms.CharField(
        label=_("Funktion"), max_length=200, help_text=_("Till exempel ”Kommunpolis”.")
    )
    party = forms.ModelChoiceField(label=_("Part"), queryset=None, empty_label=None)
    attendance = forms.ChoiceField(
        label=_("Deltagande"),
        choices=Function.Attendance.choices,
        widget=forms.RadioSelect,
        initial=Function.Attendance.ALWAYS,
    )
    is_group = forms.BooleanField(
        label=_("Grupp med flera innehavare"),
        required=False,
        help_text=_(
            "Till exempel kommunens ledningsgrupp eller representanter från förvaltningarna."
        ),
    )
    is_management_group = forms.BooleanField(
        label=_("Kommunens ledningsgrupp (deltar utökad vid de utökade mötena)"), required=False
    )
    note = forms.CharField(label=_("Anmärkning"), max_length=300, required=False)

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = agreement.parties.select_related("party")


class SeatForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=None, empty_label=_("– Välj person –")
    )
    valid_from = forms.DateField(label=_("Från och med"), widget=DateInput())
    valid_to = forms.DateField(
        label=_("Till och med"),
        widget=DateInput(),
        required=False,
        help_text=_("Lämna tomt om uppdraget gäller tills vidare."),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = _person_label


class SeatEndForm(forms.Form):
    valid_to = forms.DateField(label=_("Sista dag i uppdraget"), widget=DateInput())


class SubstituteForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Ersättare"), queryset=None, empty_label=_("– Välj person –")
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = _person_label


def _person_label(person) -> str:
    parts = [person.name, person.title, person.party.name]
    return ", ".join(p for p in parts if p)


class PersonInviteForm(forms.Form):
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
