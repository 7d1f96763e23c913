"""Meeting forms. Labels, help texts and lengths come from the models; the rules live in
the services (councils.services.meetings), which the views call with the cleaned data."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.forms import SafeForm, VersionedModelForm

from .forms import _person_label
from .models import AgendaItem, Body, Meeting, StandingAgendaItem


class DateTimeInput(forms.DateTimeInput):
    """The browser's own date and time picker; typed as 2025-03-18T13:00 without one."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(VersionedModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "starts_at", "ends_at", "extended", "place", "video_link"]
        widgets = {
            "kind": forms.RadioSelect,
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
        }
        help_texts = {
            "starts_at": _("Svensk tid. Till exempel 2025-03-18 13:00."),
            "place": _("Till exempel ”Kommunhuset, sammanträdesrum Lagan”."),
            "video_link": _("Lämna tomt om mötet inte har någon videolänk."),
        }

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = self.fields["kind"]
        kinds.choices = [
            (value, label)
            for value, label in Meeting.Kind.choices
            if value != Meeting.Kind.SUDDEN or body.kind == Body.Kind.OPERATIVE_GROUP
        ]
        kinds.initial = Meeting.Kind.ORDINARY
        if body.kind == Body.Kind.OPERATIVE_GROUP:
            kinds.help_text = _(
                "Vid en hastigt uppkommen händelse skickas kallelsen direkt när du sparar."
            )
        if body.kind != Body.Kind.STRATEGIC_COUNCIL:
            del self.fields["extended"]

    def _post_clean(self):
        # The rules are the service's (model.clean() included): the form only parses.
        pass


class MeetingCancelForm(SafeForm):
    reason = forms.CharField(
        label=_("Anledning"),
        max_length=300,
        help_text=_("Skickas till de kallade tillsammans med avbokningen."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AgendaItemForm(VersionedModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "kind", "presenter", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        presenter = self.fields["presenter"]
        presenter.queryset = people
        presenter.empty_label = _("– Ingen –")
        presenter.label_from_instance = _person_label
        presenter.help_text = _("Den som föredrar punkten, till exempel från operativa gruppen.")

    def _post_clean(self):
        pass


class StandingItemForm(VersionedModelForm):
    class Meta:
        model = StandingAgendaItem
        fields = ["title", "kind"]

    def _post_clean(self):
        pass


class YearForm(SafeForm):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
