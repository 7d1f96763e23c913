"""The barrier report form of the accessibility statement: open to everyone, so nothing but
the description is required and nothing asks who the reporter is."""

from django import forms
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .forms import SafeForm, text_problem
from .models import BarrierReport

_PAGE_MAX_LENGTH = BarrierReport._meta.get_field("page").max_length


class BarrierReportForm(SafeForm):
    description = forms.CharField(
        label=_("Vad är problemet?"),
        help_text=_(
            "Beskriv vad du försökte göra och vad som inte fungerade. Berätta gärna vilken "
            "webbläsare och vilka hjälpmedel du använder."
        ),
        max_length=BarrierReport.DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Skriv vad problemet är.")},
    )
    page = forms.CharField(
        label=_("Vilken sida gäller det?"),
        help_text=_("Sidans namn eller adress, om du vet den."),
        max_length=_PAGE_MAX_LENGTH,
        required=False,
    )
    name = forms.CharField(
        label=_("Ditt namn"),
        max_length=BarrierReport._meta.get_field("name").max_length,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Din e-postadress"),
        help_text=_("Om du vill ha svar."),
        max_length=BarrierReport._meta.get_field("email").max_length,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        # Two labels are questions: none of the four gets a colon, so they read alike.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def page_from_query(value: str) -> str:
    """The page a report link was followed from (`?sida=`), to fill in the form: a path of
    this site only, so a link from elsewhere cannot put an address of its choosing in the
    report the coordinator reads; anything else gives an empty field."""
    if (
        not value.startswith("/")
        or len(value) > _PAGE_MAX_LENGTH
        or text_problem(value, multiline=False)
        # "//host/…" and "/\host" are other sites to a browser.
        or not url_has_allowed_host_and_scheme(value, allowed_hosts=set())
    ):
        return ""
    return value
