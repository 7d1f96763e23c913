"""Readable change history from django-simple-history, paged in the database."""

from datetime import datetime
from decimal import Decimal

from django.db import models
from django.db.models import IntegerField, OuterRef, Q, Subquery, Value
from django.dispatch import receiver
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.signals import pre_create_historical_record

CHANGE_LABELS = {"+": _("Skapad"), "~": _("Ändrad"), "-": _("Borttagen")}


class ChangedUnder(models.Model):
    """Base of the history of data several agreements share (an organisation): each row
    records the agreement the change was made under, so that an agreement's history
    lists its own changes only, never another agreement's or its users' names.

    The service making the change says which, as it names the user:
    `instance._history_agreement = agreement` before saving."""

    history_agreement = models.ForeignKey(
        "samverkan.Agreement",
        # History outlives what it names, as simple-history's own keys do.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ändrad i överenskommelsen"),
    )

    class Meta:
        abstract = True


@receiver(pre_create_historical_record)
def _record_agreement(sender, instance, history_instance, **kwargs):
    if isinstance(history_instance, ChangedUnder):
        history_instance.history_agreement = getattr(instance, "_history_agreement", None)


def changed_under(agreement) -> Q:
    """The history rows of shared data that `agreement` shows: the changes made under it,
    and the creation of the data where no agreement was recorded (by the demo, or before
    agreements were recorded), which names no other agreement's user. A change recorded
    under no agreement (by a system administrator in the admin) shows in none."""
    return Q(history_agreement=agreement) | Q(history_agreement__isnull=True, history_type="+")


def _display(record, field):
    value = getattr(record, field.attname)
    if value is None or value == "":
        return "—"
    if field.is_relation:
        return None  # shown as "ändrad" only: resolving it would cost a query per row
    if isinstance(value, bool):  # not "False → True"
        return str(_("Ja") if value else _("Nej"))
    if field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime):  # as the pages write times: local, to the minute
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if isinstance(value, Decimal):  # "7,5" in Swedish
        whole = value == value.to_integral_value()
        return formats.localize(value.quantize(Decimal(1)) if whole else value.normalize())
    return str(value)


# Rows of all tables sort by this key, newest first; the source number makes it total
# (history ids repeat across tables), so a page is exactly the rows between two keys.
# ("history_table", not "source": a model may have a field of that name.)
_ORDER = ("history_date", "history_table", "history_id")


def _at_or_after(key, source) -> Q:
    """The rows of table `source` whose sort key is at or after `key`."""
    date, key_source, history_id = key
    if source != key_source:
        return Q(history_date__gte=date) if source > key_source else Q(history_date__gt=date)
    return Q(history_date__gt=date) | Q(history_date=date, history_id__gte=history_id)


def _at_or_before(key, source) -> Q:
    """The rows of table `source` whose sort key is at or before `key`."""
    date, key_source, history_id = key
    if source != key_source:
        return Q(history_date__lte=date) if source < key_source else Q(history_date__lt=date)
    return Q(history_date__lt=date) | Q(history_date=date, history_id__lte=history_id)


def _previous_id(queryset) -> Subquery:
    """The history id of the version before each row of the same object.

    History ids grow with every save, so it is the highest one below the row's; found
    through the index on the object's id, however long its history."""
    earlier = queryset.model.objects.filter(
        id=OuterRef("id"), history_id__lt=OuterRef("history_id")
    )
    return Subquery(earlier.order_by("-history_id").values("history_id")[:1])


class HistoryEntries:
    """The historical records of some querysets as readable entries, newest first.

    Made for a Paginator: count() is one query, a slice one query plus one per table (two
    for a table whose listed changes follow records it leaves out, see ChangedUnder).
    """

    def __init__(self, querysets, labels, since=None):
        """`since`: only the records from then on are listed (each still shown against the
        record before it, which may be older)."""
        self.querysets = querysets
        self.labels = labels
        listed = [q.filter(history_date__gte=since) for q in querysets] if since else querysets
        keys = [
            queryset.annotate(history_table=Value(n, output_field=IntegerField()))
            .values_list(*_ORDER)
            .order_by()  # the history's default order: SQLite refuses it inside a UNION
            for n, queryset in enumerate(listed)
        ]
        self.index = keys[0].union(*keys[1:], all=True).order_by(*(f"-{f}" for f in _ORDER))

    def count(self) -> int:
        return self.index.count()

    def __getitem__(self, page: slice) -> list[dict]:
        keys = list(self.index[page])
        if not keys:
            return []
        newest, oldest = keys[0], keys[-1]
        records = [
            self._records(n, newest, oldest, {key[2] for key in keys if key[1] == n})
            for n in range(len(self.querysets))
        ]
        return [self._entry(records[source], history_id) for _at, source, history_id in keys]

    def _records(self, source, newest, oldest, listed: set) -> dict:
        """The page's records of one table (`listed`: their history ids) and their
        predecessors, by history id."""
        queryset = self.querysets[source]
        on_page = _at_or_after(oldest, source) & _at_or_before(newest, source)
        # A change is shown against the record before it, which may sit on another page.
        changed = queryset.filter(on_page, history_type="~").annotate(
            previous_id=_previous_id(queryset)
        )
        records = {
            record.history_id: record
            for record in queryset.filter(on_page | Q(history_id__in=changed.values("previous_id")))
            .annotate(previous_id=_previous_id(queryset))
            .select_related("history_user")
        }
        # The record before a change may be one the queryset leaves out (shared data changed
        # under another agreement): read for its values only, in one more query at most.
        previous = {records[n].previous_id for n in listed if records[n].history_type == "~"}
        missing = previous - records.keys() - {None}
        if missing:
            records |= queryset.model.objects.in_bulk(missing)
        return records

    def _entry(self, records: dict, history_id: int) -> dict:
        record = records[history_id]
        model = record.instance_type
        previous = records.get(record.previous_id)
        changes = []
        if previous is not None and record.history_type == "~":
            for field in model._meta.concrete_fields:
                # Fields history does not keep (a token's hash, a version's content).
                if field.name == "id" or not hasattr(record, field.attname):
                    continue
                if getattr(previous, field.attname) != getattr(record, field.attname):
                    changes.append(
                        {
                            "field": field.verbose_name,
                            "old": _display(previous, field),
                            "new": _display(record, field),
                        }
                    )
        label = self.labels.get(model)
        return {
            "at": record.history_date,
            "user": record.history_user,
            "kind": model._meta.verbose_name,
            "object": label(record) if label else str(record.instance),
            "change": CHANGE_LABELS.get(record.history_type, record.history_type),
            "changes": changes,
        }


def history_entries(*querysets, labels=None) -> HistoryEntries:
    """Every historical record of the given querysets, newest first, read a page at a time.

    `labels` maps a model to a function naming one of its records without a query
    (from what the queryset annotates: str() following a foreign key costs one per row).
    """
    return HistoryEntries(querysets, labels or {})
