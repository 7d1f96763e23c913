"""A realistic data set at federation scale: N municipalities, each with its own agreement
and ten years of what the app holds, sharing one Polisen and one Kriminalvården as they do
in reality.

Written as data with bulk inserts, not through the services: the services check rules
one row at a time and send mail, which would take hours at this size, and they refuse to
act on days outside the agreement. Every choice comes from one `random.Random(seed)`, so
the same seed makes the same rows (only primary keys and `auto_now_add` stamps differ).
Each agreement runs from 1 January `years - 1` years before `today`'s year to the end of
the next year, so it is in force on `today`, its history lies behind it and the rest of
this year's meetings ahead.
"""

import multiprocessing
import random
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.text import slugify

from actionplan.models import (
    ActionPlan,
    CitizenPromise,
    Commitment,
    Dialogue,
    FollowUp,
    Measure,
    Outcome,
    Priority,
    PromiseReport,
    StatusUpdate,
)
from councils.models import (
    AgendaItem,
    Assignment,
    Body,
    Decision,
    Function,
    Invitee,
    Meeting,
    Position,
    Seat,
    StandingAgendaItem,
    Substitute,
)
from councils.roles import agreement_sync_permissions
from councils.services.meetings import DEFAULT_STANDING_ITEMS
from samverkan.demo import laholm
from samverkan.models import Agreement, AgreementParty, Annex, Clause, Event, Party, Person
from samverkan.validators import luhn_check_digit
from situation.models import (
    Area,
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
from situation.services.lists import categories_default

STOCKHOLM = ZoneInfo("Europe/Stockholm")
KEY_PREFIX = "bench-"
BATCH = 2000

POLICE = ("Polismyndigheten", Party.Kind.POLICE, "202100-0076", "Box 12256, 102 26 Stockholm")
PRISON = ("Kriminalvården", Party.Kind.PRISON_PROBATION, "202100-0225", "601 80 Norrköping")

MUNICIPALITIES = [
    "Laholm",
    "Hylte",
    "Falkenberg",
    "Varberg",
    "Kungsbacka",
    "Halmstad",
    "Båstad",
    "Ängelholm",
    "Markaryd",
    "Ljungby",
    "Älmhult",
    "Osby",
    "Östra Göinge",
    "Hässleholm",
    "Klippan",
    "Perstorp",
    "Bjuv",
    "Åstorp",
    "Örkelljunga",
    "Tranemo",
    "Gislaved",
    "Gnosjö",
    "Vaggeryd",
    "Värnamo",
    "Svenljunga",
    "Mark",
    "Bollebygd",
    "Borås",
    "Ulricehamn",
    "Herrljunga",
    "Vårgårda",
    "Alingsås",
    "Lerum",
    "Partille",
    "Härryda",
    "Mölndal",
    "Kungälv",
    "Stenungsund",
    "Tjörn",
    "Orust",
    "Uddevalla",
    "Lysekil",
    "Sotenäs",
    "Munkedal",
    "Tanum",
    "Strömstad",
    "Dals-Ed",
    "Bengtsfors",
    "Åmål",
    "Mellerud",
]
AREAS = ["Centrum", "Stationsområdet", "Norr", "Söder", "Hamnen", "Östra", "Västra"]
# Areas the weekly follow-up (EST) reports on every week; the rest are quiet.
WEEKLY_AREAS = 2
FIRST = [
    "Anna",
    "Erik",
    "Maria",
    "Johan",
    "Sara",
    "Lars",
    "Eva",
    "Per",
    "Nora",
    "Ali",
    "Lina",
    "Omar",
    "Karin",
    "Jonas",
    "Elin",
    "Mats",
    "Ida",
    "Hassan",
    "Sofia",
    "Björn",
]
LAST = [
    "Lind",
    "Berg",
    "Holm",
    "Sand",
    "Kvist",
    "Ström",
    "Ek",
    "Alm",
    "Dahl",
    "Nilsson",
    "Karlsson",
    "Svensson",
    "Öberg",
    "Sjöberg",
    "Axelsson",
    "Lund",
    "Hedlund",
]

# The people who hold seats today, by role key as in the demo (councils/demo.py):
# (key, party short name, title). The coordinator is "samordnare-<i>".
ROLES = [
    ("samordnare", "Kommunen", "Brottsförebyggande samordnare"),
    ("sakerhetschef", "Kommunen", "Säkerhetschef"),
    ("bostadsbolaget", "Kommunen", "VD, det kommunala bostadsbolaget"),
    ("kommunpolis", "Polisen", "Kommunpolis"),
    ("lpo-chef", "Polisen", "Lokalpolisområdeschef"),
    ("frivardschef", "Kriminalvården", "Frivårdschef"),
    ("frivard", "Kriminalvården", "Frivårdsinspektör"),
    ("ks-ordforande", "Kommunen", "Kommunstyrelsens ordförande"),
    ("forvaltning", "Kommunen", "Enhetschef, socialförvaltningen"),
]
SIGNATORIES = {"Kommunen": "ks-ordforande", "Polisen": "lpo-chef", "Kriminalvården": "frivardschef"}
ALWAYS, AS_NEEDED = Function.Attendance.ALWAYS, Function.Attendance.AS_NEEDED
# (title, party, attendance, holders at once, management group, today's holder's role)
STRATEGIC = [
    ("Kommunens ledningsgrupp", "Kommunen", ALWAYS, 3, True, None),
    ("Kommunens säkerhetschef", "Kommunen", ALWAYS, 1, False, "sakerhetschef"),
    ("Brottsförebyggande samordnare", "Kommunen", ALWAYS, 1, False, "samordnare"),
    ("Bostadsbolagets VD", "Kommunen", ALWAYS, 1, False, "bostadsbolaget"),
    ("Lokalpolisområdeschef", "Polisen", ALWAYS, 1, False, "lpo-chef"),
    ("Lokal representant för polisen", "Polisen", AS_NEEDED, 1, False, None),
    ("Kommunpolis", "Polisen", ALWAYS, 1, False, "kommunpolis"),
    ("Frivårdschef", "Kriminalvården", ALWAYS, 1, False, "frivardschef"),
]
OPERATIVE = [
    (
        "Representanter från förvaltningarna och bostadsbolaget",
        "Kommunen",
        ALWAYS,
        3,
        False,
        "forvaltning",
    ),
    ("Brottsförebyggande samordnare", "Kommunen", ALWAYS, 1, False, "samordnare"),
    ("Kommunpolis", "Polisen", ALWAYS, 1, False, "kommunpolis"),
    ("Lokal representant för polisen", "Polisen", AS_NEEDED, 1, False, None),
    ("Tjänsteman vid frivården", "Kriminalvården", ALWAYS, 1, False, "frivard"),
]
CONVENER, SUPPORT = "Brottsförebyggande samordnare", "Kommunpolis"
# Months of the ordinary meetings; the council's extended ones are in April and November.
STRATEGIC_MONTHS, EXTENDED_MONTHS = (2, 4, 9, 11), (4, 11)
OPERATIVE_MONTHS = (1, 3, 5, 8, 10, 12)
SURVEY_QUESTIONS = [
    "Känner sig trygg utomhus sent på kvällen i sitt bostadsområde",
    "Har avstått från aktiviteter på grund av otrygghet",
    "Upplever problem med nedskräpning och skadegörelse",
]
SIDES = list(Cause.Side)
TEXT = (
    "Underlaget bygger på anmälningar, iakttagelser från personalen och dialog med "
    "boende. Utvecklingen följs vid nästa möte i den operativa gruppen."
)


def organisation_number(serial: int) -> str:
    """A valid municipal organisation number (212000-NNNC), one per serial."""
    digits = f"212000{serial:03d}"
    return f"{digits[:6]}-{digits[6:]}{luhn_check_digit(digits)}"


def _at(day: date, hour: int = 13, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=STOCKHOLM)


def _weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _create(model, rows: list) -> list:
    """Bulk insert and return the rows with their primary keys (PostgreSQL and SQLite both
    return them)."""
    return model.objects.bulk_create(rows, batch_size=BATCH)


def _history(model, rows: list, user=None, when=None, update: bool = False) -> None:
    """History rows as simple-history would have written them when the rows were saved
    (`_history_date` on a row, or `when`): the history pages have something to page."""
    for row in rows:
        if when is not None and not hasattr(row, "_history_date"):
            row._history_date = when
    model.history.bulk_history_create(
        rows, batch_size=BATCH, update=update, default_user=user, default_date=when
    )


@dataclass
class Counts:
    """Rows made, by model label, summed over the agreements."""

    rows: dict[str, int] = field(default_factory=dict)

    def add(self, model, n: int) -> None:
        label = model._meta.label
        self.rows[label] = self.rows.get(label, 0) + n

    def merge(self, other: "Counts") -> None:
        for label, n in other.rows.items():
            self.rows[label] = self.rows.get(label, 0) + n


@dataclass
class Holder:
    person: Person
    start: date
    end: date | None


class AgreementSeeder:
    """One municipality's agreement and ten years of its life."""

    def __init__(self, *, index, rng, years, today, password_hash, police, prison, counts):
        self.i = index
        self.rng = rng
        self.today = today
        self.now = _at(today, 0)
        self.first_year = today.year - years + 1
        self.valid_from = date(self.first_year, 1, 1)
        self.valid_to = date(today.year + 1, 12, 31)
        self.password_hash = password_hash
        self.police, self.prison = police, prison
        self.counts = counts
        self.name = MUNICIPALITIES[(index - 1) % len(MUNICIPALITIES)] + (
            "" if index <= len(MUNICIPALITIES) else f" {(index - 1) // len(MUNICIPALITIES)}"
        )
        self.people: list[Person] = []
        self.role_people: dict[str, Person] = {}
        self.events: list[Event] = []
        self._uid_rng = random.Random(rng.getrandbits(64))

    # --- helpers ----------------------------------------------------------------------

    def uuid(self) -> uuid.UUID:
        # Deterministic, unlike the models' uuid4 defaults.
        return uuid.UUID(int=self._uid_rng.getrandbits(128), version=4)

    def make(self, model, rows):
        rows = _create(model, rows)
        self.counts.add(model, len(rows))
        return rows

    def event(self, action: str, at: datetime, obj=None, actor=None, **data):
        self.events.append(
            Event(
                agreement=self.agreement,
                at=at,
                actor=actor,
                action=action,
                content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
                object_id=obj.pk if obj is not None else None,
                data={k: str(v) for k, v in data.items()},
            )
        )

    def years(self):
        return range(self.first_year, self.today.year + 1)

    # --- the steps --------------------------------------------------------------------

    def run(self) -> Agreement:
        self.agreement_and_parties()
        self.users()
        self.rosters()
        self.situation_lists()
        self.reports()
        self.meetings()
        self.inputs()
        self.weekly()
        self.action_plans()
        self.promises()
        self.make(Event, self.events)
        agreement_sync_permissions(agreement=self.agreement, on=self.today)
        return self.agreement

    def agreement_and_parties(self):
        rng = self.rng
        self.municipality = Party.objects.create(
            name=f"{self.name} kommun",
            kind=Party.Kind.MUNICIPALITY,
            organisation_number=organisation_number(self.i),
            address=f"Stadshuset, {self.name}",
        )
        self.agreement = Agreement.objects.create(
            title=f"Samverkansöverenskommelse {self.valid_from.year}–{self.valid_to.year}",
            municipality=f"{self.name} kommun",
            valid_from=self.valid_from,
            valid_to=self.valid_to,
            signed_place=self.name,
            signed_on=self.valid_from - timedelta(days=rng.randint(14, 60)),
            status=Agreement.Status.SIGNED,
            key=f"{KEY_PREFIX}{self.i}",
        )
        self.counts.add(Party, 1)
        self.counts.add(Agreement, 1)
        rows = [
            (self.municipality, "Kommunen", f"{self.name} kommun"),
            (self.police, "Polisen", f"Polismyndigheten genom lokalpolisområde {self.name}"),
            (self.prison, "Kriminalvården", "Kriminalvården Frivården"),
        ]
        self.parties = {
            short: ap
            for ap, (_, short, _) in zip(
                self.make(
                    AgreementParty,
                    [
                        AgreementParty(
                            agreement=self.agreement,
                            party=party,
                            short_name=short,
                            party_description=described,
                            order=order,
                        )
                        for order, (party, short, described) in enumerate(rows, start=1)
                    ],
                ),
                rows,
                strict=True,
            )
        }
        self.make(
            Annex,
            [
                Annex(agreement=self.agreement, number=number, title=title, kind=kind)
                for number, title, kind in laholm.ANNEXES
            ],
        )
        self.make(
            Clause,
            [
                Clause(agreement=self.agreement, order=order, heading=heading, body=body)
                for order, (heading, body) in enumerate(laholm.CLAUSES, start=1)
            ],
        )
        signed = _at(self.agreement.signed_on, 10)
        _history(Agreement, [self.agreement], when=signed)
        self.event(
            "samverkan.legacy",
            signed,
            message=f"Överenskommelsen med {self.name} kommun undertecknades",
        )

    def _user(self, username: str, party_short: str, title: str) -> Person:
        rng = self.rng
        return (
            get_user_model()(
                username=username,
                first_name=rng.choice(FIRST),
                last_name=rng.choice(LAST),
                email=f"{username}@bench.example.se",
                password=self.password_hash,
            ),
            party_short,
            title,
        )

    def users(self):
        """Today's role holders; former holders and group members are added as the
        rosters need them (`person`)."""
        self._pending = [self._user(f"{key}-{self.i}", party, title) for key, party, title in ROLES]
        self._flush_people()
        for (key, _, _), person in zip(ROLES, self.people, strict=True):
            self.role_people[key] = person
        for ap in self.parties.values():
            ap.signatory_user_id = self.role_people[SIGNATORIES[ap.short_name]].user_id
            ap.signatory_name = self.role_people[SIGNATORIES[ap.short_name]].user.get_full_name()
        AgreementParty.objects.bulk_update(
            self.parties.values(), ["signatory_user", "signatory_name"]
        )

    def _flush_people(self):
        users = [user for user, _, _ in self._pending]
        users = self.make(get_user_model(), users)
        parties = {
            "Kommunen": self.municipality,
            "Polisen": self.police,
            "Kriminalvården": self.prison,
        }
        persons = self.make(
            Person,
            [
                Person(user=user, party=parties[short], title=title)
                for user, (_, short, title) in zip(users, self._pending, strict=True)
            ],
        )
        for person, user in zip(persons, users, strict=True):
            person.user = user
        through = Person.agreements.through
        self.make(through, [through(person=p, agreement=self.agreement) for p in persons])
        self.people.extend(persons)
        self._pending = []
        return persons

    def rosters(self):
        rng = self.rng
        self.bodies = {}
        for kind, name, ordinary, extended in (
            (Body.Kind.STRATEGIC_COUNCIL, "Strategiskt råd", 4, 2),
            (Body.Kind.OPERATIVE_GROUP, "Operativ samverkansgrupp", 6, 0),
        ):
            self.bodies[kind] = Body(
                agreement=self.agreement,
                kind=kind,
                name=name,
                purpose=TEXT,
                ordinary_meetings_per_year=ordinary,
                extended_meetings_per_year=extended,
                chair_party=self.parties["Kommunen"]
                if kind == Body.Kind.STRATEGIC_COUNCIL
                else None,
            )
        self.make(Body, list(self.bodies.values()))
        functions = []
        for kind, rows in (
            (Body.Kind.STRATEGIC_COUNCIL, STRATEGIC),
            (Body.Kind.OPERATIVE_GROUP, OPERATIVE),
        ):
            for order, (title, party, attendance, holders, management, role) in enumerate(
                rows, start=1
            ):
                function = Function(
                    body=self.bodies[kind],
                    party=self.parties[party],
                    title=title,
                    attendance=attendance,
                    is_group=holders > 1,
                    is_management_group=management,
                    order=order,
                )
                function.seed = (holders, role)
                functions.append(function)
        self.make(Function, functions)
        for body in self.bodies.values():
            mine = [f for f in functions if f.body is body]
            body.convener_function = next(f for f in mine if f.title == CONVENER)
            body.convener_support_function = next(f for f in mine if f.title == SUPPORT)
        Body.objects.bulk_update(
            self.bodies.values(), ["convener_function", "convener_support_function"]
        )
        start = _at(self.valid_from - timedelta(days=10), 9)
        _history(Body, list(self.bodies.values()), when=start)
        _history(Function, functions, when=start)
        self.functions = functions

        # Who held each function when: a chain of seats per slot, the last one held today.
        # A function of both bodies (the coordinator, the kommunpolis) has one chain.
        chains: dict[tuple[str, int], list[tuple[date, date | None, object]]] = {}
        for function in functions:
            holders, role = function.seed
            for slot in range(holders):
                if (function.title, slot) in chains:
                    continue
                spans, begin = [], self.valid_from
                while True:
                    change = _years_later(begin, rng.randint(2, 5)) + timedelta(
                        days=rng.randint(0, 200)
                    )
                    if change > date(self.today.year, 1, 1):
                        spans.append((begin, None))
                        break
                    spans.append((begin, change - timedelta(days=1)))
                    begin = change
                chains[(function.title, slot)] = spans
        # People for every span but today's demo holders.
        wanted: dict[tuple[str, int, int], object] = {}
        for function in functions:
            holders, role = function.seed
            for slot in range(holders):
                spans = chains[(function.title, slot)]
                for n, _span in enumerate(spans):
                    key = (function.title, slot, n)
                    if key in wanted:
                        continue
                    if n == len(spans) - 1 and slot == 0 and role:
                        wanted[key] = self.role_people[role]
                    else:
                        username = f"{slugify(function.title)[:20]}-{self.i}-{slot}-{n}"
                        wanted[key] = len(self._pending)
                        self._pending.append(
                            self._user(username, function.party.short_name, function.title)
                        )
        made = self._flush_people() if self._pending else []
        for key, value in wanted.items():
            if isinstance(value, int):
                wanted[key] = made[value]

        seats = []
        for function in functions:
            holders, _role = function.seed
            for slot in range(holders):
                for n, (begin, end) in enumerate(chains[(function.title, slot)]):
                    seat = Seat(
                        function=function,
                        person=wanted[(function.title, slot, n)],
                        valid_from=begin,
                        valid_to=end,
                    )
                    seat._history_date = _at(begin - timedelta(days=7), 10)
                    seats.append(seat)
        self.make(Seat, seats)
        _history(Seat, seats)
        ended = [s for s in seats if s.valid_to]
        for seat in ended:
            seat._history_date = _at(seat.valid_to - timedelta(days=30), 10)
        _history(Seat, ended, update=True)
        # A substitute (ersättare) for a third of the seats: someone else of the party.
        by_party: dict[int, list[Person]] = {}
        for person in self.people:
            by_party.setdefault(person.party_id, []).append(person)
        substitutes = []
        for seat in seats:
            if rng.random() < 0.33:
                others = [p for p in by_party[seat.person.party_id] if p.pk != seat.person_id]
                if others:
                    substitutes.append(Substitute(seat=seat, person=rng.choice(others)))
        self.make(Substitute, substitutes)
        _history(Substitute, substitutes, when=_at(self.valid_from, 9))
        self.seats = seats
        self.substitutes = {s.seat_id: s.person for s in substitutes}
        for seat in seats:
            self.event(
                "councils.seat.assigned",
                _at(seat.valid_from - timedelta(days=7), 10),
                seat,
                person=seat.person.user.get_full_name(),
                function=seat.function.title,
                body=seat.function.body.name,
                start=seat.valid_from.isoformat(),
            )
        self.make(
            StandingAgendaItem,
            [
                StandingAgendaItem(body=body, order=order, title=title, kind=item_kind)
                for kind, body in self.bodies.items()
                for order, (title, item_kind) in enumerate(DEFAULT_STANDING_ITEMS[kind], start=1)
            ],
        )

    def holders(self, body: Body, day: date) -> list[Seat]:
        return [
            seat
            for seat in self.seats
            if seat.function.body is body
            and seat.valid_from <= day
            and (seat.valid_to is None or seat.valid_to >= day)
        ]

    def situation_lists(self):
        rng = self.rng
        count = rng.randint(5, len(AREAS))
        self.areas = self.make(
            Area,
            [
                Area(agreement=self.agreement, name=name, order=n)
                for n, name in enumerate(AREAS[:count], start=1)
            ],
        )
        # A new agreement gets the default categories and checklist from a signal
        # (situation/apps.py); made here only where that did not run.
        if not self.agreement.problem_categories.exists():
            categories_default(agreement=self.agreement)
        self.categories = list(self.agreement.problem_categories.order_by("order"))
        self.checklist = list(self.agreement.observation_categories.order_by("order"))

    def reports(self):
        """A lägesbild per year (the current year's a draft) with its orsaksanalys, and a
        survey import per year: the situation picture the meetings discuss."""
        rng = self.rng
        coordinator = self.role_people["samordnare"].user
        imports, reports = [], []
        for year in self.years():
            imports.append(
                SurveyImport(
                    agreement=self.agreement,
                    file_name=f"trygghetsenkat-{slugify(self.name)}-{year}.csv",
                    created_by=coordinator,
                    confirmed_at=_at(date(year, 1, 20), 9),
                )
            )
            current = year == self.today.year
            report = SituationReport(
                agreement=self.agreement,
                title=f"Lokal lägesbild {self.name} {year}",
                period_from=date(year, 1, 1),
                period_to=date(year, 12, 31),
                mapping=TEXT * 3,
                other_information=TEXT * 2,
                analysis=TEXT * 3,
                status=(
                    SituationReport.Status.DRAFT if current else SituationReport.Status.PUBLISHED
                ),
                fully_updated_on=None if current or year % 2 else date(year + 1, 2, 1),
                created_by=coordinator,
            )
            report._history_date = _at(date(year, 10, 1), 9)
            reports.append(report)
        self.make(SurveyImport, imports)
        results = []
        for survey_import, year in zip(imports, self.years(), strict=True):
            for area in self.areas:
                for question in SURVEY_QUESTIONS:
                    results.append(
                        SurveyResult(
                            agreement=self.agreement,
                            survey_import=survey_import,
                            year=year,
                            area=area,
                            question=question,
                            value=Decimal(rng.randint(5, 90)),
                            is_share=True,
                            respondents=rng.randint(80, 500),
                        )
                    )
        self.make(SurveyResult, results)
        self.make(SituationReport, reports)
        _history(SituationReport, reports, user=coordinator)
        self.reports_by_year = dict(zip(self.years(), reports, strict=True))
        self.make(
            ReportSurveyQuestion,
            [
                ReportSurveyQuestion(report=r, question=q, order=n)
                for r in reports
                for n, q in enumerate(SURVEY_QUESTIONS[:2])
            ],
        )
        problems = self.make(
            Problem,
            [
                Problem(
                    report=r, title=f"Problem {n} {r.period_from.year}", description=TEXT, order=n
                )
                for r in reports
                for n in range(1, 4)
            ],
        )
        self.causes = self.make(
            Cause,
            [
                Cause(problem=p, side=rng.choice(SIDES), description=TEXT)
                for p in problems
                for _ in range(rng.randint(1, 3))
            ],
        )
        for report in reports:
            if report.status == SituationReport.Status.PUBLISHED:
                self.event(
                    "situation.report.published",
                    _at(date(report.period_from.year + 1, 2, 1), 10),
                    report,
                    actor=coordinator,
                    report=report.title,
                )

    def meetings(self):
        """Each year's ordinary meetings of both bodies and some extra ones; the held ones
        with attendance, approved minutes, decisions by consensus and assignments."""
        rng = self.rng
        council = self.bodies[Body.Kind.STRATEGIC_COUNCIL]
        group = self.bodies[Body.Kind.OPERATIVE_GROUP]
        meetings = []
        for year in self.years():
            plan = [(council, m, Meeting.Kind.ORDINARY) for m in STRATEGIC_MONTHS]
            plan += [(group, m, Meeting.Kind.ORDINARY) for m in OPERATIVE_MONTHS]
            if rng.random() < 0.4:
                plan.append((group, rng.choice((2, 6, 9, 11)), Meeting.Kind.SUDDEN))
            if rng.random() < 0.2:
                plan.append((council, rng.choice((3, 6, 10)), Meeting.Kind.EXTRA))
            for body, month, kind in plan:
                weekday = 1 if body is council else 3
                day = _weekday_on_or_after(date(year, month, rng.randint(1, 20)), weekday)
                starts = _at(day, 13)
                held = starts < self.now
                meeting = Meeting(
                    agreement=self.agreement,
                    body=body,
                    kind=kind,
                    status=(
                        Meeting.Status.CANCELLED
                        if held and rng.random() < 0.03
                        else Meeting.Status.SCHEDULED
                    ),
                    extended=body is council
                    and kind == Meeting.Kind.ORDINARY
                    and month in EXTENDED_MONTHS,
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=2),
                    place=f"Stadshuset, {self.name}",
                    uid=self.uuid(),
                    sequence=rng.randint(0, 2),
                )
                if meeting.status == Meeting.Status.CANCELLED:
                    meeting.cancelled_reason = "För få deltagare kunde komma."
                meeting._history_date = starts - timedelta(days=40)
                meeting.held = held and meeting.status != Meeting.Status.CANCELLED
                meetings.append(meeting)
        self.make(Meeting, meetings)
        _history(Meeting, meetings, user=self.role_people["samordnare"].user)
        self.meetings_list = meetings

        items, invitees = [], []
        report_type = ContentType.objects.get_for_model(SituationReport)
        for meeting in meetings:
            standing = DEFAULT_STANDING_ITEMS[meeting.body.kind]
            titles = [(t, k) for t, k in standing]
            for n in range(rng.randint(1, 3)):
                titles.append((f"Aktuell fråga {n + 1}", AgendaItem.Kind.OTHER))
            if meeting.body is council and rng.random() < 0.5:
                titles.append(("Uppdrag till operativa gruppen", AgendaItem.Kind.ASSIGNMENT))
            meeting.agenda = []
            for order, (title, kind) in enumerate(titles, start=1):
                item = AgendaItem(
                    meeting=meeting,
                    order=order,
                    title=title,
                    kind=kind,
                    notes=TEXT if rng.random() < 0.5 else "",
                    minutes=TEXT if meeting.held else "",
                )
                if kind == AgendaItem.Kind.SITUATION_PICTURE:
                    # The latest lägesbild before the meeting; in the first year, the
                    # one being written.
                    year = meeting.starts_at.year
                    report = self.reports_by_year.get(year - 1) or self.reports_by_year[year]
                    item.subject_type, item.subject_id = report_type, report.pk
                items.append(item)
                meeting.agenda.append(item)
            meeting.invited = []
            for seat in self.holders(meeting.body, meeting.date):
                function = seat.function
                if function.attendance == AS_NEEDED and rng.random() < 0.7:
                    continue
                if function.is_management_group and not meeting.extended:
                    continue
                role = (
                    Invitee.Role.MANAGEMENT_GROUP
                    if function.is_management_group
                    else Invitee.Role.AS_NEEDED
                    if function.attendance == AS_NEEDED
                    else Invitee.Role.MEMBER
                )
                invitee = Invitee(
                    meeting=meeting,
                    person=seat.person,
                    name=seat.person.user.get_full_name(),
                    organisation=function.party.short_name,
                    email=seat.person.user.email,
                    role=role,
                    function=function,
                    party=function.party,
                    attendance=Invitee.Attendance.UNKNOWN,
                )
                invitee.seat = seat
                if meeting.held:
                    roll = rng.random()
                    invitee.attendance = (
                        Invitee.Attendance.PRESENT
                        if roll < 0.8
                        else Invitee.Attendance.EXCUSED
                        if roll < 0.93
                        else Invitee.Attendance.ABSENT
                    )
                invitees.append(invitee)
                meeting.invited.append(invitee)
        self.make(AgendaItem, items)
        self.make(Invitee, invitees)
        # An excused member's substitute comes instead and counts for the member.
        stand_ins = []
        for meeting in meetings:
            emails = {i.email for i in meeting.invited}
            for invitee in list(meeting.invited):
                substitute = self.substitutes.get(invitee.seat.pk)
                if (
                    invitee.attendance == Invitee.Attendance.EXCUSED
                    and substitute is not None
                    and substitute.user.email not in emails
                ):
                    emails.add(substitute.user.email)
                    stand_in = Invitee(
                        meeting=meeting,
                        person=substitute,
                        name=substitute.user.get_full_name(),
                        organisation=invitee.organisation,
                        email=substitute.user.email,
                        role=Invitee.Role.SUBSTITUTE,
                        function=invitee.function,
                        party=invitee.party,
                        replaces=invitee,
                        attendance=Invitee.Attendance.PRESENT,
                    )
                    stand_ins.append(stand_in)
                    meeting.invited.append(stand_in)
        self.make(Invitee, stand_ins)

        decisions = []
        for meeting in meetings:
            present = [i for i in meeting.invited if i.attendance == Invitee.Attendance.PRESENT]
            if not meeting.held:
                continue
            for invitee in present:
                if invitee.party.short_name == "Kommunen" and meeting.chair is None:
                    meeting.chair = invitee.person
                elif invitee.party.short_name != "Kommunen" and meeting.adjuster is None:
                    meeting.adjuster = invitee.person
            if meeting.chair and meeting.adjuster:
                meeting.chair_approved_at = meeting.ends_at + timedelta(days=3)
                meeting.adjuster_approved_at = meeting.ends_at + timedelta(days=5)
            if meeting.body is not council:
                continue
            for item in meeting.agenda:
                if item.kind not in (AgendaItem.Kind.ASSIGNMENT, AgendaItem.Kind.SITUATION_PICTURE):
                    continue
                givers = {}
                for invitee in present:
                    givers.setdefault(invitee.party_id, invitee)
                decision = Decision(
                    item=item,
                    text=TEXT,
                    adopted=len(givers) == len(self.parties),
                    reason=""
                    if len(givers) == len(self.parties)
                    else "Alla parter var inte närvarande.",
                    decided_at=meeting.ends_at - timedelta(minutes=20),
                )
                decision.givers = givers
                decisions.append(decision)
        Meeting.objects.bulk_update(
            [m for m in meetings if m.held],
            ["chair", "adjuster", "chair_approved_at", "adjuster_approved_at"],
            batch_size=BATCH,
        )
        self.make(Decision, decisions)
        positions, assignments = [], []
        for decision in decisions:
            for party_id, giver in decision.givers.items():
                positions.append(
                    Position(
                        decision=decision,
                        party_id=party_id,
                        given_by=giver,
                        stance=Position.Stance.AGREES,
                    )
                )
            if decision.adopted and decision.item.kind == AgendaItem.Kind.ASSIGNMENT:
                due = decision.decided_at.date() + timedelta(days=rng.randint(60, 150))
                done = due < self.today
                assignments.append(
                    Assignment(
                        decision=decision,
                        body=group,
                        description=TEXT,
                        responsible_party=rng.choice(list(self.parties.values())),
                        due_on=due,
                        status=(
                            Assignment.Status.REPORTED if done else Assignment.Status.IN_PROGRESS
                        ),
                        report=TEXT if done else "",
                        reported_at=_at(due, 10) if done else None,
                    )
                )
        self.make(Position, positions)
        self.make(Assignment, assignments)
        coordinator = self.role_people["samordnare"].user
        for meeting in meetings:
            self.event(
                "councils.meeting.scheduled",
                meeting._history_date,
                meeting,
                actor=coordinator,
                body=meeting.body.name,
                when=f"{timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}",
            )
            if meeting.chair_approved_at:
                self.event(
                    "councils.minutes.locked",
                    meeting.adjuster_approved_at,
                    meeting,
                    meeting=f"{meeting.body.name} {meeting.date.isoformat()}",
                )

    def inputs(self):
        """Before each operative meeting the coordinator asks for current information and
        every party answers: some input corrected, some confidential, this year's last
        request still partly in draft."""
        rng = self.rng
        group = self.bodies[Body.Kind.OPERATIVE_GROUP]
        coordinator = self.role_people["samordnare"].user
        authors = {
            "Polisen": self.role_people["kommunpolis"].user,
            "Kriminalvården": self.role_people["frivard"].user,
            "Kommunen": self.role_people["forvaltning"].user,
        }
        sources = {
            "Polisen": SituationInput.Source.POLICE,
            "Kriminalvården": SituationInput.Source.PRISON_PROBATION,
            "Kommunen": SituationInput.Source.MUNICIPAL_DEPARTMENT,
        }
        requests = []
        for meeting in self.meetings_list:
            if meeting.body is not group or meeting.kind != Meeting.Kind.ORDINARY:
                continue
            request = InputRequest(
                agreement=self.agreement,
                meeting=meeting,
                title=f"Aktuell information inför mötet {meeting.date.isoformat()}",
                message=TEXT,
                due_on=meeting.date - timedelta(days=7),
                closed=meeting.starts_at < self.now,
                created_by=coordinator,
            )
            requests.append(request)
        self.make(InputRequest, requests)
        inputs = []
        for request in requests:
            open_request = not request.closed
            for short, party in self.parties.items():
                for _n in range(2 if short == "Polisen" else 1):
                    start = request.due_on - timedelta(days=60)
                    status = (
                        SituationInput.Status.DRAFT
                        if open_request and rng.random() < 0.5
                        else SituationInput.Status.SUBMITTED
                    )
                    row = SituationInput(
                        agreement=self.agreement,
                        party=party,
                        author=authors[short],
                        thread=self.uuid(),
                        request=request,
                        title=f"Läget {start:%Y-%m} ({short})",
                        source=sources[short],
                        area=rng.choice(self.areas) if rng.random() < 0.7 else None,
                        category=rng.choice(self.categories),
                        period_from=start,
                        period_to=request.due_on - timedelta(days=1),
                        narrative=TEXT * 2,
                        sensitivity=(
                            SituationInput.Sensitivity.CONFIDENTIAL
                            if rng.random() < 0.1
                            else SituationInput.Sensitivity.INTERNAL
                        ),
                        status=status,
                        submitted_at=(
                            None
                            if status == SituationInput.Status.DRAFT
                            else _at(request.due_on - timedelta(days=1), 15)
                        ),
                    )
                    row._history_user = authors[short]
                    inputs.append(row)
        self.make(SituationInput, inputs)
        # A correction now and then: the first revision superseded by a second.
        corrections = []
        for row in inputs:
            if row.status == SituationInput.Status.SUBMITTED and rng.random() < 0.08:
                correction = SituationInput(
                    **{
                        f.attname: getattr(row, f.attname)
                        for f in SituationInput._meta.concrete_fields
                        if f.attname not in ("id", "supersedes_id", "revision")
                    },
                    revision=2,
                    supersedes=row,
                )
                correction.submitted_at = row.submitted_at + timedelta(days=2)
                correction._history_user = row._history_user
                row.status = SituationInput.Status.SUPERSEDED
                corrections.append(correction)
        SituationInput.objects.bulk_update(
            [c.supersedes for c in corrections], ["status"], batch_size=BATCH
        )
        self.make(SituationInput, corrections)
        every = inputs + corrections
        _history(SituationInput, every, when=_at(self.valid_from, 9))
        indicators = []
        for row in every:
            for n in range(rng.randint(1, 3)):
                indicators.append(
                    Indicator(
                        situation_input=row,
                        name=f"Indikator {n + 1}",
                        value=Decimal(rng.randint(0, 400)),
                        unit="st",
                        comparison_value=Decimal(rng.randint(0, 400)),
                        comparison_period=str(row.period_from.year - 1),
                        order=n,
                    )
                )
        self.make(Indicator, indicators)
        # Each year's lägesbild is built from that year's submitted input; causes cite some.
        submitted = [r for r in every if r.status == SituationInput.Status.SUBMITTED]
        links = [
            SituationReport.inputs.through(
                situationreport=self.reports_by_year[r.period_to.year], situationinput=r
            )
            for r in submitted
            if r.period_to.year in self.reports_by_year
        ]
        self.make(SituationReport.inputs.through, links)
        evidence = []
        by_year: dict[int, list] = {}
        for r in submitted:
            by_year.setdefault(r.period_to.year, []).append(r)
        for cause in self.causes:
            year = cause.problem.report.period_from.year
            for cited in rng.sample(by_year.get(year, []), min(2, len(by_year.get(year, [])))):
                evidence.append(Cause.evidence.through(cause=cause, situationinput=cited))
        self.make(Cause.evidence.through, evidence)
        for row in submitted:
            self.event(
                "situation.input.submitted",
                row.submitted_at,
                row,
                actor=row.author,
                party=row.party.short_name,
            )

    def weekly(self):
        """The weekly follow-up (EST) of the busiest areas, every week up to last week:
        what the police and the municipality saw, and the group's risk level."""
        rng = self.rng
        coordinator = self.role_people["samordnare"].user
        reporters = [
            (self.parties["Polisen"], self.role_people["kommunpolis"].user, 1.0),
            (self.parties["Kommunen"], self.role_people["forvaltning"].user, 0.4),
        ]
        monday = _weekday_on_or_after(self.valid_from, 0)
        this_week = self.today - timedelta(days=self.today.weekday())
        areas = self.areas[:WEEKLY_AREAS]
        reports, risks, actions = [], [], []
        levels = list(RiskAssessment.Level)
        while monday < this_week:
            for area in areas:
                for party, author, chance in reporters:
                    if rng.random() < chance:
                        report = WeeklyReport(
                            agreement=self.agreement,
                            party=party,
                            author=author,
                            area=area,
                            week=monday,
                            submitted_at=_at(monday + timedelta(days=4), 15),
                        )
                        report.lines = rng.sample(self.checklist, rng.randint(2, 4))
                        reports.append(report)
                risks.append(
                    RiskAssessment(
                        agreement=self.agreement,
                        area=area,
                        week=monday,
                        level=rng.choices(levels, weights=(6, 3, 1))[0],
                        reason="Bedömt vid veckans avstämning.",
                        set_by=coordinator,
                    )
                )
                if rng.random() < 0.08:
                    follow_up = monday + timedelta(days=14)
                    actions.append(
                        QuickAction(
                            agreement=self.agreement,
                            area=area,
                            week=monday,
                            what="Extra närvaro kvällstid och åtgärdad belysning.",
                            responsible_party=rng.choice(list(self.parties.values())),
                            follow_up_on=follow_up,
                            status=(
                                QuickAction.Status.DONE
                                if follow_up < self.today
                                else QuickAction.Status.OPEN
                            ),
                            created_by=coordinator,
                        )
                    )
            monday += timedelta(days=7)
        self.make(WeeklyReport, reports)
        self.make(
            Observation,
            [
                Observation(
                    report=report,
                    category=category,
                    value=rng.randint(0, 3)
                    if category.measure == ObservationCategory.Measure.SCALE
                    else rng.randint(0, 12),
                )
                for report in reports
                for category in report.lines
            ],
        )
        self.make(RiskAssessment, risks)
        self.make(QuickAction, actions)

    def action_plans(self):
        """A plan per two years from the lägesbild before it, adopted by the municipal
        board, with measures whose status is followed up through the period."""
        rng = self.rng
        coordinator = self.role_people["samordnare"].user
        plans = []
        for year in range(self.first_year, self.today.year + 1, 2):
            report = self.reports_by_year.get(year - 1) or self.reports_by_year[year]
            plan = ActionPlan(
                agreement=self.agreement,
                title=f"Åtgärdsplan {self.name} {year}–{year + 1}",
                period_from=date(year, 1, 1),
                period_to=date(year + 1, 12, 31),
                report=report,
                summary=TEXT,
                status=ActionPlan.Status.ADOPTED,
                decided_by="Kommunstyrelsen",
                decided_on=date(year, 1, 15) - timedelta(days=30),
                case_number=f"KS {year - 1}/{rng.randint(10, 400)}",
                created_by=coordinator,
            )
            plan._history_date = _at(date(year - 1, 11, 1), 9)
            plans.append(plan)
        self.make(ActionPlan, plans)
        _history(ActionPlan, plans, user=coordinator)
        self.plans = plans
        parties = list(self.parties.values())
        measures = []
        for plan in plans:
            causes = [c for c in self.causes if c.problem.report_id == plan.report_id]
            for number in range(1, 9):
                starts = plan.period_from + timedelta(days=rng.randint(0, 200))
                ends = starts + timedelta(days=rng.randint(90, 500))
                measure = Measure(
                    plan=plan,
                    number=number,
                    cause=rng.choice(causes) if causes else None,
                    title=f"Åtgärd {number}: trygghetsskapande insats",
                    description=TEXT,
                    goal="Minskad otrygghet i området enligt trygghetsenkäten.",
                    starts_on=starts,
                    ends_on=ends,
                    responsible=parties[number % len(parties)],
                    indicator="Anmälda brott i området",
                )
                measure._history_date = plan._history_date
                measures.append(measure)
        self.make(Measure, measures)
        _history(Measure, measures, user=coordinator)
        self.make(
            Measure.contributors.through,
            [
                Measure.contributors.through(measure=m, agreementparty=rng.choice(parties))
                for m in measures
            ],
        )
        group_meetings = [
            m for m in self.meetings_list if m.body.kind == Body.Kind.OPERATIVE_GROUP and m.held
        ]
        updates = []
        for measure in measures:
            day = measure.starts_on + timedelta(days=rng.randint(20, 90))
            status = Measure.Status.ONGOING
            while day < self.today and day <= measure.ends_on + timedelta(days=60):
                if day > measure.ends_on:
                    status = rng.choice(
                        (Measure.Status.DONE, Measure.Status.DONE, Measure.Status.CANCELLED)
                    )
                near = [m for m in group_meetings if abs((m.date - day).days) < 10]
                updates.append(
                    StatusUpdate(
                        measure=measure,
                        on=day,
                        status=status,
                        comment=TEXT,
                        meeting=near[0] if near else None,
                        by=coordinator,
                        created_at=_at(day, 11),
                    )
                )
                measure.status = status
                if status != Measure.Status.ONGOING:
                    break
                day += timedelta(days=rng.randint(60, 120))
        self.make(StatusUpdate, updates)
        for update in updates:  # in date order per measure: the last one is the latest
            update.measure.latest_update = update
        Measure.objects.bulk_update(measures, ["status", "latest_update"], batch_size=BATCH)
        follow_ups, outcomes = [], []
        for plan in plans:
            held = plan.period_to - timedelta(days=60)
            if held < self.today:
                follow_ups.append(
                    FollowUp(
                        plan=plan,
                        held_on=held,
                        summary=TEXT,
                        status=FollowUp.Status.COMPLETED,
                        created_by=coordinator,
                    )
                )
        self.make(FollowUp, follow_ups)
        for follow_up in follow_ups:
            for measure in measures:
                if measure.plan is follow_up.plan:
                    outcomes.append(
                        Outcome(
                            follow_up=follow_up,
                            measure=measure,
                            outcome=TEXT,
                            effect=rng.choice(list(Outcome.Effect)),
                        )
                    )
        self.make(Outcome, outcomes)
        for plan in plans:
            self.event(
                "actionplan.plan.adopted",
                _at(plan.decided_on, 15),
                plan,
                actor=coordinator,
                plan=plan.title,
                body=plan.decided_by,
                day=plan.decided_on.isoformat(),
                case=plan.case_number,
            )

    def promises(self):
        """A medborgarlöfte per two years, issued by the municipality and the police, ready
        by the turn of the year, with its commitments, dialogues and follow-up."""
        rng = self.rng
        coordinator = self.role_people["samordnare"].user
        issuers = [self.parties["Kommunen"], self.parties["Polisen"]]
        promises = []
        for year in range(self.first_year, self.today.year + 1, 2):
            promise = CitizenPromise(
                agreement=self.agreement,
                title=f"Medborgarlöfte {self.name} {year}–{year + 1}",
                period_from=date(year, 1, 1),
                period_to=date(year + 1, 12, 31),
                summary=TEXT,
                status=CitizenPromise.Status.PUBLISHED,
                published_at=_at(date(year - 1, 12, 15), 10),
                public_slug=slugify(f"{self.name} kommun"),
                created_by=coordinator,
            )
            promise._history_date = _at(date(year - 1, 10, 1), 10)
            promises.append(promise)
        self.make(CitizenPromise, promises)
        _history(CitizenPromise, promises, user=coordinator)
        self.make(
            CitizenPromise.issuers.through,
            [
                CitizenPromise.issuers.through(citizenpromise=p, agreementparty=party)
                for p in promises
                for party in issuers
            ],
        )
        commitments = self.make(
            Commitment,
            [
                Commitment(
                    promise=p,
                    number=n,
                    title=f"Åtagande {n}",
                    responsible=issuers[n % 2],
                    activities=TEXT,
                    follow_up_method="Trygghetsenkäten och anmälningar.",
                )
                for p in promises
                for n in range(1, rng.randint(3, 5))
            ],
        )
        _history(Commitment, commitments, user=coordinator, when=_at(self.valid_from, 9))
        dialogues = self.make(
            Dialogue,
            [
                Dialogue(
                    promise=p,
                    kind=kind,
                    held_on=p.period_from - timedelta(days=days),
                    participants="Boende och personal",
                    summary=TEXT,
                )
                for p in promises
                for kind, days in ((Dialogue.Kind.CITIZEN, 120), (Dialogue.Kind.STAFF, 100))
            ],
        )
        self.make(
            Priority,
            [
                Priority(promise=d.promise, dialogue=d, rank=1, title="Otrygghet i centrum")
                for d in dialogues
                if d.kind == Dialogue.Kind.CITIZEN
            ],
        )
        self.make(
            PromiseReport,
            [
                PromiseReport(
                    promise=p,
                    reported_on=p.period_from + timedelta(days=300),
                    text=TEXT,
                    status=PromiseReport.Status.PUBLISHED,
                    published_at=_at(p.period_from + timedelta(days=301), 10),
                    created_by=coordinator,
                )
                for p in promises
                if p.period_from + timedelta(days=300) < self.today
            ],
        )
        # Measures that carry out a commitment of the promise of their period.
        by_period = {p.period_from: [c for c in commitments if c.promise is p] for p in promises}
        linked = []
        for plan in self.plans:
            for measure in plan.measures.all()[:2]:
                options = by_period.get(plan.period_from) or []
                if options:
                    measure.commitment = rng.choice(options)
                    linked.append(measure)
        Measure.objects.bulk_update(linked, ["commitment"])


def password_hash(password: str) -> str:
    """Hashed once: hashing per user would cost a third of a second each."""
    return make_password(password)


def _seed_one(args) -> tuple[int, Counts]:
    index, agreement_seed, years, today, hashed, police_pk, prison_pk = args
    counts = Counts()
    with transaction.atomic():
        AgreementSeeder(
            index=index,
            rng=random.Random(agreement_seed),
            years=years,
            today=today,
            password_hash=hashed,
            police=Party.objects.get(pk=police_pk),
            prison=Party.objects.get(pk=prison_pk),
            counts=counts,
        ).run()
    return index, counts


def seed(
    *,
    scale: int,
    years: int = 10,
    seed_value: int = 0,
    password: str,
    today: date | None = None,
    jobs: int = 1,
    progress=None,
) -> Counts:
    """Create `scale` agreements (keys bench-1…bench-N) with `years` years each, in `jobs`
    processes; returns the rows made per model. Refuses a database that already holds a
    bench agreement."""
    if Agreement.objects.filter(key__startswith=KEY_PREFIX).exists():
        raise ValueError("The database already holds a bench data set; flush it first.")
    if years < 1 or scale < 1:
        raise ValueError("scale and years must be at least 1")
    today = today or timezone.localdate()
    rng = random.Random(seed_value)
    hashed = password_hash(password)
    police, _ = Party.objects.get_or_create(
        organisation_number=POLICE[2],
        defaults={"name": POLICE[0], "kind": POLICE[1], "address": POLICE[3]},
    )
    prison, _ = Party.objects.get_or_create(
        organisation_number=PRISON[2],
        defaults={"name": PRISON[0], "kind": PRISON[1], "address": PRISON[3]},
    )
    # Each agreement draws from its own generator, seeded in order from the one seed: the
    # rows do not depend on how the agreements are spread over processes.
    work = [
        (index, rng.getrandbits(64), years, today, hashed, police.pk, prison.pk)
        for index in range(1, scale + 1)
    ]
    total = Counts()
    if jobs > 1 and scale > 1 and connection.vendor == "postgresql":
        # Forked workers must not share the parent's connection: each opens its own.
        connections.close_all()
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            results = pool.map(_seed_one, work)
            for done, (_index, counts) in enumerate(results, start=1):
                total.merge(counts)
                if progress:
                    progress(done)
    else:
        for done, args in enumerate(work, start=1):
            _index, counts = _seed_one(args)
            total.merge(counts)
            if progress:
                progress(done)
    return total
