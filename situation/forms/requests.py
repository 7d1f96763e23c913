from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.models import Body, Meeting
from samverkan.forms import DateInput, SafeModelForm

from ..models import InputRequest


class RequestForm(SafeModelForm):
    class Meta:
        model = InputRequest
        fields = ["title", "due_on", "meeting", "message"]
        widgets = {"due_on": DateInput(), "message": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "message": _("Vad parterna ska ta med, till exempel händelser sedan förra mötet."),
        }

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        # The operative group's coming meetings: the information is brought to them.
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(
                agreement=agreement,
                body__kind=Body.Kind.OPERATIVE_GROUP,
                starts_at__gte=timezone.now(),
            )
            .exclude(status=Meeting.Status.CANCELLED)
            .select_related("body")
            .order_by("starts_at")
        )
        self.fields["meeting"].label_from_instance = lambda meeting: meeting.when
        self.fields["meeting"].empty_label = _("– Inget möte –")
