"""The form that puts an annex version on a strategic council meeting's agenda. The rules
live in councils.services.annexes; the form offers the meetings the version may go
before."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samverkan.forms import SafeForm

from .models import Meeting


def meeting_choice_label(meeting: Meeting) -> str:
    """ "Strategiskt råd 2025-03-19 13:00, Kommunhuset" (and "ej kallat" for a proposal)."""
    label = str(meeting)
    if meeting.place:
        label += f", {meeting.place}"
    if meeting.is_draft:
        label += f" ({gettext('förslag, ej kallat')})"
    return label


class PresentForm(SafeForm):
    meeting = forms.ModelChoiceField(
        label=_("Möte i strategiska rådet"),
        queryset=Meeting.objects.none(),
        empty_label=None,
        help_text=_("Versionen blir en beslutspunkt sist på mötets dagordning."),
    )

    def __init__(self, *args, meetings, listed: list | None = None, **kwargs):
        """`meetings`, a queryset, validates the choice; `listed`, the same meetings read
        already, spares the form reading them again to show them."""
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        field.queryset = meetings
        field.label_from_instance = meeting_choice_label
        if listed is not None:
            field.choices = [(m.pk, meeting_choice_label(m)) for m in listed]
