"""The councils' part of an agreement's lifecycle: the two bodies a new agreement starts
with, its first coordinator seated as their convener, and the rosters a renewal copies
into the next period. Registered with samverkan.lifecycle from apps.py (samverkan cannot
import councils); each function runs inside the samverkan service's transaction."""

from datetime import date

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.models import Agreement, AgreementParty, Party, Person
from samverkan.services import _save

from ..models import Body, Function, Seat, Substitute
from .rosters import seat_assign

ALWAYS, AS_NEEDED = Function.Attendance.ALWAYS, Function.Attendance.AS_NEEDED
MUNICIPALITY, POLICE, PRISON = (
    Party.Kind.MUNICIPALITY,
    Party.Kind.POLICE,
    Party.Kind.PRISON_PROBATION,
)
CONVENER, SUPPORT = "Brottsförebyggande samordnare", "Kommunpolis"

# Function templates, per body kind: (title, party kind, attendance, is_group,
# is_management_group, note). The Laholm agreement's functions, named for any municipality;
# a function of a party kind the agreement lacks is left out. The convener (the
# coordinator) and the support to the convener (the kommunpolis) are in every template.
_STANDARD = {
    Body.Kind.STRATEGIC_COUNCIL: [
        ("Kommunens ledningsgrupp", MUNICIPALITY, ALWAYS, True, True, "Utökad grupp."),
        ("Kommunens säkerhetschef", MUNICIPALITY, ALWAYS, False, False, ""),
        (CONVENER, MUNICIPALITY, ALWAYS, False, False, "Sammankallande."),
        ("Bostadsbolagets VD", MUNICIPALITY, ALWAYS, False, False, ""),
        (
            "Lokalpolisområdeschef eller biträdande lokalpolisområdeschef",
            POLICE,
            ALWAYS,
            False,
            False,
            "",
        ),
        ("Lokal representant för polisen", POLICE, AS_NEEDED, False, False, ""),
        (SUPPORT, POLICE, ALWAYS, False, False, "Stöder samordnaren."),
        ("Kriminalvårdschef/Frivårdschef", PRISON, ALWAYS, False, False, ""),
    ],
    Body.Kind.OPERATIVE_GROUP: [
        (
            "Representanter från kommunens alla förvaltningar och bostadsbolaget",
            MUNICIPALITY,
            ALWAYS,
            True,
            False,
            "",
        ),
        (CONVENER, MUNICIPALITY, ALWAYS, False, False, "Sammankallande."),
        (SUPPORT, POLICE, ALWAYS, False, False, "Stöder samordnaren."),
        ("Lokal representant för polisen", POLICE, AS_NEEDED, False, False, ""),
        ("Tjänsteman med relevant koppling till kommunen", PRISON, ALWAYS, False, False, ""),
    ],
}
_MINIMAL = {
    kind: [row for row in rows if row[0] in (CONVENER, SUPPORT)] for kind, rows in _STANDARD.items()
}
TEMPLATES = {
    "standard": (
        gettext_lazy("Som i Laholms överenskommelse: kommunens, Polisens och Kriminalvårdens"),
        _STANDARD,
    ),
    "minimal": (
        gettext_lazy("Bara samordnaren och kommunpolisen (resten läggs till i förteckningen)"),
        _MINIMAL,
    ),
}

# The bodies every agreement has (the seed's strategic council and operative group), with
# their defaults. The council is chaired by a party ("chair_required": the message when
# none is chosen); the group need not be.
SPECS = [
    {
        "kind": Body.Kind.STRATEGIC_COUNCIL.value,
        "label": Body.Kind.STRATEGIC_COUNCIL.label,
        "name": "Strategiskt råd",
        "ordinary_meetings_per_year": 4,
        "extended_meetings_per_year": 2,
        "chair_required": gettext_lazy(
            "Välj vilken part som är ordförande i det strategiska rådet."
        ),
        "purpose": (
            "Planerar, behandlar, beslutar och följer upp frågor som rör "
            "samverkansöverenskommelsen. Besluten bygger på konsensus mellan parterna. "
            "Rådet kan dela ut uppdrag till den operativa samverkansgruppen."
        ),
    },
    {
        "kind": Body.Kind.OPERATIVE_GROUP.value,
        "label": Body.Kind.OPERATIVE_GROUP.label,
        "name": "Operativ samverkansgrupp",
        "ordinary_meetings_per_year": 6,
        "extended_meetings_per_year": 0,
        "chair_required": None,
        "purpose": (
            "Bidrar till den lokala lägesbilden, följer löpande upp åtgärdsplanen och tar "
            "fram underlag och förslag till nya insatser på uppdrag av strategiska rådet."
        ),
    },
]


def specs() -> list[dict]:
    """The bodies a new agreement is set up with and their defaults, for the wizard."""
    return SPECS


def templates() -> list[tuple[str, str]]:
    """(key, label) of the function templates."""
    return [(key, label) for key, (label, _rows) in TEMPLATES.items()]


def check(*, bodies: dict, parties: list[dict]) -> None:
    """Each body named, met at least once a year, no more extended meetings than ordinary
    ones, a known template, and the council's chair one of the parties. Errors are keyed
    "<kind>-<field>", as the wizard names its fields."""
    errors = {}
    for spec in SPECS:
        kind = spec["kind"]
        body = bodies.get(kind) or {}
        if not (body.get("name") or "").strip():
            errors[f"{kind}-name"] = _("Ange organets namn.")
        ordinary = body.get("ordinary_meetings_per_year") or 0
        if ordinary < 1:
            errors[f"{kind}-ordinary_meetings_per_year"] = _(
                "Organet måste ha minst ett ordinarie möte per år."
            )
        if (body.get("extended_meetings_per_year") or 0) > ordinary:
            errors[f"{kind}-extended_meetings_per_year"] = _(
                "Det kan inte vara fler utökade möten än ordinarie möten."
            )
        if body.get("template") not in TEMPLATES:
            errors[f"{kind}-template"] = _("Välj en mall för funktionerna.")
        chair = body.get("chair")
        if chair is None and spec["chair_required"]:
            errors[f"{kind}-chair"] = str(spec["chair_required"])
        elif chair is not None and not 1 <= chair <= len(parties):
            errors[f"{kind}-chair"] = _("Ordförandeparten måste vara part i överenskommelsen.")
    if errors:
        raise ValidationError(errors)


def create(*, agreement: Agreement, bodies: dict, parties: list[AgreementParty], by) -> None:
    """Both bodies with their cadence, chair and functions from the chosen template; the
    coordinator's function convenes each, supported by the kommunpolis."""
    by_kind: dict[str, AgreementParty] = {}
    for agreement_party in parties:
        by_kind.setdefault(agreement_party.party.kind, agreement_party)
    for spec in SPECS:
        setup = bodies[spec["kind"]]
        chair = setup.get("chair")
        body = _save(
            Body(
                agreement=agreement,
                kind=spec["kind"],
                name=setup["name"].strip(),
                purpose=spec["purpose"],
                ordinary_meetings_per_year=setup["ordinary_meetings_per_year"],
                extended_meetings_per_year=setup.get("extended_meetings_per_year") or 0,
                chair_party=parties[chair - 1] if chair else None,
            ),
            by,
        )
        functions = {}
        rows = TEMPLATES[setup["template"]][1][spec["kind"]]
        for order, (title, kind, attendance, is_group, is_management, note) in enumerate(
            rows, start=1
        ):
            if kind not in by_kind:
                continue
            functions[title] = _save(
                Function(
                    body=body,
                    party=by_kind[kind],
                    title=title,
                    attendance=attendance,
                    is_group=is_group,
                    is_management_group=is_management,
                    note=note,
                    order=order,
                ),
                by,
            )
        body.convener_function = functions.get(CONVENER)
        body.convener_support_function = functions.get(SUPPORT)
        _save(body, by, fields=["convener_function", "convener_support_function"])


def seat_coordinator(*, agreement: Agreement, person: Person, by, on: date | None = None) -> None:
    """Seat the first coordinator in the convening function of both bodies, from the day
    the agreement starts (or today, if it has started): councils/roles.py then lets them
    convene, keep the rosters and the agreement's register data."""
    start = max(on or timezone.localdate(), agreement.valid_from)
    for body in agreement.bodies.select_related("convener_function"):
        if body.convener_function is not None:
            seat_assign(function=body.convener_function, person=person, valid_from=start, by=by)


def copy_rosters(*, old: Agreement, new: Agreement, parties: dict[int, AgreementParty], by) -> None:
    """Copy both bodies into the next period: cadence, chair, functions, convener, the
    seats held on the old agreement's last day with their substitutes (starting on the new
    agreement's first day) and the standing agenda items. Nothing of `old` is written."""
    seats = (
        Seat.objects.current(old.valid_to)
        .filter(function__body__agreement=old)
        .prefetch_related("substitutes")
        .order_by("function_id", "valid_from", "pk")
    )
    seats_of: dict[int, list[Seat]] = {}
    for seat in seats:
        seats_of.setdefault(seat.function_id, []).append(seat)
    standing = _standing_items(old)
    for body in old.bodies.all():
        copy = _save(
            Body(
                agreement=new,
                kind=body.kind,
                name=body.name,
                purpose=body.purpose,
                ordinary_meetings_per_year=body.ordinary_meetings_per_year,
                extended_meetings_per_year=body.extended_meetings_per_year,
                chair_party=parties.get(body.chair_party_id),
            ),
            by,
        )
        functions = {}
        for function in body.functions.all():
            functions[function.pk] = _save(
                Function(
                    body=copy,
                    party=parties[function.party_id],
                    title=function.title,
                    attendance=function.attendance,
                    is_group=function.is_group,
                    is_management_group=function.is_management_group,
                    note=function.note,
                    order=function.order,
                ),
                by,
            )
            for seat in seats_of.get(function.pk, []):
                new_seat = _save(
                    Seat(
                        function=functions[function.pk],
                        person_id=seat.person_id,
                        valid_from=new.valid_from,
                    ),
                    by,
                )
                for substitute in seat.substitutes.all():
                    _save(Substitute(seat=new_seat, person_id=substitute.person_id), by)
        copy.convener_function = functions.get(body.convener_function_id)
        copy.convener_support_function = functions.get(body.convener_support_function_id)
        _save(copy, by, fields=["convener_function", "convener_support_function"])
        for item in standing.get(body.pk, []):
            _save(item(copy), by)


def _standing_items(old: Agreement) -> dict[int, list]:
    """{body id: [make(new body) -> unsaved copy]} of the standing agenda items, copied
    field by field so that fields added to the model later come along."""
    try:
        model = apps.get_model("councils", "StandingAgendaItem")
    except LookupError:
        return {}
    fields = [
        f.attname for f in model._meta.concrete_fields if not f.primary_key and f.name != "body"
    ]
    result: dict[int, list] = {}
    for item in model.objects.filter(body__agreement=old).order_by("body_id", "order", "pk"):
        values = {name: getattr(item, name) for name in fields}
        result.setdefault(item.body_id, []).append(
            lambda body, values=values: model(body=body, **values)
        )
    return result


def register() -> None:
    """Plug into samverkan's lifecycle hooks (from CouncilsConfig.ready; idempotent)."""
    import sys

    from samverkan import lifecycle

    module = sys.modules[__name__]
    if module not in lifecycle.BODY_SETUP:
        lifecycle.BODY_SETUP.append(module)
    if copy_rosters not in lifecycle.RENEWAL_COPIES:
        lifecycle.RENEWAL_COPIES.append(copy_rosters)
