"""The weekly follow-up (EST): the checklist the parties report on, and their weekly
reports.

The coordinator keeps the checklist (its lines are counts or levels on a scale); anyone of
a party reports what they saw in an area during an ISO week (`report_weekly_for_party`,
councils/roles.py). A report is not changed once submitted: a correction is a new report.
Every text goes through the personal identity number guard first; a hit refuses the whole
report and nothing is stored. A report for a week that has ended is accepted, and marked
late.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from councils.access import agreement_runs
from samverkan.services import _save

from .. import weeks
from ..access import service_requires
from ..guard import check_text
from ..models import (
    MANAGE,
    SCALE_LEVELS,
    VIEW,
    Observation,
    ObservationCategory,
    WeeklyReport,
)
from .lists import list_item_add, list_item_update

REPORT_WEEKLY = "samverkan.report_weekly_for_party"
CHECKLIST_FIELDS = ("name", "measure", "order", "active")
# The highest level on the scale, and the largest count a line takes (a typo guard: a
# week's count of graffiti in one area is never in the tens of thousands).
SCALE_MAX = max(level for level, _label in SCALE_LEVELS)
MAX_COUNT = 9999
NOTE_MAX = Observation._meta.get_field("note").max_length

Measure = ObservationCategory.Measure


# --- who reports, and what they see --------------------------------------------------


def report_parties(rights) -> list:
    """The agreement's parties the user reports weekly for (read once per request)."""
    cached = getattr(rights, "_report_parties", None)
    if cached is None:
        cached = rights._report_parties = [
            party
            for party in rights.agreement.parties.order_by("order", "pk")
            if rights.has(REPORT_WEEKLY, party)
        ]
    return cached


def reports_visible_to(rights):
    """The agreement's weekly reports the user may read: all of them for whoever reads
    the situation picture; otherwise those of the parties they report for, and their own."""
    reports = WeeklyReport.objects.filter(agreement=rights.agreement)
    if rights.has(VIEW):
        return reports
    return reports.filter(
        Q(party__in=[party.pk for party in report_parties(rights)]) | Q(author=rights.user)
    )


# --- weeks ----------------------------------------------------------------------------


def first_week(agreement) -> date:
    return weeks.monday(agreement.valid_from)


def last_week(agreement) -> date:
    return weeks.monday(agreement.valid_to)


def reportable_weeks(agreement, today: date, count: int = 9) -> list[date]:
    """This week and the `count` - 1 before it, newest first, inside the agreement."""
    this_week = weeks.monday(today)
    candidates = [this_week, *reversed(weeks.weeks_before(this_week, count - 1))]
    return [w for w in candidates if first_week(agreement) <= w <= last_week(agreement)]


def _check_week(agreement, week, today: date) -> None:
    if not isinstance(week, date) or week.weekday() != 0:
        raise ValidationError({"week": _("Veckan anges med sin måndag.")})
    if not first_week(agreement) <= week <= last_week(agreement):
        raise ValidationError({"week": _("Veckan ligger utanför överenskommelsens giltighetstid.")})
    if week > weeks.monday(today):
        raise ValidationError(
            {"week": _("Det går inte att rapportera för en vecka som inte börjat.")}
        )


# --- the checklist --------------------------------------------------------------------


CHECKLIST_ENDED = gettext_lazy("Överenskommelsen har upphört; checklistan kan inte längre ändras.")


@transaction.atomic
def checklist_add(*, agreement, name: str, measure: str, by) -> ObservationCategory:
    """A new line of the weekly checklist, last in the list."""
    service_requires(by, MANAGE, agreement)
    return list_item_add(
        ObservationCategory,
        agreement=agreement,
        name=name,
        by=by,
        action="situation.checklist.added",
        key="category",
        ended=CHECKLIST_ENDED,
        measure=measure,
    )


def _measure_kept(category: ObservationCategory, fields: dict) -> None:
    """A line switches between count and scale only while no report uses it (a count of 3
    is not a level of 3)."""
    if (
        "measure" in fields
        and fields["measure"] != category.measure
        and category.observations.exists()
    ):
        raise ValidationError(
            {
                "measure": _(
                    "Punkten finns redan i veckorapporter och byter därför inte mått. Lägg "
                    "till en ny punkt och sluta använda den här i stället."
                )
            }
        )


@transaction.atomic
def checklist_update(
    *, category: ObservationCategory, by, expected_version: int | None = None, **fields
) -> ObservationCategory:
    """Rename, reorder or retire a line, or switch its measure while no report uses it."""
    service_requires(by, MANAGE, category.agreement)
    return list_item_update(
        category,
        by=by,
        expected_version=expected_version,
        fields=fields,
        action="situation.checklist.changed",
        key="category",
        allowed=CHECKLIST_FIELDS,
        ended=CHECKLIST_ENDED,
        check=_measure_kept,
    )


# --- weekly reports -------------------------------------------------------------------


def value_field(category_pk) -> str:
    """The error key (and form field) of a line's value."""
    return f"value_{category_pk}"


def note_field(category_pk) -> str:
    """The error key (and form field) of a line's note."""
    return f"note_{category_pk}"


def _check_reporter(*, agreement, party, by) -> None:
    if not agreement_runs(agreement):
        raise ValidationError(
            _("Överenskommelsen har upphört; veckorapporter kan inte längre lämnas.")
        )
    if party.agreement_id != agreement.pk:
        raise ValidationError({"party": _("Välj en av överenskommelsens parter.")})
    if not (getattr(by, "pk", None) and by.is_active and by.has_perm(REPORT_WEEKLY, party)):
        raise ValidationError(
            {
                "party": _("Du lämnar inte veckorapporter för %(party)s.")
                % {"party": party.short_name}
            }
        )


def _observations(agreement, values: dict, errors: dict) -> list[Observation]:
    """The report's lines, each checked; what is wrong goes into `errors` by line."""
    lines = {line.pk: line for line in agreement.observation_categories.filter(pk__in=list(values))}
    observations = []
    for key, (value, note) in values.items():
        line = lines.get(int(key))
        note = (note or "").strip()
        if line is None or not line.active:
            errors.setdefault("__all__", []).append(
                _("Rapportera bara på punkterna i överenskommelsens checklista.")
            )
            continue
        if value is None:
            if note:
                if line.measure == Measure.SCALE:
                    message = _("Ange en nivå för %(name)s, eller ta bort kommentaren.")
                else:
                    message = _("Ange ett antal för %(name)s, eller ta bort kommentaren.")
                errors[value_field(line.pk)] = message % {"name": line.name}
            continue
        if line.measure == Measure.SCALE and not 0 <= value <= SCALE_MAX:
            errors[value_field(line.pk)] = _("Välj en nivå mellan 0 och %(max)s.") % {
                "max": SCALE_MAX
            }
        elif line.measure == Measure.COUNT and not 0 <= value <= MAX_COUNT:
            errors[value_field(line.pk)] = _("Ange ett antal mellan 0 och %(max)s.") % {
                "max": MAX_COUNT
            }
        if len(note) > NOTE_MAX:
            errors[note_field(line.pk)] = _("Kommentaren får vara högst %(max)s tecken.") % {
                "max": NOTE_MAX
            }
        try:
            check_text(note, field_label=_("%(name)s – kommentar") % {"name": line.name})
        except ValidationError as exc:
            errors[note_field(line.pk)] = exc.messages
        observations.append(Observation(category=line, value=value, note=note))
    return observations


@transaction.atomic
def weekly_report_submit(
    *,
    agreement,
    party,
    area,
    week: date,
    values: dict,
    note: str = "",
    by,
    now: datetime | None = None,
) -> WeeklyReport:
    """Submit what `by` saw for `party` in `area` during the ISO week starting `week`.

    `values` maps a checklist line's pk to (value or None, note); lines without a value
    or note are left out. A report for a week that has ended is marked late."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    _check_reporter(agreement=agreement, party=party, by=by)
    errors: dict = {}
    if area is None or area.agreement_id != agreement.pk or not area.active:
        errors["area"] = _("Välj ett av överenskommelsens områden som används.")
    try:
        _check_week(agreement, week, today)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    note = (note or "").strip()
    try:
        check_text(note, field_label=str(WeeklyReport._meta.get_field("note").verbose_name))
    except ValidationError as exc:
        errors["note"] = exc.messages
    observations = _observations(agreement, values or {}, errors)
    if not errors and not observations and not note:
        errors["__all__"] = _(
            "Rapporten är tom. Ange något för minst en punkt i checklistan, eller skriv en "
            "kommentar."
        )
    if errors:
        raise ValidationError(errors)
    report = _save(
        WeeklyReport(
            agreement=agreement,
            party=party,
            author=by,
            area=area,
            week=week,
            note=note,
            submitted_at=now,
            late=weeks.is_late(week, today),
        ),
        by,
    )
    for observation in observations:
        observation.report = report
        _save(observation, by)
    return report


@transaction.atomic
def weekly_report_withdraw(*, report: WeeklyReport, by) -> None:
    """Withdraw a report that was wrong or sent twice: its author, while the agreement
    runs. The grid, averages and trends no longer count it; its history keeps it."""
    report = WeeklyReport.objects.select_for_update().select_related("agreement").get(pk=report.pk)
    if not agreement_runs(report.agreement):
        raise ValidationError(
            _("Överenskommelsen har upphört; veckorapporter kan inte längre ändras.")
        )
    if getattr(by, "pk", None) != report.author_id:
        raise ValidationError(_("Bara den som lämnade rapporten kan dra tillbaka den."))
    for observation in report.observations.all():
        observation._history_user = by
        observation.delete()
    report._history_user = by
    report.delete()
