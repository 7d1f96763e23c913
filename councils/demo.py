"""The Laholm rosters and fictional demo accounts, one per role (idempotent), in the
agreement 2024–2026 and in its renewal 2027–2029."""

from django.contrib.auth import get_user_model
from django.db import transaction

from samverkan.demo.load import AGREEMENTS, load_agreement, upsert
from samverkan.models import Agreement, AgreementParty, Person
from samverkan.services import person_directory_add

from .models import Body, Function, Seat, Substitute
from .roles import agreement_sync_permissions

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
        upsert(AgreementParty, {"signatory_user": people[username].user}, pk=parties[short].pk)


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


@transaction.atomic
def load_demo() -> list[Agreement]:
    """The Laholm agreement 2024–2026 as signed and its renewal 2027–2029 (a draft), each
    with both rosters, the same people and signatories; returned in that order."""
    agreements = [load_agreement(source) for source in AGREEMENTS]
    parties = {ap.short_name: ap for ap in agreements[0].parties.select_related("party")}
    people = _load_people(parties)
    for agreement in agreements:
        _load_rosters(agreement, people)
        # The rights depend on the day: a demo loaded in 2026 and reloaded in 2027 moves
        # the acting rights to the renewal even when nothing else changed.
        agreement_sync_permissions(agreement=agreement)
    return agreements
