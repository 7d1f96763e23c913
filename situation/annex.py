"""The lägesbild as annex 1: a published SituationReport turned into the snapshot samverkan
versions (samverkan.annexes.snapshot_check), which samverkan stores, hashes, presents to
the strategic council and has signed without ever importing this app.

The snapshot holds what the report's page shows every reader: the three parts the
agreement names, the input it builds on, the survey questions as tables, the weekly
follow-up over its period and the orsaksanalys. An annex is read by everyone in the
agreement, so confidential input (and any input a correction once made confidential) is
left out entirely, as the report's page leaves it out for those who may not read it.

Same report, same data → same snapshot: everything is ordered by stable keys and written
in the agreement's language, whoever makes the version. Section keys stay the same from
one version to the next (a problem is "problem-<id>"), so the compare page matches them.
"""

from django.conf import settings
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .charts import format_number
from .models import Cause, SituationInput, SituationReport, SurveyResult
from .selectors_weekly import period_summary

SNAPSHOT_FORMAT = 1
NONE = "—"


def day(value) -> str | None:
    """A date as ISO text (snapshots hold no dates)."""
    return value.isoformat() if value else None


def paragraphs(text: str, empty: str | None = None) -> list[dict]:
    """Text as paragraph blocks, one per blank-line-separated paragraph."""
    parts = [part.strip() for part in (text or "").replace("\r\n", "\n").split("\n\n")]
    parts = [part for part in parts if part]
    if not parts and empty:
        parts = [empty]
    return [{"type": "paragraph", "text": part} for part in parts]


def section(key: str, heading: str, blocks: list[dict]) -> dict:
    return {"key": key, "heading": str(heading), "blocks": blocks}


def table(head: list, rows: list[list]) -> dict:
    return {
        "type": "table",
        "head": [str(cell) for cell in head],
        "rows": [[NONE if cell in (None, "") else str(cell) for cell in row] for row in rows],
    }


def _shared(inputs, report: SituationReport):
    """The input every member may read: submitted, never confidential (nor of a thread
    that a revision made confidential)."""
    secret_threads = SituationInput.objects.filter(
        agreement_id=report.agreement_id, sensitivity=SituationInput.Sensitivity.CONFIDENTIAL
    ).values("thread")
    return (
        inputs.exclude(status=SituationInput.Status.DRAFT)
        .filter(sensitivity=SituationInput.Sensitivity.INTERNAL)
        .exclude(thread__in=secret_threads)
        .order_by("-period_to", "-pk")
    )


def _indicators(situation_input) -> str:
    shown = []
    for indicator in situation_input.indicators.all():
        text = f"{indicator.name}: {format_number(indicator.value)}"
        if indicator.unit:
            text += f" {indicator.unit}"
        if indicator.comparison_value is not None:
            compared = _("jämfört med %(value)s") % {
                "value": format_number(indicator.comparison_value)
            }
            if indicator.comparison_period:
                compared += f" {indicator.comparison_period}"
            text += f" ({compared})"
        shown.append(text)
    return "; ".join(shown)


def _inputs_section(inputs: list[SituationInput]) -> dict:
    if not inputs:
        return section("inputs", _("Underlag"), paragraphs("", _("Inget underlag.")))
    rows = []
    for item in inputs:
        title = item.title
        if item.status == SituationInput.Status.SUPERSEDED:
            title += " (" + _("ersatt av en rättelse") + ")"
        source = item.get_source_display()
        if item.source_detail:
            source += f", {item.source_detail}"
        rows.append(
            [
                title,
                item.party.short_name,
                source,
                item.area.name if item.area else _("Hela kommunen"),
                item.category.name,
                f"{day(item.period_from)}–{day(item.period_to)}",
                _indicators(item),
            ]
        )
    head = [
        _("Rubrik"),
        _("Part"),
        _("Källa"),
        _("Område"),
        _("Kategori"),
        _("Period"),
        _("Indikatorer"),
    ]
    return section("inputs", _("Underlag"), [table(head, rows)])


def _survey_section(report: SituationReport) -> dict:
    """Each chosen survey question as a table: a row per area, a column per year."""
    questions = list(
        report.survey_questions.order_by("order", "pk").values_list("question", flat=True)
    )
    if not questions:
        return section(
            "survey",
            _("Trygghetsenkäten"),
            paragraphs("", _("Inga frågor ur trygghetsenkäten är valda.")),
        )
    results = (
        SurveyResult.objects.filter(agreement_id=report.agreement_id, question__in=questions)
        .select_related("area")
        .order_by("area__order", "area__name", "area__pk", "year")
    )
    by_question: dict[str, dict] = {question: {} for question in questions}
    for result in results:
        value = format_number(result.value) + (" %" if result.is_share else "")
        by_question[result.question].setdefault(result.area.name, {})[result.year] = value
    blocks = []
    for question in questions:
        areas = by_question[question]
        blocks.append({"type": "paragraph", "text": question})
        years = sorted({year for values in areas.values() for year in values})
        if not years:
            blocks.append({"type": "paragraph", "text": _("Inga resultat.")})
            continue
        rows = [[area, *(values.get(year) for year in years)] for area, values in areas.items()]
        blocks.append(table([_("Område"), *years], rows))
    return section("survey", _("Trygghetsenkäten"), blocks)


def _weekly_section(report: SituationReport) -> dict:
    summary = period_summary(report.agreement, report.period_from, report.period_to)
    heading = _("Veckouppföljningen under perioden")
    if not summary.reports:
        return section("weekly", heading, paragraphs("", _("Inga veckorapporter under perioden.")))
    text = ngettext(
        "%(count)s veckorapport från veckorna %(first)s till %(last)s.",
        "%(count)s veckorapporter från veckorna %(first)s till %(last)s.",
        summary.reports,
    ) % {"count": summary.reports, "first": day(summary.first), "last": day(summary.last)}
    text += " " + _("Antal är summan för perioden, skala är medelnivån (0 inte alls – 3 mycket).")
    reported = table(
        [
            _("Område"),
            *(f"{c.name} ({c.get_measure_display().lower()})" for c in summary.categories),
        ],
        [[area.name, *values] for area, values in summary.rows],
    )
    risks = table(
        [_("Område"), *summary.levels], [[area.name, *counts] for area, counts in summary.risks]
    )
    return section(
        "weekly",
        heading,
        [
            {"type": "paragraph", "text": text},
            {"type": "paragraph", "text": _("Rapporterat per område och punkt i checklistan")},
            reported,
            {"type": "paragraph", "text": _("Gruppens riskbedömning: antal veckor per nivå")},
            risks,
        ],
    )


def _problem_sections(report: SituationReport) -> list[dict]:
    """The orsaksanalys: a section per problem, its causes by side of Brå's problem
    triangle with the (shared) input that shows them."""
    evidence = _shared(SituationInput.objects.all(), report).only("pk", "title")
    causes = Cause.objects.order_by("pk").prefetch_related(Prefetch("evidence", queryset=evidence))
    problems = list(
        report.problems.order_by("order", "pk").prefetch_related(
            Prefetch("causes", queryset=causes)
        )
    )
    if not problems:
        return [
            section(
                "causes", _("Orsaksanalys"), paragraphs("", _("Orsaksanalysen har inga problem."))
            )
        ]
    sides = [side for side, _label in Cause.Side.choices]
    result = []
    for problem in problems:
        ordered = sorted(problem.causes.all(), key=lambda c: (sides.index(c.side), c.pk))
        rows = [
            [
                cause.get_side_display(),
                cause.description,
                ", ".join(e.title for e in cause.evidence.all()),
            ]
            for cause in ordered
        ]
        blocks = paragraphs(problem.description)
        if rows:
            blocks.append(table([_("Del av problemtriangeln"), _("Orsak"), _("Underlag")], rows))
        else:
            blocks.append({"type": "paragraph", "text": _("Ingen orsak angiven.")})
        heading = _("Orsaksanalys: %(problem)s") % {"problem": problem.title}
        result.append(section(f"problem-{problem.pk}", heading, blocks))
    return result


def report_snapshot(report: SituationReport) -> dict:
    """The published lägesbild as annex 1's content (samverkan.annexes.snapshot_check)."""
    with translation.override(settings.LANGUAGE_CODE):
        inputs = list(
            _shared(report.inputs.all(), report)
            .select_related("party", "area", "category")
            .prefetch_related("indicators")
        )
        facts = [
            _("Period: %(start)s–%(end)s")
            % {"start": day(report.period_from), "end": day(report.period_to)},
            _("Helt uppdaterad: %(day)s")
            % {"day": day(report.fully_updated_on) or _("inte markerad")},
        ]
        sections = [
            section("report", _("Lägesbilden"), [{"type": "list", "items": facts}]),
            section(
                "mapping",
                _("Kartläggning av brottsligheten, dess omfattning och konsekvenser"),
                paragraphs(report.mapping, _("Inte skriven.")),
            ),
            section(
                "other_information",
                _("Annan information av betydelse"),
                paragraphs(report.other_information, _("Inte skriven.")),
            ),
            section("analysis", _("Analys"), paragraphs(report.analysis, _("Inte skriven."))),
            _inputs_section(inputs),
            _survey_section(report),
            _weekly_section(report),
            *_problem_sections(report),
        ]
        return {
            "format": SNAPSHOT_FORMAT,
            "title": report.title,
            "source": {"kind": "situation_report", "id": report.pk},
            "period_from": day(report.period_from),
            "period_to": day(report.period_to),
            "sections": sections,
        }
