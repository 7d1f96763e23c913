"""Forms of the weekly check-in. The rules are the services' (situation/services/
checkin.py); a form only offers what may be chosen."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.forms import DateInput, SafeForm, VersionedForm

from ..models import QuickAction, RiskAssessment


class RiskForm(VersionedForm):
    level = forms.ChoiceField(
        label=_("Risknivå"),
        choices=RiskAssessment.Level.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Motivering"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Vad i veckans rapporter och i gruppens kunskap om området som ligger till "
            "grund för bedömningen. Skriv inga uppgifter som pekar ut enskilda personer."
        ),
    )


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.short_name or obj.party.name


class ActionForm(SafeForm):
    area = AreaChoiceField(queryset=None, label=_("Område"))
    what = forms.CharField(
        label=_("Åtgärd"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vad som ska göras, till exempel extra tillsyn eller lagad belysning."),
    )
    responsible_party = PartyChoiceField(queryset=None, label=_("Ansvarig part"))
    follow_up_on = forms.DateField(
        label=_("Följs upp"),
        widget=DateInput(),
        help_text=_("Dagen då gruppen följer upp vad som blev av åtgärden."),
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = agreement.areas.filter(active=True).order_by(
            "order", "name", "pk"
        )
        self.fields["responsible_party"].queryset = agreement.parties.select_related(
            "party"
        ).order_by("order", "pk")
        self.fields["area"].empty_label = _("– Välj område –")
        self.fields["responsible_party"].empty_label = _("– Välj part –")


class FollowUpForm(VersionedForm):
    status = forms.ChoiceField(
        label=_("Status"), choices=QuickAction.Status.choices, widget=forms.RadioSelect
    )
    outcome = forms.CharField(
        label=_("Resultat"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Vad som blev av åtgärden. Krävs när den är genomförd eller inte genomförd."),
    )


# The trends page's choice of every area at once (one line per area).
ALL_AREAS = "alla"


class TrendForm(SafeForm):
    """Which area (or all of them) and which checklist category the trends show; without
    a choice, the first area and the first category. A GET form, its names the URL's."""

    omrade = forms.ChoiceField(label=_("Område"), required=False)
    kategori = forms.ChoiceField(label=_("Punkt i checklistan"), required=False)

    def __init__(self, data=None, *, areas, categories):
        super().__init__(data, auto_id="trend-%s")
        self.areas = {str(area.pk): area for area in areas}
        self.categories = {str(category.pk): category for category in categories}
        unused = _("används inte")
        self.fields["omrade"].choices = [(ALL_AREAS, _("Alla områden"))] + [
            (key, area.name if area.active else f"{area.name} ({unused})")
            for key, area in self.areas.items()
        ]
        self.fields["kategori"].choices = [
            (
                key,
                f"{category.name} ({category.get_measure_display().lower()})"
                if category.active
                else f"{category.name} ({unused})",
            )
            for key, category in self.categories.items()
        ]
        self.fields["omrade"].initial = next(iter(self.areas), None)
        self.fields["kategori"].initial = next(iter(self.categories), None)

    def chosen(self):
        """(the area, None for all areas; the category, None when there is none)."""
        area = next(iter(self.areas.values()), None)
        category = next(iter(self.categories.values()), None)
        if self.is_bound and self.is_valid():
            wanted_area = self.cleaned_data["omrade"]
            if wanted_area == ALL_AREAS:
                area = None
            elif wanted_area:
                area = self.areas[wanted_area]
            if self.cleaned_data["kategori"]:
                category = self.categories[self.cleaned_data["kategori"]]
        return area, category
