"""Forms of the plan's follow-up. The rules are the services' (actionplan/services/
followups.py); a form only offers what may be chosen: the agreement's own meetings."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from councils.models import Meeting
from samverkan.forms import DateInput, VersionedForm

from ..models import FollowUp, Outcome


class MeetingField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


def agreement_meetings(agreement):
    """The agreement's meetings that were not cancelled, newest first, as the choices show
    them."""
    return (
        Meeting.objects.filter(agreement=agreement)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
        .order_by("-starts_at", "-pk")
    )


class FollowUpForm(VersionedForm):
    """The follow-up's day, its summary and the meeting where it was gone through."""

    held_on, summary = forms.fields_for_model(
        FollowUp,
        fields=["held_on", "summary"],
        widgets={"held_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 6})},
        help_texts={
            "summary": _("Vad uppföljningen sammantaget visar och vad som bör ändras i planen.")
        },
    ).values()
    meeting = MeetingField(
        queryset=Meeting.objects.none(),
        required=False,
        label=_("Möte"),
        empty_label=_("– Inget möte –"),
        help_text=_("Mötet där uppföljningen gick igenom, om det finns ett."),
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = agreement_meetings(agreement)


class FollowUpEditForm(FollowUpForm):
    """As FollowUpForm, and per measure of the plan its outcome and assessed effect
    (fields outcome_<measure id> and effect_<measure id>)."""

    def __init__(self, *args, measures, outcomes: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.measures = list(measures)
        for measure in self.measures:
            existing = outcomes.get(measure.pk)
            self.fields[f"outcome_{measure.pk}"] = forms.CharField(
                label=gettext("Utfall, åtgärd %(number)s") % {"number": measure.number},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                initial=existing.outcome if existing else "",
                help_text=_("Vad som gjordes och vad det gav, gärna mätt med indikatorn."),
            )
            self.fields[f"effect_{measure.pk}"] = forms.ChoiceField(
                label=gettext("Bedömd effekt, åtgärd %(number)s") % {"number": measure.number},
                choices=[("", _("– Inte bedömd –")), *Outcome.Effect.choices],
                required=False,
                initial=existing.effect if existing else "",
            )

    @property
    def rows(self):
        """[(measure, outcome field, effect field)] for the template."""
        return [
            (measure, self[f"outcome_{measure.pk}"], self[f"effect_{measure.pk}"])
            for measure in self.measures
        ]

    def follow_up_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("held_on", "summary", "meeting")}

    def outcomes(self) -> dict[int, dict]:
        return {
            measure.pk: {
                "outcome": self.cleaned_data[f"outcome_{measure.pk}"],
                "effect": self.cleaned_data[f"effect_{measure.pk}"],
            }
            for measure in self.measures
        }
