"""The account's reminder setting (samverkan/views_reminders.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import SafeForm


class ReminderSettingsForm(SafeForm):
    reminder_emails = forms.BooleanField(
        label=_("Skicka påminnelser till mig via e-post"),
        required=False,
        help_text=_(
            "Kallelser, begäranden om underlag och andra meddelanden skickas ändå; bara "
            "påminnelserna stängs av."
        ),
    )
