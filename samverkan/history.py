"""Readable change history from django-simple-history, in a constant number of queries."""

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

CHANGE_LABELS = {"+": _("Skapad"), "~": _("Ändrad"), "-": _("Borttagen")}


def _display(record, field):
    value = getattr(record, field.attname)
    if value is None or value == "":
        return "—"
    if field.is_relation:
        return None  # shown as "ändrad" only: resolving it would cost a query per row
    if field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def history_entries(*querysets, labels=None) -> list[dict]:
    """Every historical record of the given querysets, newest first, with field changes.

    `labels` maps a model to a function naming one of its records without a query
    (str() of a record whose __str__ follows foreign keys would cost one per row).
    """
    labels = labels or {}
    records = []
    for queryset in querysets:
        records.extend(
            queryset.select_related("history_user").order_by("history_date", "history_id")
        )
    by_object = defaultdict(list)
    for record in records:
        by_object[(record.instance_type, record.id)].append(record)

    entries = []
    for (model, _pk), chain in by_object.items():
        fields = [f for f in model._meta.concrete_fields if f.name != "id"]
        previous = None
        for record in chain:
            changes = []
            if previous is not None and record.history_type == "~":
                for field in fields:
                    if getattr(previous, field.attname) != getattr(record, field.attname):
                        changes.append(
                            {
                                "field": field.verbose_name,
                                "old": _display(previous, field),
                                "new": _display(record, field),
                            }
                        )
            entries.append(
                {
                    "at": record.history_date,
                    "user": record.history_user,
                    "kind": model._meta.verbose_name,
                    "object": labels[model](record) if model in labels else str(record.instance),
                    "change": CHANGE_LABELS.get(record.history_type, record.history_type),
                    "changes": changes,
                }
            )
            previous = record
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries
