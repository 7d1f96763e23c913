from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.forms import SafeForm, VersionedModelForm

from ..models import Area, Category


class AreaForm(VersionedModelForm):
    class Meta:
        model = Area
        fields = ["name", "order", "active"]


class CategoryForm(VersionedModelForm):
    class Meta:
        model = Category
        fields = ["name", "order", "active"]


class AddForm(SafeForm):
    """One name to add to a list (the list page has one for each)."""

    name = forms.CharField(label=_("Namn"), max_length=100)

    def __init__(self, *args, prefix: str, label, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.fields["name"].label = label
