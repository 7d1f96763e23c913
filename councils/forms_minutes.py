"""Forms for attendance, minutes, decisions and assignments. The rules live in the services
(councils.services.minutes and .decisions); the forms only offer the choices that make
sense and pass the cleaned data on."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.forms import DateInput, SafeForm, SafeModelForm, VersionedForm

from .models import Assignment, Decision, Invitee, MinutesAddendum, Position

ATTENDANCE_CHOICES = [
    (value, label) for value, label in Invitee.Attendance.choices if value != "unknown"
]


def invitee_label(invitee, parties: dict) -> str:
    """How an invitee is named in the forms: Erik Sand (Polisen), or for a substitute
    Nora Ek (Kriminalvården, ersätter Lars Ström); `parties` maps party ids to parties."""
    party = parties.get(invitee.for_party_id)
    details = [party.short_name] if party else [invitee.organisation or invitee.get_role_display()]
    if invitee.replaces_id:
        details.append(_("ersätter %(name)s") % {"name": invitee.replaces.name})
    return f"{invitee.name} ({', '.join(str(d) for d in details if d)})"


class AttendanceForm(SafeForm):
    """One radio group per invitee: present, absent or excused."""

    def __init__(self, *args, invitees, parties: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for invitee in invitees:
            self.fields[f"attendance_{invitee.pk}"] = forms.ChoiceField(
                label=invitee_label(invitee, parties),
                choices=ATTENDANCE_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                initial=invitee.attendance if invitee.attendance != "unknown" else None,
            )

    def attendance(self) -> dict[int, str]:
        """{invitee id: state} for the groups that were answered."""
        return {
            int(name.removeprefix("attendance_")): value
            for name, value in self.cleaned_data.items()
            if value
        }


class MinutesForm(VersionedForm):
    """The minutes' note for each agenda item."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        for number, item in enumerate(items, start=1):
            self.fields[f"minutes_{item.pk}"] = forms.CharField(
                label=f"{number}. {item.title}",
                widget=forms.Textarea(attrs={"rows": 4}),
                required=False,
                initial=item.minutes,
            )

    def minutes(self) -> dict[int, str]:
        return {
            int(name.removeprefix("minutes_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("minutes_")
        }


class SignatoriesForm(SafeForm):
    """The chair and the adjuster, from the people present."""

    chair = forms.ModelChoiceField(label=_("Ordförande"), queryset=None)
    adjuster = forms.ModelChoiceField(
        label=_("Justerare"),
        queryset=None,
        help_text=_("Närvarande för en annan part än ordföranden."),
    )

    def __init__(self, *args, chairs, adjusters, labels: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for name, people in (("chair", chairs), ("adjuster", adjusters)):
            field = self.fields[name]
            field.queryset = people
            field.empty_label = _("– Välj person –")
            field.label_from_instance = lambda person: labels.get(person.pk, person.name)


class DecisionForm(SafeForm):
    """The decision's text and, for each party represented, its position and who gave it."""

    text = forms.CharField(label=Decision._meta.get_field("text").verbose_name.capitalize())

    def __init__(self, *args, parties, present: dict, parties_by_id: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget = forms.Textarea(attrs={"rows": 4})
        self.parties = [party for party in parties if party.pk in present]
        for party in self.parties:
            self.fields[f"stance_{party.pk}"] = forms.ChoiceField(
                label=_("Ställningstagande för %(party)s") % {"party": party.short_name},
                choices=Position.Stance.choices,
                widget=forms.RadioSelect,
            )
            people = present[party.pk]
            field = forms.ModelChoiceField(
                label=_("Lämnat för %(party)s av") % {"party": party.short_name},
                queryset=Invitee.objects.filter(pk__in=[i.pk for i in people]),
                empty_label=None if len(people) == 1 else _("– Välj person –"),
            )
            labels = {i.pk: invitee_label(i, parties_by_id) for i in people}
            field.label_from_instance = lambda invitee, labels=labels: labels.get(
                invitee.pk, invitee.name
            )
            self.fields[f"given_by_{party.pk}"] = field

    def positions(self) -> dict:
        """{party: (stance, invitee)} for the service."""
        return {
            party: (
                self.cleaned_data[f"stance_{party.pk}"],
                self.cleaned_data[f"given_by_{party.pk}"],
            )
            for party in self.parties
        }


class AssignmentForm(SafeModelForm):
    class Meta:
        model = Assignment
        fields = ["description", "responsible_party", "due_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "due_on": DateInput()}

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["responsible_party"]
        field.queryset = agreement.parties.order_by("order", "pk")
        field.empty_label = _("– Välj part –")


class AssignmentUpdateForm(VersionedForm):
    status = forms.ChoiceField(
        label=Assignment._meta.get_field("status").verbose_name.capitalize(),
        widget=forms.RadioSelect,
    )
    report = forms.CharField(
        label=Assignment._meta.get_field("report").verbose_name.capitalize(),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Krävs när uppdraget återrapporteras till strategiska rådet."),
    )

    def __init__(self, *args, states: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Assignment.Status.choices)
        self.fields["status"].choices = [(s, labels[s]) for s in states]


class AddendumForm(SafeModelForm):
    class Meta:
        model = MinutesAddendum
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}
