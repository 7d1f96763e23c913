"""The agreement's lists the situation picture is sorted by: geographic areas and problem
categories, kept by the coordinator. New agreements start with the default categories; a
renewal takes over the lists of the period before (registered in apps.py)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

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


def _check_runs(agreement) -> None:
    if not agreement_runs(agreement):
        raise ValidationError(_("Överenskommelsen har upphört; listorna kan inte längre ändras."))


def _next_order(queryset) -> int:
    return (queryset.aggregate(last=Max("order"))["last"] or 0) + 1


def _add(model, *, agreement, name: str, by, action: str, key: str):
    _check_runs(agreement)
    check_text(name, field_label=str(model._meta.get_field("name").verbose_name))
    item = model(
        agreement=agreement,
        name=name.strip(),
        order=_next_order(model.objects.filter(agreement=agreement)),
    )
    _save(item, by)
    event_log(agreement=agreement, actor=by, action=action, obj=item, data={key: item.name})
    return item


def _update(item, *, by, expected_version, fields, action: str, key: str):
    fields_check(
        service=f"{type(item).__name__.lower()}_update", fields=fields, allowed=LIST_FIELDS
    )
    item = type(item).objects.select_for_update().select_related("agreement").get(pk=item.pk)
    _check_runs(item.agreement)
    version_check(instance=item, expected=expected_version)
    if "name" in fields:
        fields["name"] = fields["name"].strip()
        check_text(fields["name"], field_label=str(type(item)._meta.get_field("name").verbose_name))
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
    return _add(
        Area, agreement=agreement, name=name, by=by, action="situation.area.added", key="area"
    )


@transaction.atomic
def area_update(*, area: Area, by, expected_version: int | None = None, **fields) -> Area:
    """Rename, reorder or retire an area; what was reported for it keeps it."""
    service_requires(by, MANAGE, area.agreement)
    return _update(
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
    return _add(
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
    return _update(
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
