"""Forms of the medborgarlöften. The rules are the services' (actionplan/services/
promises.py); a form only offers what may be chosen: the agreement's municipality and
police as issuers, the promise's issuers as responsible for a commitment, the promise's
own dialogues for a priority."""

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from samverkan.forms import DateInput, VersionedForm

from ..models import (
    PROMISE_ISSUER_KINDS,
    CitizenPromise,
    Commitment,
    Dialogue,
    Priority,
    PromiseReport,
)

ISSUERS_REFUSED = _(
    "Medborgarlöften skrivs mellan kommun och polis: välj bland kommunen och polisen."
)
RESPONSIBLE_REFUSED = _(
    "Ett åtagande ska ha kommunen eller polisen som ansvarig part, "
    "en av dem som utfärdar medborgarlöftet."
)


def promise_issuer_choices(agreement):
    """The agreement's parties that may issue a medborgarlöfte: its municipality and police."""
    return agreement.parties.filter(party__kind__in=PROMISE_ISSUER_KINDS).select_related("party")


class PartyChoices(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj} ({obj.party.name})"


class PromiseForm(VersionedForm):
    """The promise's title, period, who issues it, its public summary and internal notes."""

    title, period_from, period_to = forms.fields_for_model(
        CitizenPromise,
        fields=["title", "period_from", "period_to"],
        widgets={"period_from": DateInput(), "period_to": DateInput()},
    ).values()
    issuers = PartyChoices(
        queryset=CitizenPromise.objects.none(),
        label=capfirst(CitizenPromise._meta.get_field("issuers").verbose_name),
        help_text=CitizenPromise._meta.get_field("issuers").help_text,
        error_messages={
            "required": _("Välj kommunen och polisen."),
            "invalid_choice": ISSUERS_REFUSED,
            "invalid_pk_value": ISSUERS_REFUSED,
        },
    )
    summary, internal_notes = forms.fields_for_model(
        CitizenPromise,
        fields=["summary", "internal_notes"],
        widgets={
            "summary": forms.Textarea(attrs={"rows": 6}),
            "internal_notes": forms.Textarea(attrs={"rows": 4}),
        },
    ).values()

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuers"].queryset = promise_issuer_choices(agreement)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", _("Perioden kan inte sluta före den börjar."))
        return data


class ResponsibleChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class CommitmentForm(VersionedForm):
    """What is promised, by whom (the municipality or the police), the activities and how
    it is followed up."""

    title = forms.fields_for_model(Commitment, fields=["title"])["title"]
    responsible = ResponsibleChoice(
        queryset=Commitment.objects.none(),
        label=capfirst(Commitment._meta.get_field("responsible").verbose_name),
        empty_label=_("– Välj –"),
        error_messages={"invalid_choice": RESPONSIBLE_REFUSED},
    )
    activities, follow_up_method = forms.fields_for_model(
        Commitment,
        fields=["activities", "follow_up_method"],
        widgets={
            "activities": forms.Textarea(attrs={"rows": 4}),
            "follow_up_method": forms.Textarea(attrs={"rows": 3}),
        },
        help_texts={
            "activities": _("Vad kommunen eller polisen gör för att hålla löftet."),
            "follow_up_method": _("Hur det märks att löftet hålls, till exempel ett mått."),
        },
    ).values()

    def __init__(self, *args, promise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = promise.issuers.filter(
            party__kind__in=PROMISE_ISSUER_KINDS
        ).select_related("party")


class DialogueForm(VersionedForm):
    kind = forms.ChoiceField(
        label=capfirst(Dialogue._meta.get_field("kind").verbose_name),
        choices=Dialogue.Kind.choices,
        widget=forms.RadioSelect,
    )
    held_on, participants, summary = forms.fields_for_model(
        Dialogue,
        fields=["held_on", "participants", "summary"],
        widgets={
            "held_on": DateInput(),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 5}),
        },
        help_texts={
            "participants": _("Vilka som deltog, till exempel ”ett fyrtiotal boende i centrum”."),
            "summary": _("Vad som kom fram, särskilt vad invånarna upplever som otryggt."),
        },
    ).values()


class DialogueChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_kind_display()} {obj.held_on:%Y-%m-%d}"


class PriorityForm(VersionedForm):
    """An insecurity the citizens put first, its rank and the dialogue it came from."""

    rank = forms.IntegerField(
        label=capfirst(Priority._meta.get_field("rank").verbose_name),
        min_value=1,
        max_value=999,
        help_text=_("1 är det som invånarna upplever som mest otryggt."),
    )
    title, description = forms.fields_for_model(
        Priority,
        fields=["title", "description"],
        widgets={"description": forms.Textarea(attrs={"rows": 4})},
    ).values()
    dialogue = DialogueChoice(
        queryset=Dialogue.objects.none(),
        required=False,
        label=capfirst(Priority._meta.get_field("dialogue").verbose_name),
        empty_label=_("– Ingen –"),
        error_messages={"invalid_choice": _("Välj en av det här medborgarlöftets dialoger.")},
    )

    def __init__(self, *args, promise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dialogue"].queryset = promise.dialogues.order_by("held_on", "pk")


class PromiseReportForm(VersionedForm):
    """A follow-up report: its text is public once published, its notes never."""

    reported_on, text, internal_notes = forms.fields_for_model(
        PromiseReport,
        fields=["reported_on", "text", "internal_notes"],
        widgets={
            "reported_on": DateInput(),
            "text": forms.Textarea(attrs={"rows": 8}),
            "internal_notes": forms.Textarea(attrs={"rows": 4}),
        },
    ).values()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"reported_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
