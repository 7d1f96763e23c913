"""Forms of the new-agreement wizard and of renewal. Labels come from the models where a
model has the field; the rules live in samverkan.lifecycle, which the views call."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .forms import DateInput, SafeForm
from .models import Agreement, AgreementParty, Party
from .validators import validate_organisation_number

_PARTY = forms.fields_for_model(Party, fields=["organisation_number", "name", "address", "kind"])
_AGREEMENT_PARTY = forms.fields_for_model(
    AgreementParty,
    fields=["short_name", "party_description", "signatory_name", "signatory_title"],
)


class GroupedForm(SafeForm):
    """A form whose fields are shown in groups (one fieldset per party or body): `groups`
    is [(legend, [bound fields])], rendered by samverkan/lifecycle/_grouped_form.html."""

    template_name = "samverkan/lifecycle/_grouped_form.html"
    group_legends: list[tuple[str, str]] = []  # (field name prefix, legend)

    @property
    def groups(self):
        result = []
        for prefix, legend in self.group_legends:
            fields = [self[name] for name in self.fields if name.startswith(f"{prefix}-")]
            result.append((legend, fields))
        return result


# --- step 1: the parties --------------------------------------------------------------

PARTY_ROWS = 5
# The kinds a party after the municipality may have.
OTHER_KINDS = [(k, label) for k, label in Party.Kind.choices if k != Party.Kind.MUNICIPALITY]


def _party_fields(n: int) -> dict[str, forms.Field]:
    number = forms.CharField(
        label=_PARTY["organisation_number"].label,
        required=n == 1,
        max_length=13,
        help_text=_(
            "Tio siffror. En organisation som redan finns i installationen (Polisen, "
            "Kriminalvården) används som den är."
        ),
        validators=[MaxLengthValidator(13), validate_organisation_number],
    )
    fields = {"organisation_number": number}
    if n > 1:
        fields["kind"] = forms.ChoiceField(
            label=capfirst(_PARTY["kind"].label),
            choices=OTHER_KINDS,
            required=False,
            help_text=_("Gäller bara en organisation som inte redan finns i installationen."),
        )
    name = forms.CharField(
        label=capfirst(_PARTY["name"].label),
        required=False,
        max_length=200,
        help_text=_("Behövs bara för en organisation som inte redan finns i installationen."),
    )
    address = forms.CharField(
        label=capfirst(_PARTY["address"].label), required=False, max_length=300
    )
    fields |= {"name": name, "address": address}
    for field_name in ("short_name", "party_description", "signatory_name", "signatory_title"):
        field = _AGREEMENT_PARTY[field_name]
        fields[field_name] = type(field)(
            label=capfirst(field.label),
            required=False,
            max_length=field.max_length,
            help_text=field.help_text,
        )
    return fields


class PartiesForm(GroupedForm):
    """The municipality and up to four more parties, each by organisation number."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.group_legends = []
        for n in range(1, PARTY_ROWS + 1):
            for name, field in _party_fields(n).items():
                self.fields[f"{n}-{name}"] = field
            legend = _("Kommunen") if n == 1 else _("Part %(n)s") % {"n": n}
            self.group_legends.append((str(n), legend))

    @staticmethod
    def initial_rows() -> dict:
        """The municipality, the Police and Kriminalvården, with the organisation numbers
        the installation already knows for the two authorities."""
        initial = {"1-short_name": "Kommunen"}
        for n, kind, short in (
            (2, Party.Kind.POLICE, "Polisen"),
            (3, Party.Kind.PRISON_PROBATION, "Kriminalvården"),
        ):
            initial |= {f"{n}-kind": kind, f"{n}-short_name": short}
            known = list(Party.objects.filter(kind=kind)[:2])
            if len(known) == 1:
                initial[f"{n}-organisation_number"] = known[0].organisation_number
        for n in range(4, PARTY_ROWS + 1):
            initial[f"{n}-kind"] = Party.Kind.MUNICIPAL_COMPANY
        return initial

    def parties(self) -> tuple[list[dict], list[int]]:
        """The filled rows as the service takes them, and the row number of each."""
        rows, positions = [], []
        for n in range(1, PARTY_ROWS + 1):
            values = {
                name.split("-", 1)[1]: value
                for name, value in self.cleaned_data.items()
                if name.startswith(f"{n}-")
            }
            if n == 1 or values.get("organisation_number"):
                rows.append(values)
                positions.append(n)
        return rows, positions

    def clean(self):
        cleaned = super().clean()
        for n in range(2, PARTY_ROWS + 1):
            if cleaned.get(f"{n}-name") and not cleaned.get(f"{n}-organisation_number"):
                self.add_error(
                    f"{n}-organisation_number",
                    _("Ange organisationsnumret, eller töm namnet om parten inte ska vara med."),
                )
        return cleaned


# --- step 2: title and period --------------------------------------------------------

_PERIOD = forms.fields_for_model(
    Agreement,
    fields=["title", "valid_from", "valid_to", "signed_place", "signed_on"],
    widgets={"valid_from": DateInput(), "valid_to": DateInput(), "signed_on": DateInput()},
)


class PeriodForm(SafeForm):
    title = _PERIOD["title"]
    valid_from = _PERIOD["valid_from"]
    valid_to = _PERIOD["valid_to"]
    signed_place = _PERIOD["signed_place"]
    signed_on = _PERIOD["signed_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("signed_place", "signed_on"):
            self.fields[name].help_text = _(
                "Om överenskommelsen redan är undertecknad; annars läggs den upp som utkast."
            )


# --- step 3: text and annexes --------------------------------------------------------


class TextForm(SafeForm):
    clauses_from = forms.ChoiceField(
        label=_("Avtalstext"),
        choices=[
            (
                "template",
                _(
                    "Mall: Laholms överenskommelse, rubrik för rubrik, med er kommun, era "
                    "parter, bilagor och er giltighetstid insatta"
                ),
            ),
            ("text", _("Egen text: klistra in hela texten nedan")),
        ],
        initial="template",
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Inklistrad text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Varje avsnitt börjar med sin rubrik på en egen rad i versaler, till exempel "
            "SYFTE OCH MÅL. Texten delas upp i avsnitt vid rubrikerna."
        ),
    )
    annex_1 = forms.CharField(label=_("Bilaga 1"), max_length=200)
    annex_2 = forms.CharField(label=_("Bilaga 2"), max_length=200)
    annex_3 = forms.CharField(label=_("Bilaga 3"), max_length=200)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("clauses_from") == "text" and not cleaned.get("text", "").strip():
            self.add_error("text", _("Klistra in texten, eller välj mallen."))
        return cleaned

    def annexes(self) -> list[str]:
        return [self.cleaned_data[f"annex_{n}"] for n in (1, 2, 3)]


# --- step 4: the bodies ------------------------------------------------------------------

_NO_CHAIR = _("– Ingen –")
_CHOOSE = _("– Välj part –")


class BodiesForm(GroupedForm):
    """Each body's name, cadence, chair and functions from a template; `specs` and
    `templates` come from the app that owns the bodies, `parties` are [(position, name)]."""

    def __init__(self, *args, specs, templates, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.specs = specs
        self.group_legends = [(spec["kind"], spec["label"]) for spec in specs]
        for spec in specs:
            kind = spec["kind"]
            self.fields[f"{kind}-name"] = forms.CharField(label=_("Namn"), max_length=200)
            self.fields[f"{kind}-ordinary_meetings_per_year"] = forms.IntegerField(
                label=_("Ordinarie möten per år"),
                min_value=1,
                max_value=52,
                help_text=_("Därutöver möten vid behov."),
            )
            self.fields[f"{kind}-extended_meetings_per_year"] = forms.IntegerField(
                label=_("Utökade möten per år"),
                min_value=0,
                max_value=52,
                help_text=_("Möten där kommunens ledningsgrupp deltar som utökad grupp."),
            )
            empty = _CHOOSE if spec["chair_required"] else _NO_CHAIR
            self.fields[f"{kind}-chair"] = forms.TypedChoiceField(
                label=_("Ordförandeskap"),
                choices=[("", empty), *parties],
                coerce=int,
                required=False,
                empty_value=None,
            )
            self.fields[f"{kind}-template"] = forms.ChoiceField(
                label=_("Funktioner"),
                choices=templates,
                widget=forms.RadioSelect,
                help_text=_("Samordnaren ändrar och fyller på funktionerna i förteckningen."),
            )

    @staticmethod
    def initial_for(specs, parties) -> dict:
        initial = {}
        for spec in specs:
            kind = spec["kind"]
            initial |= {
                f"{kind}-name": spec["name"],
                f"{kind}-ordinary_meetings_per_year": spec["ordinary_meetings_per_year"],
                f"{kind}-extended_meetings_per_year": spec["extended_meetings_per_year"],
                f"{kind}-template": "standard",
            }
            if spec["chair_required"] and parties:
                initial[f"{kind}-chair"] = parties[0][0]  # the municipality, as in Laholm
        return initial

    def bodies(self) -> dict:
        return {
            spec["kind"]: {
                name.split("-", 1)[1]: value
                for name, value in self.cleaned_data.items()
                if name.startswith(f"{spec['kind']}-")
            }
            for spec in self.specs
        }


# --- step 5: the first coordinator ----------------------------------------------------------


class CoordinatorForm(SafeForm):
    first_name = forms.CharField(label=_("Förnamn"), max_length=150)
    last_name = forms.CharField(label=_("Efternamn"), max_length=150)
    email = forms.EmailField(
        label=_("E-postadress"),
        help_text=_("Inbjudan med en länk för att välja lösenord skickas hit."),
    )
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)


class ReviewForm(SafeForm):
    """Nothing to fill in: creating the agreement is one POST."""


# --- renewal ----------------------------------------------------------------------------


class RenewForm(SafeForm):
    title = _PERIOD["title"]
    valid_from = _PERIOD["valid_from"]
    valid_to = _PERIOD["valid_to"]
