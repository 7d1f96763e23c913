"""The agreement's lists the situation picture is sorted by: geographic areas and problem
categories, kept by the coordinator. New agreements start with the default categories; a
renewal takes over the lists of the period before (registered in apps.py)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy

from councils.access import agreement_runs
from samverkan.services import _save, changes_apply, event_log, fields_check, version_check

from ..access import service_requires
from ..guard import check_text
from ..models import (
    DEFAULT_CATEGORIES,
    DEFAULT_CHECKLIST,
    MANAGE,
    Area,
    Category,
    ObservationCategory,
)

LIST_FIELDS = ("name", "order", "active")


ENDED = gettext_lazy("Överenskommelsen har upphört; listorna kan inte längre ändras.")


def _check_runs(agreement, ended=ENDED) -> None:
    if not agreement_runs(agreement):
        raise ValidationError(str(ended))


def _next_order(queryset) -> int:
    return (queryset.aggregate(last=Max("order"))["last"] or 0) + 1


def _name(model, name: str) -> str:
    name = (name or "").strip()
    check_text(name, field_label=str(model._meta.get_field("name").verbose_name))
    return name


def list_item_add(model, *, agreement, name: str, by, action: str, key: str, ended=ENDED, **more):
    """A new item of one of the agreement's lists (an area, a category, a line of the
    weekly checklist), last in it; `more` are the model's other fields."""
    _check_runs(agreement, ended)
    item = model(
        agreement=agreement,
        name=_name(model, name),
        order=_next_order(model.objects.filter(agreement=agreement)),
        **more,
    )
    _save(item, by)
    event_log(agreement=agreement, actor=by, action=action, obj=item, data={key: item.name})
    return item


def list_item_update(
    item,
    *,
    by,
    expected_version,
    fields,
    action: str,
    key: str,
    allowed=LIST_FIELDS,
    ended=ENDED,
    check=None,
):
    """Rename, reorder or retire an item (and change what `allowed` adds); `check(item,
    fields)` refuses what the list's own rules forbid. Logs nothing when nothing differs."""
    model = type(item)
    fields_check(service=f"{model.__name__.lower()}_update", fields=fields, allowed=allowed)
    item = model.objects.select_for_update().select_related("agreement").get(pk=item.pk)
    _check_runs(item.agreement, ended)
    version_check(instance=item, expected=expected_version)
    if "name" in fields:
        fields["name"] = _name(model, fields["name"])
    if check is not None:
        check(item, fields)
    changes = changes_apply(item, fields)
    if changes:
        _save(item, by, fields=list(changes))
        event_log(
            agreement=item.agreement,
            actor=by,
            action=action,
            obj=item,
            data={key: item.name, "changes": changes},
        )
    return item


@transaction.atomic
def area_add(*, agreement, name: str, by) -> Area:
    """A new geographic area, last in the list."""
    service_requires(by, MANAGE, agreement)
    return list_item_add(
        Area, agreement=agreement, name=name, by=by, action="situation.area.added", key="area"
    )


@transaction.atomic
def area_update(*, area: Area, by, expected_version: int | None = None, **fields) -> Area:
    """Rename, reorder or retire an area; what was reported for it keeps it."""
    service_requires(by, MANAGE, area.agreement)
    return list_item_update(
        area,
        by=by,
        expected_version=expected_version,
        fields=fields,
        action="situation.area.changed",
        key="area",
    )


@transaction.atomic
def category_add(*, agreement, name: str, by) -> Category:
    service_requires(by, MANAGE, agreement)
    return list_item_add(
        Category,
        agreement=agreement,
        name=name,
        by=by,
        action="situation.category.added",
        key="category",
    )


@transaction.atomic
def category_update(
    *, category: Category, by, expected_version: int | None = None, **fields
) -> Category:
    service_requires(by, MANAGE, category.agreement)
    return list_item_update(
        category,
        by=by,
        expected_version=expected_version,
        fields=fields,
        action="situation.category.changed",
        key="category",
    )


def categories_default(*, agreement) -> None:
    """Give a new agreement the default problem categories and the default weekly
    checklist (in Swedish: the lists are data the parties share, not interface text)."""
    from django.utils import translation

    with translation.override("sv"):
        Category.objects.bulk_create(
            [
                Category(agreement=agreement, name=str(name), order=number)
                for number, name in enumerate(DEFAULT_CATEGORIES, start=1)
            ],
            ignore_conflicts=True,
        )
        ObservationCategory.objects.bulk_create(
            [
                ObservationCategory(agreement=agreement, name=str(name), measure=measure, order=n)
                for n, (name, measure) in enumerate(DEFAULT_CHECKLIST, start=1)
            ],
            ignore_conflicts=True,
        )


def lists_copy(*, old, new, parties=None, by=None) -> None:
    """A renewal keeps the areas, categories and weekly checklist of the period before
    (samverkan.lifecycle RENEWAL_COPIES): the new agreement's defaults give way to what
    the parties had."""
    for model in (Area, Category, ObservationCategory):
        model.objects.filter(agreement=new).delete()
        model.objects.bulk_create(
            [
                model(
                    agreement=new,
                    **{
                        field: getattr(item, field)
                        for field in ("name", "order", "active", "measure")
                        if hasattr(item, field)
                    },
                )
                for item in model.objects.filter(agreement=old)
            ]
        )
