from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Agreement
from .validators import validate_organisation_number


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class VersionedForm(forms.Form):
    """Carries the version the user saw, so a concurrent change is detected on save."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the fields it names, the rest above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error.messages)
    else:
        form.add_error(None, exc.messages)


class AgreementForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Agreement
        fields = [
            "title",
            "municipality",
            "valid_from",
            "valid_to",
            "signed_place",
            "signed_on",
            "status",
        ]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput(), "signed_on": DateInput()}

    def _post_clean(self):
        # The check constraint's message would land above the form; model.clean()
        # already reports the same rule on valid_to, which is where the user looks.
        super()._post_clean()
        duplicate = str(Agreement._meta.constraints[0].violation_error_message)
        if "valid_to" in self.errors and None in self.errors:
            remaining = [e for e in self.errors[None] if e != duplicate]
            if remaining:
                self.errors[None] = self.error_class(remaining, error_class="nonfield")
            else:
                del self.errors[None]


class AgreementPartyForm(VersionedForm):
    name = forms.CharField(label=_("Namn"), max_length=200)
    organisation_number = forms.CharField(
        label=_("Organisationsnummer"),
        max_length=13,
        validators=[validate_organisation_number],
        help_text=_("Tio siffror, till exempel 212000-1223."),
    )
    address = forms.CharField(label=_("Adress"), max_length=300, required=False)
    short_name = forms.CharField(
        label=_("Kortnamn"),
        max_length=50,
        help_text=_("Som i avtalstexten, till exempel ”Kommunen”."),
    )
    party_description = forms.CharField(
        label=_("Part enligt avtalstexten"), max_length=300, required=False
    )
    signatory_name = forms.CharField(label=_("Firmatecknare"), max_length=200, required=False)
    signatory_title = forms.CharField(
        label=_("Firmatecknarens titel"), max_length=300, required=False
    )
    signatory_user = forms.ModelChoiceField(
        label=_("Undertecknar i tjänsten"),
        queryset=None,
        required=False,
        empty_label=_("– Ingen –"),
        help_text=_("Den användare som skriver under bilagor för parten."),
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        user_ids = [] if people is None else [p.user_id for p in people]
        self.fields["signatory_user"].queryset = get_user_model().objects.filter(pk__in=user_ids)
        self.fields["signatory_user"].label_from_instance = lambda u: (
            u.get_full_name() or u.username
        )
