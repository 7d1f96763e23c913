"""The safety survey's import form: one CSV file. What the file holds is the service's to
judge (situation/services/survey.py), with its reasons on this field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.forms import SafeForm


class SurveyImportForm(SafeForm):
    file = forms.FileField(
        label=_("CSV-fil med resultat"),
        help_text=_(
            "En rubrikrad med kolumnerna år, område, fråga, värde (eller andel i procent) och "
            "svarande, separerade med semikolon eller komma. Högst 5 MB."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )
