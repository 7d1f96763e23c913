"""Forms of the åtgärdsplan and its measures. The rules are the services' (actionplan/
services/plans.py); a form only offers what may be chosen: the agreement's own parties,
its published lägesbilder, the causes of the plan's lägesbild and the commitments of its
medborgarlöften. An id of anything else fails validation as an invalid choice."""

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from councils.models import Meeting
from samverkan.forms import DateInput, SafeForm, VersionedForm
from situation.models import Cause, SituationReport

from ..models import ActionPlan, Commitment, Measure, StatusUpdate

_PERIOD = _("Perioden kan inte sluta före den börjar.")
_RESPONSIBLE_REQUIRED = _(
    "Ange vilken part som ansvarar för åtgärden. I planen ska det tydligt framgå vilken "
    "part som ansvarar för respektive åtgärd."
)


class ReportChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.period_from:%Y-%m-%d}–{obj.period_to:%Y-%m-%d})"


class PlanForm(VersionedForm):
    """The plan's title, period, basis lägesbild and introduction."""

    title, period_from, period_to = forms.fields_for_model(
        ActionPlan,
        fields=["title", "period_from", "period_to"],
        widgets={"period_from": DateInput(), "period_to": DateInput()},
    ).values()
    report = ReportChoiceField(
        queryset=SituationReport.objects.none(),
        required=False,
        label=capfirst(ActionPlan._meta.get_field("report").verbose_name),
        empty_label=_("– Ingen vald ännu –"),
        help_text=_(
            "Kommunen beslutar om planen med lägesbilden som underlag. "
            "Bara publicerade lägesbilder kan väljas."
        ),
    )
    summary = forms.CharField(
        label=capfirst(ActionPlan._meta.get_field("summary").verbose_name),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Vad planen vill uppnå och hur den hänger ihop med lägesbilden."),
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = agreement.situation_reports.filter(
            status=SituationReport.Status.PUBLISHED
        ).order_by("-period_to", "-pk")

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", _PERIOD)
        return data


class AdoptForm(VersionedForm):
    """The municipal decision: every part of it is required."""

    decided_by, decided_on, case_number = forms.fields_for_model(
        ActionPlan,
        fields=["decided_by", "decided_on", "case_number"],
        widgets={"decided_on": DateInput()},
    ).values()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        messages = {
            "decided_by": _("Ange vilket organ som beslutade om planen."),
            "decided_on": _("Ange vilken dag planen beslutades."),
            "case_number": _("Ange beslutets diarienummer."),
        }
        for name, message in messages.items():
            field = self.fields[name]
            field.required = True
            field.error_messages["required"] = message


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.short_name


class PartiesField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.short_name


class CauseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.problem.title}: {obj.description}"


class CommitmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.promise.title}: {obj.title}"


def _label(name: str, model=Measure):
    """The model field's name as a label: "Ansvarig part"."""
    return capfirst(model._meta.get_field(name).verbose_name)


class MeasureForm(VersionedForm):
    """A measure in Brå's columns. Exactly one responsible party, required."""

    number = forms.IntegerField(
        label=_label("number"),
        required=False,
        min_value=1,
        max_value=32767,
        help_text=_("Lämna tomt för nästa nummer i planen."),
    )
    cause = CauseChoiceField(
        queryset=Cause.objects.none(),
        required=False,
        label=_label("cause"),
        empty_label=_("– Ingen –"),
        help_text=_("Orsaken i lägesbildens orsaksanalys som åtgärden ska påverka."),
    )
    title, description, goal, starts_on, ends_on = forms.fields_for_model(
        Measure,
        fields=["title", "description", "goal", "starts_on", "ends_on"],
        widgets={
            "description": forms.Textarea(attrs={"rows": 4}),
            "goal": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        },
        help_texts={"goal": _("Vad åtgärden ska leda till, så att det går att följa upp.")},
    ).values()
    responsible = PartyChoiceField(
        queryset=None,
        label=_label("responsible"),
        widget=forms.RadioSelect,
        error_messages={"required": _RESPONSIBLE_REQUIRED},
        help_text=_("Den part som ansvarar för att åtgärden genomförs."),
    )
    contributors = PartiesField(
        queryset=None,
        required=False,
        label=_label("contributors"),
        help_text=_("Parter som bidrar utan att ansvara."),
    )
    commitment = CommitmentChoiceField(
        queryset=Commitment.objects.none(),
        required=False,
        label=_label("commitment"),
        empty_label=_("– Inget –"),
    )
    indicator = forms.fields_for_model(Measure, fields=["indicator"])["indicator"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        parties = plan.agreement.parties.order_by("order", "pk")
        self.fields["responsible"].queryset = parties
        self.fields["contributors"].queryset = parties
        causes = Cause.objects.none()
        if plan.report_id:
            causes = (
                Cause.objects.filter(problem__report_id=plan.report_id)
                .select_related("problem")
                .order_by("problem__order", "problem__pk", "side", "pk")
            )
        self.fields["cause"].queryset = causes
        self.fields["commitment"].queryset = (
            Commitment.objects.filter(promise__agreement=plan.agreement)
            .select_related("promise")
            .order_by("-promise__period_from", "promise__pk", "number", "pk")
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Åtgärden kan inte sluta före den börjar."))
        responsible, contributors = data.get("responsible"), data.get("contributors")
        if responsible is not None and contributors and responsible in contributors:
            self.add_error(
                "contributors",
                _("Den ansvariga parten kan inte samtidigt vara medverkande part."),
            )
        return data


class StatusForm(SafeForm):
    """A dated status with a comment. On a meeting's page the form also carries the
    meeting and the page to return to."""

    status = forms.ChoiceField(
        label=_label("status", StatusUpdate),
        choices=Measure.Status.choices,
    )
    on = forms.DateField(label=_label("on", StatusUpdate), widget=DateInput())
    comment = forms.CharField(
        label=_label("comment", StatusUpdate),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    meeting = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, agreement, measure=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("on", timezone.localdate())
        if measure is not None:
            initial.setdefault("status", measure.status)
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(body__agreement=agreement)
