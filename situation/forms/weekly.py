"""Forms of the weekly follow-up: the checklist's lines, the weekly report (one field per
checklist line, so it is one page on a phone) and the reports' filter.

The rules live in the service (situation/services/weekly.py); the report form runs the
same text check so that a personal identity number is pointed out on its line at once."""

from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from samverkan.forms import SafeForm, VersionedModelForm

from .. import weeks
from ..guard import check_text
from ..models import SCALE_LEVELS, Area, ObservationCategory, WeeklyReport
from ..services.weekly import MAX_COUNT, NOTE_MAX, note_field, value_field

Measure = ObservationCategory.Measure


def week_text(monday: date) -> str:
    """ "Vecka 10 (3–9 mars 2025)": the ISO week with its days, as people say it."""
    sunday = monday + timedelta(days=6)
    if monday.year != sunday.year:
        days = f"{date_format(monday, 'j F Y')}–{date_format(sunday, 'j F Y')}"
    elif monday.month != sunday.month:
        days = f"{date_format(monday, 'j F')}–{date_format(sunday, 'j F Y')}"
    else:
        days = f"{monday.day}–{date_format(sunday, 'j F Y')}"
    return _("Vecka %(week)s (%(days)s)") % {"week": weeks.iso(monday)[1], "days": days}


def parse_week(text: str | None) -> date | None:
    """The Monday of "2025-W10" (as ISO 8601 and <input type=week> write it); None if the
    text is no such week."""
    text = (text or "").strip().upper()
    year, sep, week = text.partition("-W")
    if not (sep and year.isdigit() and week.isdigit()):
        return None
    try:
        return weeks.from_iso(int(year), int(week))
    except ValueError:
        return None


# Lazy: read in the language of each request, not the one the module was loaded in.
SCALE_LABELS = {level: format_lazy("{} – {}", level, label) for level, label in SCALE_LEVELS}


def scale_text(level: int | None) -> str:
    return str(SCALE_LABELS.get(level, level))


# --- the checklist --------------------------------------------------------------------


class ChecklistAddForm(SafeForm):
    name = forms.CharField(label=_("Ny punkt"), max_length=100)
    measure = forms.ChoiceField(
        label=_("Mäts som"),
        choices=Measure.choices,
        initial=Measure.COUNT,
        help_text=_("Antal: hur många gånger det hänt. Skala 0–3: hur mycket det märkts."),
    )


class ChecklistForm(VersionedModelForm):
    class Meta:
        model = ObservationCategory
        fields = ["name", "measure", "order", "active"]

    def __init__(self, *args, in_use: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if in_use:
            measure = self.fields["measure"]
            measure.disabled = True
            measure.help_text = _(
                "Punkten finns redan i veckorapporter och byter därför inte mått."
            )


# --- the weekly report ----------------------------------------------------------------


class WeeklyReportForm(SafeForm):
    """Party (only for someone who reports for several), area, week, then a value and a
    short note per active checklist line, and a note on the whole."""

    party = forms.TypedChoiceField(label=_("Rapporterar för"), coerce=int)
    area = forms.ModelChoiceField(queryset=Area.objects.none(), label=_("Område"))
    week = forms.ChoiceField(label=_("Vecka"))

    def __init__(self, *args, agreement, parties, lines, week_choices, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = {party.pk: party for party in parties}
        self.lines = list(lines)
        self.today = today
        self.week_choices = week_choices
        self.fields["party"].choices = [(party.pk, party.short_name) for party in parties]
        if len(parties) == 1:
            # Nothing to choose: the one party is sent along, and taken if it is not.
            self.fields["party"].widget = forms.HiddenInput()
            self.fields["party"].initial = parties[0].pk
            self.fields["party"].required = False
        self.fields["area"].queryset = agreement.areas.filter(active=True)
        self.fields["area"].empty_label = _("Välj område")
        self.fields["week"].choices = [
            (weeks.label(week), self._week_option(week)) for week in week_choices
        ]
        self.fields["week"].help_text = _(
            "En rapport för en vecka som är slut räknas ändå, och markeras som sen."
        )
        for line in self.lines:
            self.fields[value_field(line.pk)] = self._value_field(line)
            self.fields[note_field(line.pk)] = forms.CharField(
                label=_("%(name)s – kommentar") % {"name": line.name},
                required=False,
                max_length=NOTE_MAX,
            )
        self.fields["note"] = forms.CharField(
            label=WeeklyReport._meta.get_field("note").verbose_name.capitalize(),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Något annat som hänt i området under veckan."),
        )

    def _week_option(self, week: date) -> str:
        if weeks.is_late(week, self.today):
            return _("%(week)s – sen rapport") % {"week": week_text(week)}
        return week_text(week)

    @staticmethod
    def _value_field(line):
        if line.measure == Measure.SCALE:
            return forms.TypedChoiceField(
                label=line.name,
                choices=[("", _("Ingen uppgift")), *SCALE_LABELS.items()],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
        return forms.IntegerField(
            label=_("%(name)s, antal") % {"name": line.name},
            required=False,
            min_value=0,
            max_value=MAX_COUNT,
            widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        )

    def line_fields(self):
        """(line, value field, note field) per checklist line, for the template."""
        return [
            (line, self[value_field(line.pk)], self[note_field(line.pk)]) for line in self.lines
        ]

    @property
    def party_choice_shown(self) -> bool:
        return len(self.parties) > 1

    def chosen_week(self) -> date | None:
        """The week the form is on (what was sent, else the initial one)."""
        raw = self.data.get(self.add_prefix("week")) if self.is_bound else self.initial.get("week")
        return parse_week(raw)

    @property
    def late(self) -> bool:
        week = self.chosen_week()
        return week is not None and weeks.is_late(week, self.today)

    def clean_party(self):
        chosen = self.cleaned_data["party"]
        if chosen in (None, "") and len(self.parties) == 1:
            return next(iter(self.parties.values()))
        party = self.parties.get(chosen)
        if party is None:
            raise ValidationError(_("Välj en part du rapporterar för."))
        return party

    def clean_week(self):
        week = parse_week(self.cleaned_data["week"])
        if week is None:
            raise ValidationError(_("Välj en vecka i listan."))
        return week

    def clean(self):
        data = super().clean()
        for line in self.lines:
            name = note_field(line.pk)
            try:
                check_text(data.get(name) or "", field_label=self.fields[name].label)
            except ValidationError as exc:
                self.add_error(name, exc)
        return data

    def service_arguments(self, data: dict) -> dict:
        return {
            "party": data["party"],
            "area": data["area"],
            "week": data["week"],
            "note": data.get("note") or "",
            "values": {
                line.pk: (data.get(value_field(line.pk)), data.get(note_field(line.pk)) or "")
                for line in self.lines
            },
        }


# --- the reports' filter --------------------------------------------------------------


class WeeklyReportFilterForm(SafeForm):
    """The list's filters (GET), as the week grid links them: all optional."""

    vecka = forms.CharField(
        label=_("Vecka"),
        required=False,
        widget=forms.TextInput(attrs={"type": "week", "placeholder": "2025-W10"}),
        help_text=_("Till exempel 2025-W10."),
    )
    omrade = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Område"), empty_label=_("Alla områden")
    )
    kategori = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Punkt i checklistan"), empty_label=_("Alla")
    )
    part = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Part"), empty_label=_("Alla parter")
    )

    def __init__(self, data=None, *, agreement, parties, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["omrade"].queryset = agreement.areas.all()
        self.fields["kategori"].queryset = agreement.observation_categories.all()
        self.fields["part"].queryset = parties

    def clean_vecka(self):
        text = self.cleaned_data["vecka"]
        if not text:
            return None
        week = parse_week(text)
        if week is None:
            raise ValidationError(_("Skriv veckan som år och veckonummer, till exempel 2025-W10."))
        return week

    @property
    def values(self) -> dict:
        """The valid filters (an invalid one is left out)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in self.fields if data.get(name) not in (None, "")}

    @property
    def query(self) -> str:
        """The filters as a query string, for the page links."""
        if not self.is_bound:
            return ""
        data = self.data.copy()
        data.pop("sida", None)
        return data.urlencode()
