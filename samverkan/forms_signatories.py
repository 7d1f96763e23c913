"""Forms of the signatory designations (samverkan/signatories.py)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .forms import SafeForm
from .models import SignatoryDesignation


class SignatoryDesignateForm(SafeForm):
    """Whom the coordinator designates to sign for a party: one of its staff in the
    agreement's people directory (the service checks it again)."""

    user = forms.ModelChoiceField(
        label=_("Vem ska underteckna för parten"),
        queryset=get_user_model().objects.none(),
        empty_label=_("– Välj person –"),
        help_text=_("Personer hos parten som finns i överenskommelsens personlista."),
    )
    title = forms.CharField(
        label=_("Titel vid underskrift"),
        max_length=SignatoryDesignation._meta.get_field("title").max_length,
        required=False,
        help_text=_("Lämnas fältet tomt används personens titel i personlistan."),
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = list(people or [])
        field = self.fields["user"]
        field.queryset = get_user_model().objects.filter(pk__in=[p.user_id for p in people])
        titles = {p.user_id: p.title for p in people}

        def label(user):
            name = user.get_full_name() or user.get_username()
            return f"{name}, {titles[user.pk]}" if titles.get(user.pk) else name

        field.label_from_instance = label
