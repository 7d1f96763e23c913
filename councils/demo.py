"""The Laholm rosters and fictional demo accounts, one per role (idempotent), in the
agreement 2024–2026 and in its renewal 2027–2029; the 2024–2026 agreement's meetings: a
held council meeting with its minutes approved, and 2026's meetings of both bodies."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from samverkan.demo.load import AGREEMENTS, load_agreement, upsert
from samverkan.models import Agreement, AgreementParty, Person, SignatoryDesignation
from samverkan.services import person_directory_add

from .models import (
    AgendaItem,
    Assignment,
    Body,
    Function,
    Invitee,
    Meeting,
    Position,
    Seat,
    StandingAgendaItem,
    Substitute,
)
from .roles import agreement_sync_permissions
from .services import invitations
from .services.decisions import assignment_give, assignment_update, decision_record
from .services.meetings import (
    DEFAULT_STANDING_ITEMS,
    agenda_item_add,
    agenda_item_update,
    annual_plan_confirm,
    annual_plan_propose,
    meeting_confirm,
    meeting_schedule,
)
from .services.minutes import (
    attendance_record,
    minutes_approve,
    minutes_signatories_set,
    minutes_update,
)

DEMO_PASSWORD = "samverkan"

ALWAYS, AS_NEEDED = Function.Attendance.ALWAYS, Function.Attendance.AS_NEEDED

# (title, party short name, attendance, is_group, is_management_group, note)
STRATEGIC_FUNCTIONS = [
    ("Kommunens ledningsgrupp", "Kommunen", ALWAYS, True, True, "Utökad grupp vid två av mötena."),
    ("Kommunens säkerhetschef", "Kommunen", ALWAYS, False, False, ""),
    ("Brottsförebyggande samordnare", "Kommunen", ALWAYS, False, False, "Sammankallande."),
    ("Laholmshems VD", "Kommunen", ALWAYS, False, False, ""),
    (
        "Lokalpolisområdeschef eller biträdande lokalpolisområdeschef",
        "Polisen",
        ALWAYS,
        False,
        False,
        "",
    ),
    ("Lokal representant för polisen", "Polisen", AS_NEEDED, False, False, ""),
    ("Kommunpolis", "Polisen", ALWAYS, False, False, "Stöder samordnaren."),
    (
        "Kriminalvårdschef/Frivårdschef verksamhetsområde Halland och Västra Götaland",
        "Kriminalvården",
        ALWAYS,
        False,
        False,
        "",
    ),
]
OPERATIVE_FUNCTIONS = [
    (
        "Representanter från kommunens alla förvaltningar och bostadsbolaget",
        "Kommunen",
        ALWAYS,
        True,
        False,
        "",
    ),
    ("Brottsförebyggande samordnare", "Kommunen", ALWAYS, False, False, "Sammankallande."),
    ("Kommunpolis", "Polisen", ALWAYS, False, False, "Stöder samordnaren."),
    ("Lokal representant för polisen", "Polisen", AS_NEEDED, False, False, ""),
    ("Tjänsteman med relevant koppling till Laholm", "Kriminalvården", ALWAYS, False, False, ""),
]

# username, first name, last name, party short name, title, role described for the README
DEMO_USERS = [
    (
        "samordnare",
        "Sara",
        "Lind",
        "Kommunen",
        "Brottsförebyggande samordnare",
        "samordnare, sammankallande",
    ),
    ("sakerhetschef", "Johan", "Berg", "Kommunen", "Säkerhetschef", "strategiska rådet"),
    ("laholmshem", "Maria", "Holm", "Kommunen", "VD, Laholmshem AB", "strategiska rådet"),
    ("kommunpolis", "Erik", "Sand", "Polisen", "Kommunpolis", "rådet och operativa gruppen"),
    ("lpo-chef", "Anna", "Kvist", "Polisen", "Lokalpolisområdeschef", "undertecknar för Polisen"),
    (
        "frivardschef",
        "Lars",
        "Ström",
        "Kriminalvården",
        "Frivårdschef",
        "undertecknar för Kriminalvården",
    ),
    ("frivard", "Nora", "Ek", "Kriminalvården", "Frivårdsinspektör", "operativa gruppen"),
    (
        "ks-ordforande",
        "Per",
        "Alm",
        "Kommunen",
        "Kommunstyrelsens ordförande",
        "undertecknar för Kommunen",
    ),
    (
        "forvaltning",
        "Eva",
        "Dahl",
        "Kommunen",
        "Enhetschef, socialförvaltningen",
        "operativa gruppen",
    ),
]

# (body kind, function title, username)
DEMO_SEATS = [
    (Body.Kind.STRATEGIC_COUNCIL, "Kommunens säkerhetschef", "sakerhetschef"),
    (Body.Kind.STRATEGIC_COUNCIL, "Brottsförebyggande samordnare", "samordnare"),
    (Body.Kind.STRATEGIC_COUNCIL, "Laholmshems VD", "laholmshem"),
    (Body.Kind.STRATEGIC_COUNCIL, STRATEGIC_FUNCTIONS[4][0], "lpo-chef"),
    (Body.Kind.STRATEGIC_COUNCIL, "Kommunpolis", "kommunpolis"),
    (Body.Kind.STRATEGIC_COUNCIL, STRATEGIC_FUNCTIONS[7][0], "frivardschef"),
    (Body.Kind.OPERATIVE_GROUP, OPERATIVE_FUNCTIONS[0][0], "forvaltning"),
    (Body.Kind.OPERATIVE_GROUP, "Brottsförebyggande samordnare", "samordnare"),
    (Body.Kind.OPERATIVE_GROUP, "Kommunpolis", "kommunpolis"),
    (Body.Kind.OPERATIVE_GROUP, "Tjänsteman med relevant koppling till Laholm", "frivard"),
]
# (body kind, function title, username of substitute)
DEMO_SUBSTITUTES = [(Body.Kind.STRATEGIC_COUNCIL, STRATEGIC_FUNCTIONS[7][0], "frivard")]
SIGNATORIES = {"Kommunen": "ks-ordforande", "Polisen": "lpo-chef", "Kriminalvården": "frivardschef"}


def _functions(body: Body, parties: dict, rows) -> dict[str, Function]:
    result = {}
    for order, (title, party, attendance, is_group, is_management, note) in enumerate(
        rows, start=1
    ):
        result[title] = upsert(
            Function,
            body=body,
            title=title,
            defaults={
                "party": parties[party],
                "attendance": attendance,
                "is_group": is_group,
                "is_management_group": is_management,
                "note": note,
                "order": order,
            },
        )
    return result


def _load_rosters(agreement: Agreement, people: dict[str, Person]) -> None:
    """Both bodies with the seed's functions, the demo people seated from the agreement's
    first day, and who signs for each party."""
    parties = {ap.short_name: ap for ap in agreement.parties.select_related("party")}
    strategic = upsert(
        Body,
        agreement=agreement,
        kind=Body.Kind.STRATEGIC_COUNCIL,
        defaults={
            "name": "Strategiskt råd",
            "purpose": (
                "Planerar, behandlar, beslutar och följer upp frågor som rör "
                "samverkansöverenskommelsen. Besluten bygger på konsensus mellan parterna. "
                "Rådet kan dela ut uppdrag till den operativa samverkansgruppen."
            ),
            "ordinary_meetings_per_year": 4,
            "extended_meetings_per_year": 2,
            "chair_party": parties["Kommunen"],
        },
    )
    operative = upsert(
        Body,
        agreement=agreement,
        kind=Body.Kind.OPERATIVE_GROUP,
        defaults={
            "name": "Operativ samverkansgrupp",
            "purpose": (
                "Bidrar till den lokala lägesbilden, följer löpande upp åtgärdsplanen och tar "
                "fram underlag och förslag till nya insatser på uppdrag av strategiska rådet."
            ),
            "ordinary_meetings_per_year": 6,
            "extended_meetings_per_year": 0,
        },
    )
    functions = {
        Body.Kind.STRATEGIC_COUNCIL: _functions(strategic, parties, STRATEGIC_FUNCTIONS),
        Body.Kind.OPERATIVE_GROUP: _functions(operative, parties, OPERATIVE_FUNCTIONS),
    }
    for body in (strategic, operative):
        upsert(
            Body,
            {
                "convener_function": functions[body.kind]["Brottsförebyggande samordnare"],
                "convener_support_function": functions[body.kind]["Kommunpolis"],
            },
            pk=body.pk,
        )

    for person in people.values():
        person_directory_add(person=person, agreement=agreement)
    seats = {}
    for kind, title, username in DEMO_SEATS:
        seats[(kind, title)], _ = Seat.objects.get_or_create(
            function=functions[kind][title],
            person=people[username],
            valid_from=agreement.valid_from,
        )
    for kind, title, username in DEMO_SUBSTITUTES:
        Substitute.objects.get_or_create(seat=seats[(kind, title)], person=people[username])

    for short, username in SIGNATORIES.items():
        signing = upsert(
            AgreementParty, {"signatory_user": people[username].user}, pk=parties[short].pk
        )
        _confirmed_designation(signing, people[username])


# When the demo's signatories were confirmed by their parties: the day the agreement
# 2024–2026 was signed (also for the renewal, which keeps them).
DEMO_SIGNATORIES_CONFIRMED = datetime(2023, 1, 12, 12, 0, tzinfo=ZoneInfo("Europe/Stockholm"))


def _confirmed_designation(agreement_party: AgreementParty, person: Person) -> None:
    """The party's signatory as a designation its party confirmed (samverkan/signatories.py).
    A reload writes nothing when it is so, and restores it when someone else was confirmed
    in the app since (their designation is then replaced); pending ones are left alone."""
    State = SignatoryDesignation.State
    confirmed = list(agreement_party.designations.filter(state=State.CONFIRMED))
    if [d.user_id for d in confirmed] == [person.user_id]:
        return
    for other in confirmed:
        if other.user_id != person.user_id:
            other.state = State.REPLACED
            other.save(update_fields=["state"])
    upsert(
        SignatoryDesignation,
        {
            "state": State.CONFIRMED,
            "title": person.title,
            "confirmed_at": DEMO_SIGNATORIES_CONFIRMED,
        },
        agreement_party=agreement_party,
        user=person.user,
        designated_at=DEMO_SIGNATORIES_CONFIRMED,
    )


def _load_standing_items(agreement: Agreement) -> None:
    """Each body's standing agenda items (councils.services.meetings.DEFAULT_STANDING_ITEMS)."""
    for body in agreement.bodies.all():
        for order, (title, kind) in enumerate(DEFAULT_STANDING_ITEMS[body.kind], start=1):
            upsert(StandingAgendaItem, {"kind": kind, "order": order}, body=body, title=title)


# The year the demo's meetings are in, planned as the coordinator would have at the end of
# the year before (so every reload, whatever its date, finds the same days).
DEMO_MEETING_YEAR = 2026
DEMO_PLANNED_ON = date(2025, 12, 1)
DEMO_PLACE = "Humlegången 6, Laholm"


def load_demo_meetings(agreement: Agreement, coordinator) -> None:
    """The year's ordinary meetings of both bodies, proposed from their cadence and
    convened, through the meeting services as the coordinator. Created once: a reload
    finds them planned and writes nothing (their invitations go out after the commit,
    see councils.services.invitations)."""
    for body in agreement.bodies.all():
        annual_plan_propose(
            body=body,
            year=DEMO_MEETING_YEAR,
            on=DEMO_PLANNED_ON,
            place=DEMO_PLACE,
            by=coordinator,
        )
        annual_plan_confirm(body=body, year=DEMO_MEETING_YEAR, by=coordinator)


# A council meeting held before the 2026 plan, with its minutes approved: 2025-02-13
# 13:00–15:00, before every day the demo is loaded on from then on (and before the test
# suite's frozen day), so it is always "held".
STOCKHOLM = ZoneInfo("Europe/Stockholm")
HELD_STARTS = datetime(2025, 2, 13, 13, 0, tzinfo=STOCKHOLM)
HELD_ENDS = datetime(2025, 2, 13, 15, 0, tzinfo=STOCKHOLM)
# Kriminalvården's member sends apologies the Monday before; their substitute comes.
HELD_APOLOGIES = datetime(2025, 2, 10, 9, 0, tzinfo=STOCKHOLM)
HELD_CHAIR_APPROVES = datetime(2025, 2, 17, 9, 30, tzinfo=STOCKHOLM)
HELD_ADJUSTER_APPROVES = datetime(2025, 2, 18, 14, 0, tzinfo=STOCKHOLM)
HELD_CHAIR, HELD_ADJUSTER = "sakerhetschef", "kommunpolis"
# Who attended, by username; the excused member's substitute stands in for them.
HELD_EXCUSED = "frivardschef"
HELD_ATTENDANCE = {
    "samordnare": Invitee.Attendance.PRESENT,
    "sakerhetschef": Invitee.Attendance.PRESENT,
    "laholmshem": Invitee.Attendance.PRESENT,
    "kommunpolis": Invitee.Attendance.PRESENT,
    "lpo-chef": Invitee.Attendance.ABSENT,
    "frivard": Invitee.Attendance.PRESENT,
}
HELD_DECISION_ITEM = "Otrygghet kring resecentrum"
HELD_PRESENTERS = {"Aktuell lägesbild": "kommunpolis", HELD_DECISION_ITEM: "kommunpolis"}
HELD_MINUTES = {
    "Aktuell lägesbild": (
        "Kommunpolisen redogjorde för lägesbilden för fjärde kvartalet 2024: färre "
        "anmälda inbrott i centrum, fler anmälningar om skadegörelse och ordningsstörningar "
        "kring resecentrum kvällstid."
    ),
    "Arbete med beslutade åtgärder": (
        "Samordnaren gick igenom åtgärdsplanen. Belysningen i gångtunneln vid Lagavallen "
        "är åtgärdad; trygghetsvandringen i Mellbystrand flyttas till våren."
    ),
    "Medborgarlöfte och uppföljning": (
        "Medborgarlöftet följs upp enligt plan. Polisen har haft två dialogmöten med "
        "näringsidkare i centrum."
    ),
    HELD_DECISION_ITEM: (
        "Polisen och kommunen ser samma mönster kring resecentrum. Rådet var enigt om att "
        "den operativa gruppen ska ta fram ett underlag med förslag på insatser."
    ),
}
HELD_DECISION = (
    "Rådet ger den operativa samverkansgruppen i uppdrag att ta fram ett underlag om "
    "otryggheten kring resecentrum, med förslag på insatser."
)
HELD_ASSIGNMENT = (
    "Ta fram ett underlag om otryggheten kring resecentrum kvällstid (anmälningar, "
    "iakttagelser, trygghetsvandring) med förslag på insatser, och återrapportera till "
    "strategiska rådet."
)
HELD_ASSIGNMENT_PARTY = "Polisen"
HELD_ASSIGNMENT_DUE = date(2025, 5, 31)


def _invitee(meeting: Meeting, username: str) -> Invitee:
    return meeting.invitees.get(person__user__username=username)


def load_demo_held_meeting(agreement: Agreement, people: dict[str, Person]) -> Meeting:
    """A council meeting of 2025 that has been held, through the services as the acting
    people: the coordinator convenes it (invitees from the roster), records the
    apologies, the attendance, the minutes' notes, the chair and the adjuster, an adopted
    decision and the assignment it gives the operative group; the chair and the adjuster
    then approve the minutes, which locks them. Each step is done only when it is not
    done yet, and locked minutes end the work at once: a reload writes nothing."""
    coordinator = people["samordnare"].user
    council = agreement.bodies.get(kind=Body.Kind.STRATEGIC_COUNCIL)
    meeting = council.meetings.not_cancelled().filter(starts_at=HELD_STARTS).first()
    if meeting is None:
        meeting = meeting_schedule(
            body=council,
            kind=Meeting.Kind.ORDINARY,
            starts_at=HELD_STARTS,
            ends_at=HELD_ENDS,
            place=DEMO_PLACE,
            by=coordinator,
        )
    if meeting.minutes_locked:
        return meeting
    if meeting.is_draft:
        meeting_confirm(meeting=meeting, by=coordinator)
    # Convening reads the roster once the transaction commits; the steps below need the
    # invitees now (the call after the commit then finds them all and adds nothing).
    invitations.invitees_from_roster(meeting=meeting, by=coordinator)

    items = {item.title: item for item in meeting.items.all()}
    if HELD_DECISION_ITEM not in items:
        items[HELD_DECISION_ITEM] = agenda_item_add(
            meeting=meeting,
            title=HELD_DECISION_ITEM,
            kind=AgendaItem.Kind.ASSIGNMENT,
            by=coordinator,
        )
    for title, username in HELD_PRESENTERS.items():
        agenda_item_update(item=items[title], presenter=people[username], by=coordinator)

    excused = _invitee(meeting, HELD_EXCUSED)
    if excused.attendance != Invitee.Attendance.EXCUSED:
        invitations.invitee_excuse(invitee=excused, by=coordinator, now=HELD_APOLOGIES)
    attendance_record(
        meeting=meeting,
        attendance={
            _invitee(meeting, username).pk: state for username, state in HELD_ATTENDANCE.items()
        },
        by=coordinator,
    )
    minutes_update(
        meeting=meeting,
        minutes={items[title].pk: text for title, text in HELD_MINUTES.items()},
        by=coordinator,
    )
    minutes_signatories_set(
        meeting=meeting,
        chair=people[HELD_CHAIR],
        adjuster=people[HELD_ADJUSTER],
        by=coordinator,
    )

    item = items[HELD_DECISION_ITEM]
    decision = item.decisions.filter(adopted=True).first()
    if decision is None:
        givers = {
            "Kommunen": HELD_CHAIR,
            "Polisen": HELD_ADJUSTER,
            "Kriminalvården": "frivard",  # the substitute, present for Kriminalvården
        }
        decision = decision_record(
            item=item,
            text=HELD_DECISION,
            positions={
                party: (Position.Stance.AGREES, _invitee(meeting, givers[party.short_name]))
                for party in agreement.parties.order_by("order", "pk")
            },
            by=coordinator,
        )
    assignment = decision.assignments.first()
    if assignment is None:
        assignment = assignment_give(
            decision=decision,
            description=HELD_ASSIGNMENT,
            responsible_party=agreement.parties.get(short_name=HELD_ASSIGNMENT_PARTY),
            due_on=HELD_ASSIGNMENT_DUE,
            by=coordinator,
        )
    if assignment.status == Assignment.Status.OPEN:
        assignment_update(
            assignment=assignment, status=Assignment.Status.IN_PROGRESS, by=coordinator
        )

    meeting.refresh_from_db()
    if meeting.chair_approved_at is None:
        minutes_approve(meeting=meeting, by=people[HELD_CHAIR].user, now=HELD_CHAIR_APPROVES)
    if meeting.adjuster_approved_at is None:
        minutes_approve(meeting=meeting, by=people[HELD_ADJUSTER].user, now=HELD_ADJUSTER_APPROVES)
    meeting.refresh_from_db()
    return meeting


def _load_people(parties: dict[str, AgreementParty]) -> dict[str, Person]:
    User = get_user_model()
    people = {}
    for username, first, last, party, title, _role in DEMO_USERS:
        user = upsert(
            User,
            {"first_name": first, "last_name": last, "email": f"{username}@example.se"},
            username=username,
        )
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        people[username] = upsert(
            Person, {"party": parties[party].party, "title": title}, user=user
        )
    return people


# Higher apps add their demo data (the situation picture, say) by registering a loader
# here from their AppConfig.ready(): loader(agreements, people) runs after the councils'
# part, with the agreements in load_demo's order and the people by username.
DEMO_LOADERS: list = []


@transaction.atomic
def load_demo() -> list[Agreement]:
    """The Laholm agreement 2024–2026 as signed and its renewal 2027–2029 (a draft), each
    with both rosters, the same people and signatories; returned in that order. The
    2024–2026 agreement also gets a held council meeting (2025) and 2026's meetings of
    both bodies; their invitees and invitations are made once this transaction commits
    (councils.services.invitations), so a caller outside a transaction finds them when
    this returns."""
    agreements = [load_agreement(source) for source in AGREEMENTS]
    parties = {ap.short_name: ap for ap in agreements[0].parties.select_related("party")}
    people = _load_people(parties)
    for agreement in agreements:
        _load_rosters(agreement, people)
        _load_standing_items(agreement)
        # The rights depend on the day: a demo loaded in 2026 and reloaded in 2027 moves
        # the acting rights to the renewal even when nothing else changed.
        agreement_sync_permissions(agreement=agreement)
    load_demo_held_meeting(agreements[0], people)
    load_demo_meetings(agreements[0], people["samordnare"].user)
    for loader in DEMO_LOADERS:
        loader(agreements, people)
    return agreements
