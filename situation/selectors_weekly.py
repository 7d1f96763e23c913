"""Reads of the weekly check-in (EST): the week's grid of areas × checklist categories,
the week's risk levels and quick actions, and the trends over many weeks.

Every read is a fixed number of GROUP BY queries over the weeks it covers, however many
weeks, areas or reports there are: nothing is asked per cell, per area or per week.
Weeks are Mondays (situation/weeks.py), so a span of weeks is a span of dates and ISO
week 53 needs no special case.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import weeks
from .charts import format_number
from .models import (
    Area,
    Observation,
    ObservationCategory,
    QuickAction,
    RiskAssessment,
    WeeklyReport,
)

# The weeks before this one whose average a week is compared with.
AVERAGE_WEEKS = 4
SUNDAY = timedelta(days=6)
_ONE_DECIMAL = Decimal("0.1")


# --- weeks ------------------------------------------------------------------------------


def week_in_agreement(agreement, monday: date) -> bool:
    """Whether the week starting `monday` has a day inside the agreement's period (its
    first and last weeks may begin before or end after it)."""
    return monday <= agreement.valid_to and monday + SUNDAY >= agreement.valid_from


def weeks_up_to(agreement, monday: date, count: int) -> list[date]:
    """The `count` weeks ending with this one (oldest first), without the weeks before the
    agreement began."""
    span = [*weeks.weeks_before(monday, count - 1), monday]
    return [week for week in span if week_in_agreement(agreement, week)]


def _rounded(value: Decimal) -> Decimal:
    return value.quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _number(value: Decimal | None) -> str:
    return "—" if value is None else format_number(value)


# --- the week's grid --------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One area and one checklist category in one week.

    `value` is this week's: for a count the sum over the week's reports (0 without any),
    for a scale the average level (one decimal; None without reports). `average` is the
    same over the weeks before (AVERAGE_WEEKS of them, those inside the agreement): a
    count's weeks without reports count as 0, a scale's average is over the reports there
    are. `reports` is the number of this week's reports with a line for the category."""

    category: ObservationCategory
    value: Decimal | None
    average: Decimal | None
    reports: int
    url: str

    @property
    def change(self) -> Decimal | None:
        """This week minus the average (of the shown, rounded values)."""
        if self.value is None or self.average is None:
            return None
        return self.value - self.average

    @property
    def trend(self) -> str:
        """ "increase", "decrease", "unchanged", or "" when there is nothing to compare."""
        change = self.change
        if change is None:
            return ""
        return "increase" if change > 0 else "decrease" if change < 0 else "unchanged"

    @property
    def trend_label(self) -> str:
        return {
            "increase": _("ökning"),
            "decrease": _("minskning"),
            "unchanged": _("oförändrat"),
        }.get(self.trend, "")

    @property
    def value_text(self) -> str:
        return _number(self.value)

    @property
    def average_text(self) -> str:
        return _number(self.average)

    @property
    def change_text(self) -> str:
        """The change with its sign ("+1,5", "-2", "0"); "—" without a comparison."""
        change = self.change
        if change is None:
            return "—"
        return f"+{format_number(change)}" if change > 0 else format_number(change)


@dataclass(frozen=True)
class Row:
    area: Area
    cells: list[Cell]
    reports: int  # this week's reports for the area
    late: int  # of them, reported after the week's check-in


@dataclass(frozen=True)
class Grid:
    monday: date
    compared_with: list[date]  # the weeks before averaged over, oldest first
    categories: list[ObservationCategory]
    rows: list[Row]
    # This week, still being reported: its figures are not yet comparable.
    in_progress: bool = False

    @property
    def label(self) -> str:
        return weeks.label(self.monday)

    @property
    def compared_span(self) -> str:
        """ "2025-W07–2025-W10", the weeks the average is over ("" for none)."""
        if not self.compared_with:
            return ""
        first, last = weeks.label(self.compared_with[0]), weeks.label(self.compared_with[-1])
        return first if first == last else f"{first}–{last}"

    @property
    def reports(self) -> int:
        return sum(row.reports for row in self.rows)


def _observation_sums(agreement, first: date, last: date, **filters):
    """{(area id, category id, week): (sum of values, number of lines)} of the
    agreement's reports in the weeks first…last: one GROUP BY query."""
    return _observation_sums_of([agreement.pk], first, last, **filters)


def _observation_sums_of(agreement_ids, first: date, last: date, **filters):
    """As _observation_sums, over several agreements at once (areas are an agreement's
    own, so their ids keep the agreements apart)."""
    rows = (
        Observation.objects.filter(
            report__agreement_id__in=agreement_ids,
            report__week__gte=first,
            report__week__lte=last,
            **filters,
        )
        .order_by()
        .values("report__area_id", "category_id", "report__week")
        .annotate(total=Sum("value"), lines=Count("id"))
    )
    return {
        (row["report__area_id"], row["category_id"], row["report__week"]): (
            row["total"] or 0,
            row["lines"],
        )
        for row in rows
    }


def _value(category, total: int, lines: int, weeks_counted: int) -> Decimal | None:
    """A count: the sum per week over `weeks_counted` weeks (weeks without reports are
    0); a scale: the average over the lines there are."""
    if category.measure == ObservationCategory.Measure.SCALE:
        return _rounded(Decimal(total) / lines) if lines else None
    if not weeks_counted:
        return None
    return _rounded(Decimal(total) / weeks_counted)


def week_grid(agreement, monday: date) -> Grid:
    """The week's grid: a row per area (the active ones, and any other with reports this
    week), a column per active checklist category. Four queries, whatever the data."""
    return week_grids([agreement], monday)[agreement.pk]


def week_grids(agreements, monday: date) -> dict[int, Grid]:
    """{agreement id: its grid for the week} of several agreements (one person's, side by
    side) in the same four queries as one agreement's."""
    ids = [agreement.pk for agreement in agreements]
    span = weeks.weeks_before(monday, AVERAGE_WEEKS)
    reported = {
        row["area_id"]: row
        for row in WeeklyReport.objects.filter(agreement_id__in=ids, week=monday)
        .order_by()
        .values("area_id")
        .annotate(reports=Count("id"), late=Count("id", filter=Q(late=True)))
    }
    areas = defaultdict(list)
    for area in Area.objects.filter(
        Q(active=True) | Q(pk__in=list(reported)), agreement_id__in=ids
    ).order_by("order", "name", "pk"):
        areas[area.agreement_id].append(area)
    categories = defaultdict(list)
    for category in ObservationCategory.objects.filter(agreement_id__in=ids, active=True).order_by(
        "order", "name", "pk"
    ):
        categories[category.agreement_id].append(category)
    sums = _observation_sums_of(ids, span[0], monday)
    in_progress = monday == weeks.monday(timezone.localdate())
    label = weeks.label(monday)
    grids = {}
    for agreement in agreements:
        before = [week for week in span if week_in_agreement(agreement, week)]
        base = reverse("situation:weekly_report_list", args=[agreement.pk])
        rows = []
        for area in areas[agreement.pk]:
            cells = []
            for category in categories[agreement.pk]:
                total, lines = sums.get((area.pk, category.pk, monday), (0, 0))
                earlier = [sums.get((area.pk, category.pk, w), (0, 0)) for w in before]
                query = urlencode({"vecka": label, "omrade": area.pk, "kategori": category.pk})
                cells.append(
                    Cell(
                        category=category,
                        value=_value(category, total, lines, 1),
                        average=_value(
                            category,
                            sum(t for t, _n in earlier),
                            sum(n for _t, n in earlier),
                            len(before),
                        ),
                        reports=lines,
                        url=f"{base}?{query}",
                    )
                )
            counts = reported.get(area.pk, {})
            rows.append(Row(area, cells, counts.get("reports", 0), counts.get("late", 0)))
        grids[agreement.pk] = Grid(
            monday=monday,
            compared_with=before,
            categories=categories[agreement.pk],
            rows=rows,
            in_progress=in_progress,
        )
    return grids


# --- risk levels and quick actions ------------------------------------------------------

# The levels as numbers, for a chart (1 låg, 2 förhöjd, 3 hög).
LEVEL_NUMBERS = {
    RiskAssessment.Level.LOW: 1,
    RiskAssessment.Level.ELEVATED: 2,
    RiskAssessment.Level.HIGH: 3,
}


def risk_levels(agreement, mondays: list[date]) -> dict[tuple[int, date], RiskAssessment]:
    """{(area id, week): the assessment} of the agreement in these weeks, with who set
    it: one query."""
    if not mondays:
        return {}
    assessments = (
        RiskAssessment.objects.filter(
            agreement=agreement, week__gte=min(mondays), week__lte=max(mondays)
        )
        .select_related("set_by")
        .order_by()
    )
    wanted = set(mondays)
    return {(a.area_id, a.week): a for a in assessments if a.week in wanted}


def _labelled(actions) -> list[QuickAction]:
    """The actions, each with `week_label`, the week it was decided as "2025-W11"."""
    actions = list(actions)
    for action in actions:
        action.week_label = weeks.label(action.week)
    return actions


def week_actions(agreement, monday: date) -> list[QuickAction]:
    """The quick actions decided this week, by area."""
    return _labelled(
        QuickAction.objects.filter(agreement=agreement, week=monday)
        .select_related("area", "responsible_party")
        .order_by("area__order", "area__name", "pk")
    )


def actions_to_follow_up(agreement, monday: date) -> list[QuickAction]:
    """Actions decided in earlier weeks, still open, due for follow-up by the end of
    this week: they come up at this week's check-in. Earliest follow-up first."""
    return _labelled(
        QuickAction.objects.filter(
            agreement=agreement,
            week__lt=monday,
            follow_up_on__lte=monday + SUNDAY,
            status=QuickAction.Status.OPEN,
        )
        .select_related("area", "responsible_party")
        .order_by("follow_up_on", "week", "pk")
    )


# --- trends -----------------------------------------------------------------------------


def trend_values(
    agreement, *, category: ObservationCategory, areas: list[Area], mondays: list[date]
) -> dict[int, list[Decimal | None]]:
    """{area id: a value per week of `mondays`} for one checklist category: a count's
    weekly sum (0 in a week without reports), a scale's weekly average (None in a week
    without reports). One query, however many weeks."""
    if not mondays:
        return {area.pk: [] for area in areas}
    sums = _observation_sums(
        agreement, min(mondays), max(mondays), category=category, report__area__in=areas
    )
    result = defaultdict(list)
    for area in areas:
        for monday in mondays:
            total, lines = sums.get((area.pk, category.pk, monday), (0, 0))
            if category.measure == ObservationCategory.Measure.SCALE:
                result[area.pk].append(_rounded(Decimal(total) / lines) if lines else None)
            else:
                result[area.pk].append(Decimal(total))
    return dict(result)


# --- evidence for the full update ---------------------------------------------------------


@dataclass(frozen=True)
class PeriodSummary:
    """The weekly follow-up over a lägesbild's period: per area and checklist category
    what was reported (a count's total, a scale's average level), and per area how many
    weeks the group assessed the risk as low, elevated and high."""

    first: date
    last: date
    weeks: int
    categories: list[ObservationCategory]
    rows: list[tuple[Area, list[str]]]  # area, a shown value per category

    @property
    def levels(self) -> list[str]:
        return [label for _value, label in RiskAssessment.Level.choices]

    risks: list[tuple[Area, list[int]]]  # area, weeks at each level (low, elevated, high)
    reports: int


def period_summary(agreement, first_day: date, last_day: date) -> PeriodSummary:
    """The weekly data of the weeks that begin within first_day…last_day, as evidence when
    the lägesbild is updated in full. Five queries, however many weeks."""
    first, last = weeks.monday(first_day + SUNDAY), weeks.monday(last_day)
    sums = (
        Observation.objects.filter(
            report__agreement=agreement, report__week__gte=first, report__week__lte=last
        )
        .order_by()
        .values("report__area_id", "category_id")
        .annotate(total=Sum("value"), lines=Count("id"))
    )
    values = {(r["report__area_id"], r["category_id"]): (r["total"] or 0, r["lines"]) for r in sums}
    levels = defaultdict(dict)
    for row in (
        RiskAssessment.objects.filter(agreement=agreement, week__gte=first, week__lte=last)
        .order_by()
        .values("area_id", "level")
        .annotate(weeks=Count("id"))
    ):
        levels[row["area_id"]][row["level"]] = row["weeks"]
    area_ids = {area_id for area_id, _c in values} | set(levels)
    areas = list(agreement.areas.filter(pk__in=area_ids).order_by("order", "name", "pk"))
    used = {category_id for _a, category_id in values}
    categories = list(
        agreement.observation_categories.filter(pk__in=used).order_by("order", "name", "pk")
    )
    rows = []
    for area in areas:
        shown = []
        for category in categories:
            total, lines = values.get((area.pk, category.pk), (0, 0))
            if category.measure == ObservationCategory.Measure.SCALE:
                shown.append(_number(_rounded(Decimal(total) / lines)) if lines else "—")
            else:
                shown.append(format_number(total))
        rows.append((area, shown))
    span = ((last - first).days // 7 + 1) if last >= first else 0
    return PeriodSummary(
        first=first,
        last=last,
        weeks=span,
        categories=categories,
        rows=rows,
        risks=[
            (area, [levels.get(area.pk, {}).get(level, 0) for level in RiskAssessment.Level])
            for area in areas
        ],
        reports=WeeklyReport.objects.filter(
            agreement=agreement, week__gte=first, week__lte=last
        ).count(),
    )
