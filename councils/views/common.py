"""Small helpers the councils' views share."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.urls import reverse


def meeting_url(meeting) -> str:
    return reverse("councils:meeting", args=[meeting.agreement_id, meeting.body_id, meeting.pk])


def refused(request, exc: ValidationError) -> None:
    """A service refused a POST without a form: its reasons as an error message."""
    messages.error(request, " ".join(exc.messages))
