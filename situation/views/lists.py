"""The agreement's areas and problem categories: everyone in the situation picture reads
them; the coordinator (manage_situation) adds, renames, reorders and retires them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import model_to_dict
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.formpage import form_page
from samverkan.forms import add_service_errors
from samverkan.services import version_of

from ..access import situation_perm_view, situation_view
from ..forms.lists import AddForm, AreaForm, CategoryForm
from ..models import MANAGE
from ..services import lists as services

# The list page's two add forms: prefix → (label, service, success message).
_ADD = {
    "area": (
        gettext_lazy("Nytt område"),
        services.area_add,
        gettext_lazy("Området %(name)s är tillagt."),
    ),
    "category": (
        gettext_lazy("Ny problemkategori"),
        services.category_add,
        gettext_lazy("Kategorin %(name)s är tillagd."),
    ),
}


def _lists_url(agreement) -> str:
    return reverse("situation:lists", args=[agreement.pk])


def _lists_post(request, agreement):
    """Add to one list; the other form stays empty. Returns the forms, or a redirect."""
    request.rights.require(MANAGE)
    which = request.POST.get("list")
    forms = {}
    for prefix, (label, add, done) in _ADD.items():
        data = request.POST if prefix == which else None
        form = forms[prefix] = AddForm(data, prefix=prefix, label=label)
        if data is not None and form.is_valid():
            name = form.cleaned_data["name"]
            try:
                add(agreement=agreement, name=name, by=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, done % {"name": name})
                return None, redirect(_lists_url(agreement))
    return forms, None


@situation_view
def lists(request, agreement):
    manages = request.rights.has(MANAGE)
    if request.method not in ("GET", "HEAD"):
        # A member who may not change the lists is refused before any method check.
        request.rights.require(MANAGE)
        if request.method != "POST":
            return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "POST":
        forms, done = _lists_post(request, agreement)
        if done:
            return done
    else:
        forms = {
            prefix: AddForm(prefix=prefix, label=label) for prefix, (label, *_rest) in _ADD.items()
        }
    return render(
        request,
        "situation/lists.html",
        {
            "agreement": agreement,
            "areas": agreement.areas.all(),
            "categories": agreement.problem_categories.all(),
            "manages": manages,
            "area_form": forms["area"],
            "category_form": forms["category"],
        },
    )


def _edit(request, agreement, item, form_class, update, noun):
    form = form_class(
        request.POST or None, initial=model_to_dict(item) | {"version": version_of(item)}
    )

    def save(data):
        update(item, by=request.user, **data)
        return _("%(name)s är sparad.") % {"name": data["name"]}

    return form_page(
        request,
        form,
        save=save,
        success_url=_lists_url(agreement),
        cancel_url=_lists_url(agreement),
        title=_("Ändra %(noun)s %(name)s") % {"noun": noun, "name": item.name},
        intro=_(
            "Ett område eller en kategori som inte längre används finns kvar i det som "
            "redan lämnats in."
        ),
    )


@situation_perm_view(MANAGE)
def area_edit(request, agreement, area_pk):
    area = get_object_or_404(agreement.areas.all(), pk=area_pk)
    return _edit(
        request,
        agreement,
        area,
        AreaForm,
        lambda item, **kw: services.area_update(area=item, **kw),
        _("området"),
    )


@situation_perm_view(MANAGE)
def category_edit(request, agreement, category_pk):
    category = get_object_or_404(agreement.problem_categories.all(), pk=category_pk)
    return _edit(
        request,
        agreement,
        category,
        CategoryForm,
        lambda item, **kw: services.category_update(category=item, **kw),
        _("kategorin"),
    )
