"""Forms of situation input: the input with its indicators and attachments in one form,
and the list's filter.

The rules live in the service (situation/services/inputs.py); the form runs the same checks
for personal identity numbers and attachments so that each error lands on its field at
once, beside the others.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samverkan.forms import DateInput, SafeForm, SafeModelForm, VersionMixin

from ..guard import check_attachment, check_text
from ..models import Area, Category, Indicator, InputRequest, SituationInput
from ..services.inputs import INDICATOR_FIELDS, INPUT_FIELDS, sources_for

# Empty indicator rows a form offers below the filled ones.
EXTRA_INDICATOR_ROWS = 3
MAX_INDICATORS = 50
MAX_FILES = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more files in one field: its cleaned value is a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data]
        return [
            super(MultipleFileField, self).clean(upload, initial) for upload in uploads if upload
        ]


class IndicatorForm(SafeModelForm):
    """One row of the indicators: a blank row is ignored, a filled one needs a name and
    a value."""

    class Meta:
        model = Indicator
        fields = list(INDICATOR_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        # Text with a decimal keyboard, read in the user's language: "7,5" is seven and a
        # half (a number input would drop the comma in some browsers and save 75).
        for name in ("value", "comparison_value"):
            field = self.fields[name]
            field.localize = True
            field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
            field.widget.is_localized = True

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return all(data.get(name) in (None, "") for name in INDICATOR_FIELDS)

    def clean(self):
        data = super().clean()
        if self.is_blank:
            return data
        if not data.get("name") and "name" not in self.errors:
            self.add_error("name", _("Ange vad indikatorn mäter."))
        if data.get("value") is None and "value" not in self.errors:
            self.add_error("value", _("Ange indikatorns värde."))
        for name in ("name", "unit", "comparison_period"):
            try:
                check_text(data.get(name) or "", field_label=self.fields[name].label)
            except ValidationError as exc:
                self.add_error(name, exc)
        return data

    def _post_clean(self):
        # A blank row is no indicator: nothing of it to validate against the model.
        if not self.is_blank:
            super()._post_clean()


class BaseIndicatorFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        """The filled rows, in order, as the service takes them."""
        return [
            {name: form.cleaned_data.get(name) for name in INDICATOR_FIELDS}
            for form in self.forms
            if not form.is_blank
        ]


IndicatorFormSet = forms.formset_factory(
    IndicatorForm,
    formset=BaseIndicatorFormSet,
    extra=EXTRA_INDICATOR_ROWS,
    max_num=MAX_INDICATORS,
    validate_max=True,
)


class SituationInputForm(VersionMixin, SafeModelForm):
    """The input, its indicators (`indicators`, a formset) and new attachments.

    `parties`: those the user submits for; the party is chosen only when there are several.
    `instance`: the draft being edited (never changed by the form; the service saves)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    files = MultipleFileField(
        label=_("Bilagor"),
        required=False,
        help_text=_(
            "PDF, Word (.docx), Excel (.xlsx), CSV, PNG eller JPEG, högst 20 MB per fil. "
            "Du kan välja flera filer. Filerna får inte innehålla personnummer."
        ),
    )

    class Meta:
        model = SituationInput
        fields = [
            "party",
            "title",
            "source",
            "source_detail",
            "area",
            "category",
            "period_from",
            "period_to",
            "narrative",
            "sensitivity",
            "request",
        ]
        widgets = {
            "period_from": DateInput(),
            "period_to": DateInput(),
            "narrative": forms.Textarea(attrs={"rows": 8}),
            "sensitivity": forms.RadioSelect,
        }

    def __init__(self, data=None, files=None, *, agreement, parties, current=None, **kwargs):
        super().__init__(data, files, **kwargs)
        self.agreement = agreement
        self.parties = list(parties)
        fields = self.fields
        if len(self.parties) > 1:
            fields["party"].queryset = agreement.parties.filter(
                pk__in=[p.pk for p in self.parties]
            ).order_by("order", "pk")
            fields["party"].empty_label = _("– Välj part –")
        else:
            del fields["party"]
        # The sources that fit the parties, in the model's order.
        fitting = {source for party in self.parties for source in sources_for(party)}
        fields["source"].choices = [
            (value, label) for value, label in SituationInput.Source.choices if value in fitting
        ]
        if len(fields["source"].choices) == 1:
            fields["source"].initial = fields["source"].choices[0][0]
        else:
            fields["source"].choices = [("", _("– Välj källa –")), *fields["source"].choices]
        # What is in use, and what the draft already has even if no longer in use.
        keep = current or SituationInput()
        fields["area"].queryset = Area.objects.filter(agreement=agreement).filter(
            Q(active=True) | Q(pk=keep.area_id)
        )
        fields["area"].empty_label = _("Hela kommunen")
        fields["category"].queryset = Category.objects.filter(agreement=agreement).filter(
            Q(active=True) | Q(pk=keep.category_id)
        )
        fields["category"].empty_label = _("– Välj problemkategori –")
        fields["request"].queryset = (
            InputRequest.objects.filter(agreement=agreement)
            .filter(Q(closed=False) | Q(pk=keep.request_id))
            .order_by("due_on", "pk")
        )
        fields["request"].empty_label = _("– Ingen begäran –")
        fields["request"].required = False
        indicators = (
            []
            if current is None
            else [
                {name: getattr(i, name) for name in INDICATOR_FIELDS}
                for i in current.indicators.order_by("order", "pk")
            ]
        )
        self.indicators = IndicatorFormSet(data, initial=indicators, prefix="indikatorer")

    def clean_files(self):
        uploads = self.cleaned_data.get("files") or []
        if len(uploads) > MAX_FILES:
            raise ValidationError(
                _("Ladda upp högst %(count)s filer åt gången.") % {"count": MAX_FILES}
            )
        errors = []
        for upload in uploads:
            try:
                check_attachment(upload)
            except ValidationError as exc:
                errors.extend(exc.error_list)
        if errors:
            raise ValidationError(errors)
        return uploads

    def _check_text(self, name):
        value = self.cleaned_data.get(name) or ""
        check_text(value, field_label=self.fields[name].label)
        return value

    def clean_title(self):
        return self._check_text("title")

    def clean_source_detail(self):
        return self._check_text("source_detail")

    def clean_narrative(self):
        return self._check_text("narrative")

    def clean(self):
        data = super().clean()
        starts, ends = data.get("period_from"), data.get("period_to")
        if starts and ends and ends < starts:
            self.add_error("period_to", _("Perioden kan inte sluta före den börjar."))
        party = data.get("party") or (self.parties[0] if len(self.parties) == 1 else None)
        source = data.get("source")
        if party is not None and source and source not in sources_for(party):
            self.add_error(
                "source",
                _("Källan passar inte för underlag från %(party)s.") % {"party": party.short_name},
            )
        if not self.indicators.is_valid():
            raise ValidationError(_("En eller flera indikatorer behöver rättas; se nedan."))
        data["indicators"] = self.indicators.rows()
        return data

    def service_arguments(self, data: dict) -> dict:
        """form_page's cleaned data as the service's keyword arguments."""
        arguments = {
            "data": {name: data[name] for name in INPUT_FIELDS},
            "indicators": data["indicators"],
            "files": data.get("files") or [],
        }
        if "expected_version" in data:
            arguments["expected_version"] = data["expected_version"]
        return arguments

    def chosen_party(self, data: dict):
        return data.get("party") or self.parties[0]


class InputFilterForm(SafeForm):
    """The input list's filters (GET): all optional."""

    party = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Part"), empty_label=_("Alla parter")
    )
    area = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Område"), empty_label=_("Alla områden")
    )
    category = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Problemkategori"),
        empty_label=_("Alla kategorier"),
    )
    status = forms.ChoiceField(required=False, label=_("Status"))
    sensitivity = forms.ChoiceField(required=False, label=_("Känslighet"))

    def __init__(self, data=None, *, agreement, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["party"].queryset = agreement.parties.order_by("order", "pk")
        self.fields["area"].queryset = Area.objects.filter(agreement=agreement)
        self.fields["category"].queryset = Category.objects.filter(agreement=agreement)
        current = [
            (SituationInput.Status.DRAFT, SituationInput.Status.DRAFT.label),
            (SituationInput.Status.SUBMITTED, SituationInput.Status.SUBMITTED.label),
        ]
        self.fields["status"].choices = [("", _("Alla"))] + current
        self.fields["sensitivity"].choices = [
            ("", _("Alla")),
            *SituationInput.Sensitivity.choices,
        ]

    def filter(self, queryset):
        """The queryset narrowed by the valid filters (an invalid one is ignored)."""
        if not self.is_bound:
            return queryset
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        for name in ("party", "area", "category", "status", "sensitivity"):
            value = data.get(name)
            if value not in (None, ""):
                queryset = queryset.filter(**{name: value})
        return queryset

    @property
    def query(self) -> str:
        """The filters as a query string, for the page links."""
        if not self.is_bound:
            return ""
        data = self.data.copy()
        data.pop("sida", None)
        return data.urlencode()
