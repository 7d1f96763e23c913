from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting

from .models import Agreement, AgreementParty, Party
from .validators import validate_organisation_number


class FormRenderer(TemplatesSetting):
    """Renders every form with includes/_form.html, so `{{ form }}` is the whole form."""

    form_template_name = "includes/_form.html"


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


class VersionedModelForm(forms.ModelForm):
    """A model form that carries the version the user saw (see VersionedForm)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AgreementForm(VersionedModelForm):
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
    """A party's details (the organisation's and those it has in this agreement). Who signs
    in the app is designated and confirmed apart (samverkan/signatories.py); the
    signatory's name and title here are the text printed in the agreement."""

    # Labels, help texts and lengths as the models define them.
    name, organisation_number, address = forms.fields_for_model(
        Party, fields=["name", "organisation_number", "address"]
    ).values()
    short_name, party_description, signatory_name, signatory_title = forms.fields_for_model(
        AgreementParty,
        fields=["short_name", "party_description", "signatory_name", "signatory_title"],
    ).values()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        number = self.fields["organisation_number"]
        # Typed with spaces or a hyphen; checked here, normalised by the service.
        number.max_length = number.widget.attrs["maxlength"] = 13
        number.validators = [MaxLengthValidator(13), validate_organisation_number]
