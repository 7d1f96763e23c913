"""Forms of the lägesbild and its orsaksanalys. The rules are the services' (situation/
services/reports.py); a form only offers what may be chosen."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.forms import DateInput, SafeForm, VersionedForm

from ..models import Cause, Problem, SituationInput, SituationReport, SurveyResult

_TEXT = {"rows": 8}


class ReportForm(VersionedForm):
    """The report's title, period and its three parts, as the agreement names them."""

    # Labels and lengths as the model defines them.
    (title, period_from, period_to, mapping, other_information, analysis) = forms.fields_for_model(
        SituationReport,
        fields=["title", "period_from", "period_to", "mapping", "other_information", "analysis"],
        widgets={
            "period_from": DateInput(),
            "period_to": DateInput(),
            "mapping": forms.Textarea(attrs=_TEXT),
            "other_information": forms.Textarea(attrs=_TEXT),
            "analysis": forms.Textarea(attrs=_TEXT),
        },
        help_texts={
            "mapping": _(
                "Brottsligheten i kommunen: vilka brott, var, hur mycket och med vilka "
                "konsekvenser."
            ),
            "other_information": _(
                "Annat som har betydelse för det brottsförebyggande arbetet, "
                "till exempel från trygghetsenkäten."
            ),
            "analysis": _("Vad underlaget sammantaget visar och vad som bör prioriteras."),
        },
    ).values()

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", _("Perioden kan inte sluta före den börjar."))
        return data


def _input_label(situation_input: SituationInput) -> str:
    parts = [
        situation_input.title,
        situation_input.party.short_name,
        f"{situation_input.period_from:%Y-%m-%d}–{situation_input.period_to:%Y-%m-%d}",
        str(situation_input.category),
    ]
    if situation_input.area_id:
        parts.append(str(situation_input.area))
    if situation_input.sensitivity == SituationInput.Sensitivity.CONFIDENTIAL:
        parts.append(str(_("konfidentiellt")))
    return ", ".join(parts)


def submitted_inputs(visible):
    """Submitted input the user sees, newest period first, as the choices show it."""
    return (
        visible.filter(status=SituationInput.Status.SUBMITTED)
        .select_related("party", "area", "category")
        .order_by("-period_to", "-pk")
    )


class InputsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return _input_label(obj)


class ReportSourcesForm(SafeForm):
    """Which submitted input and which survey questions the lägesbild shows."""

    inputs = InputsField(
        queryset=SituationInput.objects.none(),
        required=False,
        label=_("Underlag"),
        help_text=_("Inlämnat underlag som lägesbilden bygger på."),
    )
    survey_questions = forms.MultipleChoiceField(
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Frågor ur trygghetsenkäten"),
        help_text=_("Visas som diagram med tabell, för alla områden och år."),
    )

    def __init__(self, *args, visible, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inputs"].queryset = submitted_inputs(visible)
        questions = (
            SurveyResult.objects.filter(agreement=agreement)
            .order_by("question")
            .values_list("question", flat=True)
            .distinct()
        )
        self.fields["survey_questions"].choices = [(q, q) for q in questions]


class FullyUpdatedForm(SafeForm):
    on = forms.DateField(
        label=_("Helt uppdaterad den"),
        widget=DateInput(),
        help_text=_("Dagen då lägesbilden uppdaterades i sin helhet."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ProblemForm(VersionedForm):
    title, description = forms.fields_for_model(
        Problem,
        fields=["title", "description"],
        widgets={"description": forms.Textarea(attrs={"rows": 4})},
    ).values()


class CauseForm(VersionedForm):
    side = forms.ChoiceField(
        label=Cause._meta.get_field("side").verbose_name,
        choices=Cause.Side.choices,
        widget=forms.RadioSelect,
        help_text=_("Brås problemtriangel: offer eller mål, gärningsperson och plats."),
    )
    description = forms.CharField(
        label=Cause._meta.get_field("description").verbose_name,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    evidence = InputsField(
        queryset=SituationInput.objects.none(),
        required=False,
        label=Cause._meta.get_field("evidence").verbose_name,
    )

    def __init__(self, *args, visible, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = submitted_inputs(visible)
