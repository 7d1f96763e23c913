import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from .models import Agreement, AgreementParty, Party
from .validators import validate_organisation_number


class FormRenderer(TemplatesSetting):
    """Renders every form with includes/_form.html, so `{{ form }}` is the whole form."""

    form_template_name = "includes/_form.html"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


# Invisible characters that make look-alikes ("Kommun\u200bpolis" beside "Kommunpolis")
# or turn the reading order of the text around (bidi overrides). Multi-line text keeps
# the zero-width (non-)joiners, which emoji and some scripts need.
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_INVISIBLE_IN_TEXT = _BIDI_CONTROLS | {"\u200b", "\u200e", "\u200f", "\u2060", "\ufeff"}
_MULTILINE_WHITESPACE = {"\n", "\r", "\t"}


def text_problem(value: str, *, multiline: bool) -> str | None:
    """Why `value` is refused as typed text, or None: single-line text has no line breaks,
    control characters or invisible formatting characters; multi-line text keeps line
    breaks and tabs but refuses the other control characters and the invisible ones."""
    for char in value:
        category = unicodedata.category(char)
        if category == "Cc" and not (multiline and char in _MULTILINE_WHITESPACE):
            if char in _MULTILINE_WHITESPACE:
                return _("Fältet ska vara en enda rad: ta bort radbrytningar och tabbar.")
            return _("Fältet innehåller styrtecken som inte är text. Ta bort dem.")
        if (category == "Cf" and not multiline) or char in _INVISIBLE_IN_TEXT:
            return _(
                "Fältet innehåller osynliga tecken (till exempel nollbreddsmellanslag eller "
                "riktningstecken). Ta bort dem och skriv texten igen."
            )
    return None


# Left in text pasted from web pages, Word or PDF files, where nobody can see them to
# remove them: taken out of multi-line text quietly (a page break becomes a line break).
_PASTE_LEFTOVERS = str.maketrans({"\u200b": None, "\ufeff": None, "\u2060": None, "\f": "\n"})


def tidy_pasted(value: str) -> str:
    return value.translate(_PASTE_LEFTOVERS)


class CleanTextMixin:
    """Every form's text as one form of Unicode (NFC), so "ö" typed on two keyboards is the
    same "ö" to the uniqueness rules, and without characters that hide what the text says:
    a line break in a single-line field (a title that goes into an e-mail subject) or a
    zero-width space that makes a look-alike name. Passwords are left exactly as typed.
    Every form of the project has it (a test walks them)."""

    def _clean_fields(self):
        super()._clean_fields()
        for name, value in list(self.cleaned_data.items()):
            field = self.fields.get(name)
            if not isinstance(value, str) or not isinstance(field, forms.CharField):
                continue
            if isinstance(field.widget, forms.PasswordInput):
                continue
            multiline = isinstance(field.widget, forms.Textarea)
            if multiline:
                value = tidy_pasted(value)
            problem = text_problem(value, multiline=multiline)
            if problem:
                self.add_error(name, problem)
            else:
                self.cleaned_data[name] = unicodedata.normalize("NFC", value)


class SafeForm(CleanTextMixin, forms.Form):
    """The project's base form (see CleanTextMixin)."""


class SafeModelForm(CleanTextMixin, forms.ModelForm):
    """The project's base model form (see CleanTextMixin)."""


class VersionMixin:
    """Carries the version of the object the user saw, so a concurrent change is detected
    on save. An edit form (opened with a version in `initial`) must send it back: a form
    without it is refused rather than saved over a newer change."""

    def _clean_fields(self):
        super()._clean_fields()
        # Above the form, not on the hidden field, where nobody would see it.
        if self.initial.get("version") is not None and self.cleaned_data.get("version") is None:
            self.add_error(
                None,
                _(
                    "Formuläret saknar uppgiften om vilken version du ändrade. Ladda om "
                    "sidan och gör din ändring igen."
                ),
            )


class VersionedForm(VersionMixin, SafeForm):
    """A form that carries the version the user saw (see VersionMixin)."""

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


class VersionedModelForm(VersionMixin, SafeModelForm):
    """A model form that carries the version the user saw (see VersionMixin)."""

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
