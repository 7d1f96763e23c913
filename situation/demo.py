"""The Laholm demo's situation picture (registered with councils.demo.DEMO_LOADERS).

Input from all three parties (one police draft, one confidential input), a request that
was answered and one still open, three years of the safety survey for two areas, the
lägesbild of 2024 with its orsaksanalys, and 26 weeks of the weekly follow-up (EST). The
input, survey and lägesbild are dated inside the agreement and before the test suite's
frozen day, so they read the same whenever they are loaded; the weekly follow-up ends the
week before the day of loading (inside the agreement), so "this week" always has a history.
Rows are found again on a reload, so a reload adds nothing.

Written as data rather than through the services: those refuse to act once the agreement
has ended, and the demo must load in 2027 too (as councils.demo loads the renewal).
"""

import random
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from samverkan.models import Agreement

from . import weeks
from .models import (
    Area,
    Category,
    Cause,
    Indicator,
    InputRequest,
    Observation,
    ObservationCategory,
    Problem,
    QuickAction,
    ReportSurveyQuestion,
    RiskAssessment,
    SituationInput,
    SituationReport,
    SurveyImport,
    SurveyResult,
    WeeklyReport,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
AREAS = [
    "Laholm centrum",
    "Mellbystrand",
    "Skummeslövsstrand",
    "Knäred",
    "Veinge",
    "Ysby",
    "Våxtorp",
]
# The thread of each demo input: stable, so a reload finds it.
_NAMESPACE = uuid.UUID("6f1f7a4e-3c39-4e55-9a53-6c2d4b0b7e11")

ANSWERED_REQUEST = "Aktuell information inför operativa gruppens möte i februari"
OPEN_REQUEST = "Aktuell information inför operativa gruppens nästa möte"

# (key, party, author, source, detail, area, category, title, period, narrative,
#  sensitivity, status, submitted, answers the request, indicators)
INPUTS = [
    (
        "polisen-vald",
        "Polisen",
        "kommunpolis",
        SituationInput.Source.POLICE,
        "",
        "Laholm centrum",
        "Våld i offentlig miljö",
        "Anmälda våldsbrott i offentlig miljö 2024",
        (date(2024, 1, 1), date(2024, 12, 31)),
        "Anmälningarna om misshandel utomhus ökade under 2024, främst fredags- och "
        "lördagskvällar kring resecentrum och Stortorget. Flera händelser hade samband med "
        "att grupper av unga vuxna samlas när bussarna går sent på kvällen. Inbrotten i "
        "centrum minskade samtidigt.",
        SituationInput.Sensitivity.INTERNAL,
        SituationInput.Status.SUBMITTED,
        datetime(2025, 1, 28, 9, 15, tzinfo=STOCKHOLM),
        True,
        [
            ("Anmäld misshandel utomhus", "38", "st", "31", "2023"),
            ("Anmälda rån", "6", "st", "4", "2023"),
        ],
    ),
    (
        "polisen-narkotika",
        "Polisen",
        "kommunpolis",
        SituationInput.Source.POLICE,
        "",
        "Laholm centrum",
        "Narkotika",
        "Narkotikaförsäljning vid resecentrum",
        (date(2024, 7, 1), date(2024, 12, 31)),
        "Underrättelser tyder på att en mindre grupp säljer narkotika till unga vid "
        "resecentrum och i gångtunneln vid Lagavallen. Uppgifterna är konfidentiella och får "
        "inte spridas utanför det strategiska rådet.",
        SituationInput.Sensitivity.CONFIDENTIAL,
        SituationInput.Status.SUBMITTED,
        datetime(2025, 1, 29, 14, 0, tzinfo=STOCKHOLM),
        False,
        [("Ingripanden för narkotikabrott", "24", "st", "15", "andra halvåret 2023")],
    ),
    (
        "polisen-inbrott",
        "Polisen",
        "kommunpolis",
        SituationInput.Source.POLICE,
        "",
        "Mellbystrand",
        "Inbrott",
        "Inbrott i fritidshus i Mellbystrand",
        (date(2025, 1, 1), date(2025, 2, 28)),
        "Utkast: en serie inbrott i fritidshus under vintern. Sammanställningen av "
        "anmälningarna är inte klar.",
        SituationInput.Sensitivity.INTERNAL,
        SituationInput.Status.DRAFT,
        None,
        False,
        [("Anmälda inbrott i fritidshus", "11", "st", "", "")],
    ),
    (
        "kriminalvarden-frivard",
        "Kriminalvården",
        "frivard",
        SituationInput.Source.PRISON_PROBATION,
        "Frivården Halmstad",
        None,
        "Ungdomsbrottslighet",
        "Unga vuxna i frivården med hemort Laholm",
        (date(2024, 1, 1), date(2024, 12, 31)),
        "Antalet klienter i frivården med hemort i Laholm är stabilt, men andelen unga "
        "vuxna 18–21 år har ökat. Flera av dem har narkotikabrott i sin dom. Frivården ser "
        "behov av samordnade insatser med socialtjänsten vid frigivning.",
        SituationInput.Sensitivity.INTERNAL,
        SituationInput.Status.SUBMITTED,
        datetime(2025, 1, 30, 10, 30, tzinfo=STOCKHOLM),
        True,
        [
            ("Klienter i frivården med hemort Laholm", "42", "st", "39", "2023"),
            ("Varav unga vuxna 18–21 år", "9", "st", "5", "2023"),
        ],
    ),
    (
        "kommunen-oro",
        "Kommunen",
        "forvaltning",
        SituationInput.Source.MUNICIPAL_DEPARTMENT,
        "Socialförvaltningen",
        "Veinge",
        "Ungdomsbrottslighet",
        "Orosanmälningar om unga i Veinge och Knäred",
        (date(2024, 1, 1), date(2024, 12, 31)),
        "Orosanmälningarna som rör unga 13–17 år i Veinge och Knäred har ökat. Fältgruppen "
        "möter unga som saknar fritidssysselsättning på kvällar och helger sedan "
        "fritidsgården i Veinge stängde.",
        SituationInput.Sensitivity.INTERNAL,
        SituationInput.Status.SUBMITTED,
        datetime(2025, 1, 27, 16, 45, tzinfo=STOCKHOLM),
        False,
        [("Orosanmälningar, unga 13–17 år", "57", "st", "44", "2023")],
    ),
    (
        "laholmshem-klotter",
        "Kommunen",
        "samordnare",
        SituationInput.Source.MUNICIPAL_COMPANY,
        "Laholmshem AB",
        "Laholm centrum",
        "Skadegörelse och klotter",
        "Skadegörelse och klotter i Laholmshems bestånd",
        (date(2024, 1, 1), date(2024, 12, 31)),
        "Kostnaden för sanering av klotter och reparation efter skadegörelse ökade, mest i "
        "trapphus och cykelrum i centrum. Trasig belysning på gårdarna anmäls ofta av "
        "hyresgästerna som en orsak till otrygghet.",
        SituationInput.Sensitivity.INTERNAL,
        SituationInput.Status.SUBMITTED,
        datetime(2025, 1, 31, 11, 0, tzinfo=STOCKHOLM),
        False,
        [("Kostnad för sanering och reparation", "186000", "kr", "142000", "2023")],
    ),
]

# The joint safety survey: (question, is a share, {area: {year: (value, respondents)}}).
SURVEY_FILE = "trygghetsenkat-laholm-2022-2024.csv"
SURVEY = [
    (
        "Känner sig trygg utomhus sent på kvällen i sitt bostadsområde",
        True,
        {
            "Laholm centrum": {2022: ("71", 412), 2023: ("66", 398), 2024: ("61", 405)},
            "Mellbystrand": {2022: ("84", 203), 2023: ("85", 211), 2024: ("83", 198)},
        },
    ),
    (
        "Har avstått från aktiviteter på grund av otrygghet",
        True,
        {
            "Laholm centrum": {2022: ("18", 412), 2023: ("21", 398), 2024: ("26", 405)},
            "Mellbystrand": {2022: ("9", 203), 2023: ("8", 211), 2024: ("10", 198)},
        },
    ),
]

REPORT_TITLE = "Lokal lägesbild Laholm 2024"
REPORT_FULLY_UPDATED = date(2025, 2, 3)


def _history(instance, user):
    instance._history_user = user
    return instance


def _lists(agreement: Agreement, by) -> dict[str, Area]:
    areas = {}
    for order, name in enumerate(AREAS, start=1):
        area = Area.objects.filter(agreement=agreement, name=name).first()
        if area is None:
            area = _history(Area(agreement=agreement, name=name, order=order), by)
            area.save()
        areas[name] = area
    return areas


def _requests(agreement: Agreement, coordinator) -> dict[str, InputRequest]:
    # The open request is due a week after the day the demo is loaded (inside the
    # agreement), so it is open whenever someone looks.
    today = timezone.localdate()
    open_due = min(max(today, agreement.valid_from) + timedelta(days=7), agreement.valid_to)
    rows = {
        ANSWERED_REQUEST: (date(2025, 1, 31), True),
        OPEN_REQUEST: (open_due, False),
    }
    requests = {}
    for title, (due_on, closed) in rows.items():
        request = agreement.input_requests.filter(title=title).first()
        if request is None:
            request = _history(
                InputRequest(
                    agreement=agreement,
                    title=title,
                    message="Ska inkomma med aktuell information om läget i ert område.",
                    due_on=due_on,
                    closed=closed,
                    created_by=coordinator,
                ),
                coordinator,
            )
            request.save()
        requests[title] = request
    return requests


def _inputs(agreement, people, areas, categories, answered) -> dict[str, SituationInput]:
    parties = {p.short_name: p for p in agreement.parties.all()}
    inputs = {}
    for row in INPUTS:
        (key, party, author, source, detail, area, category, title, period, narrative) = row[:10]
        sensitivity, status, submitted_at, answers, indicators = row[10:]
        thread = uuid.uuid5(_NAMESPACE, f"{agreement.key}:{key}")
        existing = SituationInput.objects.filter(thread=thread).first()
        if existing:
            inputs[key] = existing
            continue
        user = people[author].user
        situation_input = _history(
            SituationInput(
                agreement=agreement,
                party=parties[party],
                author=user,
                thread=thread,
                request=answered if answers else None,
                title=title,
                source=source,
                source_detail=detail,
                area=areas[area] if area else None,
                category=categories[category],
                period_from=period[0],
                period_to=period[1],
                narrative=narrative,
                sensitivity=sensitivity,
                status=status,
                submitted_at=submitted_at,
            ),
            user,
        )
        situation_input.save()
        for order, (name, value, unit, comparison, comparison_period) in enumerate(indicators):
            _history(
                Indicator(
                    situation_input=situation_input,
                    name=name,
                    value=Decimal(value),
                    unit=unit,
                    comparison_value=Decimal(comparison) if comparison else None,
                    comparison_period=comparison_period,
                    order=order,
                ),
                user,
            ).save()
        inputs[key] = situation_input
    return inputs


def _survey(agreement, areas, coordinator) -> None:
    if agreement.survey_imports.filter(file_name=SURVEY_FILE).exists():
        return
    # As the import writes its preview (situation/services/survey.py): the row of the file
    # (header = 1), the area by id and name, the value as text with two decimals.
    rows = [
        {
            "row": number,
            "year": year,
            "area": areas[area].pk,
            "area_name": area,
            "question": question,
            "value": f"{Decimal(value):.2f}",
            "is_share": share,
            "respondents": respondents,
        }
        for number, (question, share, area, year, value, respondents) in enumerate(
            (
                (question, share, area, year, value, respondents)
                for question, share, by_area in SURVEY
                for area, years in by_area.items()
                for year, (value, respondents) in years.items()
            ),
            start=2,
        )
    ]
    survey_import = _history(
        SurveyImport(
            agreement=agreement,
            file_name=SURVEY_FILE,
            accepted=rows,
            rejected=[],
            created_by=coordinator,
            confirmed_at=datetime(2025, 1, 20, 9, 0, tzinfo=STOCKHOLM),
        ),
        coordinator,
    )
    survey_import.save()
    SurveyResult.objects.bulk_create(
        SurveyResult(
            agreement=agreement,
            survey_import=survey_import,
            year=row["year"],
            area=areas[row["area_name"]],
            question=row["question"],
            value=Decimal(row["value"]),
            is_share=row["is_share"],
            respondents=row["respondents"],
        )
        for row in rows
    )


def _report(agreement, inputs, coordinator) -> None:
    if agreement.situation_reports.filter(title=REPORT_TITLE).exists():
        return
    report = _history(
        SituationReport(
            agreement=agreement,
            title=REPORT_TITLE,
            period_from=date(2024, 1, 1),
            period_to=date(2024, 12, 31),
            mapping=(
                "Det anmälda våldet i offentlig miljö ökade under 2024 och koncentreras till "
                "Laholm centrum kring resecentrum och Stortorget på helgkvällar. Skadegörelse "
                "och klotter i bostadsbeståndet kostade mer än året innan. Inbrotten minskade "
                "i centrum men fritidshusen längs kusten drabbas vintertid."
            ),
            other_information=(
                "Trygghetsenkäten visar att andelen som känner sig trygg utomhus sent på "
                "kvällen i Laholm centrum har sjunkit tre år i rad, medan Mellbystrand ligger "
                "stabilt. Socialförvaltningen ser fler orosanmälningar om unga i Veinge och "
                "Knäred."
            ),
            analysis=(
                "Otryggheten i centrum hänger samman med att unga vuxna samlas vid "
                "resecentrum sena kvällar, med narkotikaförsäljning i området och med mörka "
                "platser som gångtunneln vid Lagavallen. Insatser bör riktas mot platsen "
                "(belysning, vuxennärvaro) och mot de unga som dras in i gruppen."
            ),
            status=SituationReport.Status.PUBLISHED,
            fully_updated_on=REPORT_FULLY_UPDATED,
            created_by=coordinator,
        ),
        coordinator,
    )
    report.save()
    report.inputs.set(
        [
            inputs[key]
            for key in (
                "polisen-vald",
                "polisen-narkotika",
                "kriminalvarden-frivard",
                "kommunen-oro",
                "laholmshem-klotter",
            )
        ]
    )
    _history(
        ReportSurveyQuestion(report=report, question=SURVEY[0][0], order=1), coordinator
    ).save()
    problem = _history(
        Problem(
            report=report,
            title="Otrygghet och våld kring resecentrum",
            description="Våld, narkotikaförsäljning och otrygghet på helgkvällar.",
            order=1,
        ),
        coordinator,
    )
    problem.save()
    causes = [
        (
            Cause.Side.VICTIM,
            "Unga som väntar på sena bussar vid resecentrum utan vuxna i närheten.",
            ["polisen-vald"],
        ),
        (
            Cause.Side.OFFENDER,
            "En mindre grupp unga vuxna, flera kända av frivården, med koppling till "
            "narkotikaförsäljning.",
            ["polisen-narkotika", "kriminalvarden-frivard"],
        ),
        (
            Cause.Side.PLACE,
            "Mörk gångtunnel vid Lagavallen och trasig belysning på gårdarna; få vuxna i "
            "rörelse efter klockan 20.",
            ["polisen-vald", "laholmshem-klotter"],
        ),
    ]
    for side, description, evidence in causes:
        cause = _history(Cause(problem=problem, side=side, description=description), coordinator)
        cause.save()
        cause.evidence.set([inputs[key] for key in evidence])


# The weekly follow-up: 26 weeks of reports up to last week (kept inside the agreement),
# from the police and the municipality in three areas, with a rise in Laholm centrum over
# the last six weeks; risk levels per area and week, and quick actions.
WEEKLY_WEEKS = 26
WEEKLY_AREAS = ["Laholm centrum", "Mellbystrand", "Veinge"]
WEEKLY_REPORTERS = [("Polisen", "kommunpolis"), ("Kommunen", "forvaltning")]
# Typical weekly counts (or scale levels) per checklist line in a calm area.
WEEKLY_BASE = {
    "Skadegörelse": 2,
    "Klotter": 3,
    "Nedskräpning": 1,
    "Bränder": 0,
    "Trasig belysning": 1,
    "Ordningsstörning": 1,
    "Narkotika": 0,
    "Otrygghet": 1,
    "Ungdomar som samlas": 1,
    "Annat": 0,
}
RISING_AREA, RISING_WEEKS = "Laholm centrum", 6
RISING = {"Skadegörelse", "Klotter", "Ordningsstörning", "Otrygghet", "Ungdomar som samlas"}


def _weekly_value(rng, name: str, measure: str, rising: int) -> int:
    """A plausible value: the base with some noise, raised in the rising weeks."""
    value = WEEKLY_BASE.get(name, 0) + rng.choice([-1, 0, 0, 1])
    if name in RISING:
        value += rising if measure == ObservationCategory.Measure.COUNT else rising // 2
    top = 3 if measure == ObservationCategory.Measure.SCALE else 99
    return max(0, min(value, top))


def _risk(rising: int) -> tuple[str, str]:
    if rising >= 4:
        return RiskAssessment.Level.HIGH, "Tydlig ökning av skadegörelse och unga som samlas."
    if rising >= 2:
        return RiskAssessment.Level.ELEVATED, "Fler rapporter om ordningsstörning än vanligt."
    return RiskAssessment.Level.LOW, "Inget utöver det vanliga."


def _weekly(agreement, people, areas) -> None:
    if agreement.weekly_reports.exists():
        return
    parties = {p.short_name: p for p in agreement.parties.all()}
    checklist = list(agreement.observation_categories.filter(active=True))
    last = weeks.current(agreement) - weeks.WEEK
    mondays = [*weeks.weeks_before(last, WEEKLY_WEEKS - 1), last]
    mondays = [m for m in mondays if m >= weeks.monday(agreement.valid_from)]
    reports, observations, risks = [], [], []
    for index, monday in enumerate(mondays):
        from_end = len(mondays) - index  # 1 for last week
        for area_name in WEEKLY_AREAS:
            rising = (
                RISING_WEEKS - from_end + 1
                if area_name == RISING_AREA and from_end <= RISING_WEEKS
                else 0
            )
            for party, username in WEEKLY_REPORTERS:
                rng = random.Random(f"{monday}:{area_name}:{party}")
                report = WeeklyReport(
                    agreement=agreement,
                    party=parties[party],
                    author=people[username].user,
                    area=areas[area_name],
                    week=monday,
                    submitted_at=datetime.combine(
                        monday + timedelta(days=4), time(15, 30), tzinfo=STOCKHOLM
                    ),
                    note="Lugnare än vanligt." if not rising and rng.random() < 0.1 else "",
                )
                reports.append(report)
                observations.append(
                    [
                        Observation(
                            category=line,
                            value=_weekly_value(rng, line.name, line.measure, rising),
                            note="Grupp vid resecentrum på kvällarna"
                            if rising and line.name == "Ungdomar som samlas"
                            else "",
                        )
                        for line in checklist
                    ]
                )
            level, reason = _risk(rising)
            risks.append(
                RiskAssessment(
                    agreement=agreement,
                    area=areas[area_name],
                    week=monday,
                    level=level,
                    reason=reason,
                    set_by=people["samordnare"].user,
                )
            )
    WeeklyReport.objects.bulk_create(reports)
    for report, lines in zip(reports, observations, strict=True):
        for line in lines:
            line.report = report
    Observation.objects.bulk_create([line for lines in observations for line in lines])
    RiskAssessment.objects.bulk_create(risks)
    _quick_actions(agreement, parties, areas, mondays, people["samordnare"].user)


def _quick_actions(agreement, parties, areas, mondays, coordinator) -> None:
    """Actions of the last weeks in the rising area: two followed up, one still open."""
    if len(mondays) < 3:
        return
    rows = [
        (
            mondays[-3],
            "Polisen",
            "Extra kvällspatrullering vid resecentrum fredag och lördag.",
            QuickAction.Status.DONE,
            "Genomfört två helger; gruppen flyttade sig mot Stortorget.",
        ),
        (
            mondays[-2],
            "Kommunen",
            "Byta trasig belysning i gångtunneln vid Lagavallen.",
            QuickAction.Status.DONE,
            "Belysningen lagad av tekniska förvaltningen.",
        ),
        (
            mondays[-1],
            "Kommunen",
            "Fältgruppen på plats vid resecentrum kvällstid.",
            QuickAction.Status.OPEN,
            "",
        ),
    ]
    for week, party, what, status, outcome in rows:
        QuickAction.objects.create(
            agreement=agreement,
            area=areas[RISING_AREA],
            week=week,
            what=what,
            responsible_party=parties[party],
            follow_up_on=week + weeks.WEEK,
            status=status,
            outcome=outcome,
            created_by=coordinator,
        )


def load_situation_demo(agreements: list[Agreement], people: dict) -> None:
    """The demo's situation picture: the lists in every period (a renewal keeps its
    predecessor's), the input, survey and lägesbild in the 2024–2026 agreement."""
    coordinator = people["samordnare"].user
    for agreement in agreements:
        _lists(agreement, coordinator)
    signed = agreements[0]
    areas = {a.name: a for a in signed.areas.all()}
    categories = {c.name: c for c in Category.objects.filter(agreement=signed)}
    requests = _requests(signed, coordinator)
    inputs = _inputs(signed, people, areas, categories, requests[ANSWERED_REQUEST])
    _survey(signed, areas, coordinator)
    _report(signed, inputs, coordinator)
    _weekly(signed, people, areas)
