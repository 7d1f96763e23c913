"""An agreement's lifecycle: the installation's administrators, a new municipality's
agreement set up in one go (what the wizard saves), renewal to the next period, and the
reads the pages need about where an agreement stands.

samverkan cannot import the apps above it, so what they add (the bodies a new agreement
starts with, the rosters a renewal copies) comes through the hooks at the top, which they
register from their AppConfig.ready(), as services.AGREEMENT_PERIOD_CHECKS is.
"""

import re
from collections.abc import Callable
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import BooleanField, CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from .demo import laholm as clause_template
from .models import Agreement, AgreementParty, Annex, Clause, Party, add_months
from .services import _save, address_refused, event_log, person_directory_add, person_invite
from .signatories import signatory_carry_over
from .validators import normalize_organisation_number

# --- hooks -----------------------------------------------------------------------------

# copy(*, old, new, parties, by): copies the app's rows of `old` into its successor `new`;
# `parties` maps each of old's AgreementParty ids to its copy in new.
RENEWAL_COPIES: list[Callable] = []
# The provider of the bodies a new agreement starts with (councils.services.lifecycle): it
# has specs(), check(*, bodies, parties), create(*, agreement, bodies, parties, by) and
# seat_coordinator(*, agreement, person, by, on). At most one.
BODY_SETUP: list = []


def body_setup():
    """The registered provider of bodies, or None in an installation without councils."""
    return BODY_SETUP[0] if BODY_SETUP else None


# --- installation administrators ------------------------------------------------------

# A Django group holding the model permission to add agreements: no object permission, so
# membership of an agreement (councils/roles.py) is untouched by it.
INSTALLATION_ADMINS = "Installationsadministratörer"
ADMIN_PERMISSION = "add_agreement"


def is_installation_admin(user) -> bool:
    """May create agreements and invite their first coordinators (one query)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return (
        Permission.objects.filter(
            Q(user=user) | Q(group__user=user),
            content_type__app_label="samverkan",
            codename=ADMIN_PERMISSION,
        )
        .values("pk")
        .exists()
    )


def _admin_group() -> Group:
    group, _created = Group.objects.get_or_create(name=INSTALLATION_ADMINS)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="samverkan", codename=ADMIN_PERMISSION)
    )
    return group


@transaction.atomic
def installation_admin_grant(*, user) -> bool:
    """Make the user an installation administrator; False if they already were."""
    group = _admin_group()
    if user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.add(group)
    return True


@transaction.atomic
def installation_admin_revoke(*, user) -> bool:
    """Take the role away; False if the user did not have it."""
    group = Group.objects.filter(name=INSTALLATION_ADMINS).first()
    if group is None or not user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.remove(group)
    return True


# --- where an agreement stands ----------------------------------------------------------


def neighbours(agreement: Agreement, user) -> dict:
    """The previous and next period of `agreement` and which of them the user may open,
    in one query: {"predecessor": a or None, "successor": a or None, "visible": {pk, …}}."""
    from guardian.models import GroupObjectPermission, UserObjectPermission

    found = Agreement.objects.filter(Q(pk=agreement.predecessor_id) | Q(predecessor=agreement.pk))
    if user.is_active and not user.is_superuser:
        granted = {
            "permission__codename": "view_agreement",
            "permission__content_type__app_label": "samverkan",
            "object_pk": Cast(OuterRef("pk"), CharField()),
        }
        found = found.annotate(
            may_view=Exists(UserObjectPermission.objects.filter(user=user.pk, **granted))
            | Exists(GroupObjectPermission.objects.filter(group__user=user.pk, **granted))
        )
    else:
        found = found.annotate(may_view=Value(user.is_active, output_field=BooleanField()))
    found = list(found)
    return {
        "predecessor": next((a for a in found if a.pk == agreement.predecessor_id), None),
        "successor": next((a for a in found if a.predecessor_id == agreement.pk), None),
        "visible": {a.pk for a in found if a.may_view},
    }


# --- checks shared by the wizard's steps and the services --------------------------------

# The fields of one party as the wizard collects them.
PARTY_FIELDS = (
    "kind",
    "organisation_number",
    "name",
    "address",
    "short_name",
    "party_description",
    "signatory_name",
    "signatory_title",
)


def parties_check(*, parties: list[dict], positions: list[int] | None = None) -> list[dict]:
    """Check the parties of a new agreement, the municipality first; return them with the
    number normalised and `existing` set to the organisation already in the installation
    (reused as it is, never rewritten). Errors are keyed "<position>-<field>", the
    position counted from 1 or taken from `positions` (the form's row numbers)."""
    errors: dict[str, list[str]] = {}
    positions = positions or list(range(1, len(parties) + 1))

    def refuse(position: int, field: str, message: str) -> None:
        errors.setdefault(f"{position}-{field}", []).append(message)

    numbers = []
    for party in parties:
        try:
            numbers.append(normalize_organisation_number(party["organisation_number"]))
        except ValidationError:
            numbers.append(None)
    known = {
        p.organisation_number: p for p in Party.objects.filter(organisation_number__in=numbers)
    }
    checked, seen_numbers, seen_names = [], {}, {}
    firsts = [n == 0 for n in range(len(parties))]
    for first, position, party, number in zip(firsts, positions, parties, numbers, strict=True):
        party = {field: party.get(field) or "" for field in PARTY_FIELDS}
        if first:
            party["kind"] = Party.Kind.MUNICIPALITY
        if number is None:
            try:
                normalize_organisation_number(party["organisation_number"])
            except ValidationError as exc:
                for message in exc.messages:
                    refuse(position, "organisation_number", message)
        elif number in seen_numbers:
            refuse(
                position,
                "organisation_number",
                _("Organisationen är redan part (part %(position)s).")
                % {"position": seen_numbers[number]},
            )
        else:
            seen_numbers[number] = position
        existing = known.get(number)
        if first and existing is not None and existing.kind != Party.Kind.MUNICIPALITY:
            refuse(
                position,
                "organisation_number",
                _("%(name)s finns redan i installationen och är inte en kommun.")
                % {"name": existing.name},
            )
        if not first and existing is None and party["kind"] == Party.Kind.MUNICIPALITY:
            refuse(position, "kind", _("Överenskommelsen har en kommun: den första parten."))
        if existing is None and not party["name"].strip():
            refuse(position, "name", _("Ange organisationens namn."))
        if existing is None and party["kind"] not in Party.Kind.values:
            refuse(position, "kind", _("Välj vilken typ av organisation det är."))
        short_name = party["short_name"].strip()
        if not short_name:
            refuse(position, "short_name", _("Ange ett kortnamn, till exempel ”Polisen”."))
        elif short_name.casefold() in seen_names:
            refuse(
                position,
                "short_name",
                _("Kortnamnet används redan av part %(position)s.")
                % {"position": seen_names[short_name.casefold()]},
            )
        else:
            seen_names[short_name.casefold()] = position
        party["organisation_number"] = number or party["organisation_number"]
        party["existing"] = existing
        checked.append(party)
    if not checked:
        errors["1-organisation_number"] = [_("Ange kommunens organisationsnummer.")]
    if errors:
        raise ValidationError(errors)
    return checked


def period_check(
    *,
    municipality: str,
    municipality_number: str = "",
    valid_from: date,
    valid_to: date,
    exclude: Agreement | None = None,
) -> None:
    """Refuse a period that ends before it starts or overlaps another agreement of the same
    municipality (found by its name or its organisation number), drafts included."""
    if valid_to < valid_from:
        raise ValidationError(
            {
                "valid_to": _("Överenskommelsen kan inte sluta före den börjar (%(start)s).")
                % {"start": valid_from.isoformat()}
            }
        )
    same = Q(municipality__iexact=municipality.strip())
    if municipality_number:
        same |= Q(
            parties__party__organisation_number=municipality_number,
            parties__party__kind=Party.Kind.MUNICIPALITY,
        )
    overlapping = (
        Agreement.objects.filter(same, valid_from__lte=valid_to, valid_to__gte=valid_from)
        .exclude(status=Agreement.Status.TERMINATED)
        .exclude(pk=exclude.pk if exclude else None)
        .order_by("valid_from")
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            {
                "valid_from": _(
                    "Perioden överlappar %(title)s (%(start)s–%(end)s), som %(municipality)s "
                    "redan har. Välj en period som börjar efter den."
                )
                % {
                    "title": overlapping.title,
                    "start": overlapping.valid_from.isoformat(),
                    "end": overlapping.valid_to.isoformat(),
                    "municipality": overlapping.municipality,
                }
            }
        )


def coordinator_check(*, coordinator: dict, party: Party | None, party_name: str) -> None:
    """The first coordinator: a name and an address that can be theirs at the municipality
    (one in use at another organisation is refused without saying so)."""
    errors = {}
    for field, message in (
        ("first_name", _("Ange förnamn.")),
        ("last_name", _("Ange efternamn.")),
    ):
        if not (coordinator.get(field) or "").strip():
            errors[field] = message
    email = (coordinator.get("email") or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Ange en giltig e-postadress.")
    else:
        existing = (
            get_user_model().objects.filter(email__iexact=email).select_related("person").first()
        )
        person = getattr(existing, "person", None) if existing else None
        if existing is not None and (
            party is None or person is None or person.party_id != party.pk
        ):
            errors["email"] = address_refused(party or Party(name=party_name))
    if errors:
        raise ValidationError(errors)


# --- the agreement's text ------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^\d{1,3}$")
_BULLET = re.compile(r"^[•●▪◦‣–]\s*")


def _is_heading(line: str) -> bool:
    """A line in capitals (SYFTE OCH MÅL), not a list item."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and line == line.upper() and not line.startswith("- ")


def split_clauses(text: str) -> list[tuple[str, str]]:
    """Split a pasted agreement into (heading, text) on its headings in capitals; a heading
    with no text under it (the document's title) is left out. Raises on the field "text"."""
    clauses: list[tuple[str, list[str]]] = []
    before = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if _PAGE_NUMBER.match(line):
            continue
        if _is_heading(line):
            clauses.append((line, []))
            continue
        line = _BULLET.sub("- ", line)
        if clauses:
            clauses[-1][1].append(line)
        elif line:
            before.append(line)
    if not clauses:
        raise ValidationError(
            {
                "text": _(
                    "Texten har inga rubriker. Skriv varje avsnitts rubrik på en egen rad med "
                    "versaler, till exempel SYFTE OCH MÅL."
                )
            }
        )
    if before:
        raise ValidationError(
            {
                "text": _(
                    "Texten måste börja med en rubrik i versaler, till exempel BAKGRUND. "
                    "Första raden utan rubrik: ”%(line)s”."
                )
                % {"line": before[0][:80]}
            }
        )
    result = []
    for heading, lines in clauses:
        body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
        if body:
            result.append((heading.capitalize()[:200], body))
    return result


_NUMBERS = {
    1: "en",
    2: "två",
    3: "tre",
    4: "fyra",
    5: "fem",
    6: "sex",
    7: "sju",
    8: "åtta",
    9: "nio",
    10: "tio",
    11: "elva",
    12: "tolv",
}


def _times_a_year(count: int) -> str:
    if count == 1:
        return "en gång per år"
    return f"{_NUMBERS.get(count, count)} gånger per år"


def template_clauses(
    *,
    municipality: str,
    parties: list[dict],
    annexes: list[str],
    valid_from: date,
    valid_to: date,
    bodies: dict,
) -> list[tuple[str, str]]:
    """The Laholm agreement's clauses as a template for another municipality: its headings
    and text, with this agreement's municipality, parties, annexes, period, cadence and
    chair put in. Bodies are keyed "strategic" and "operative", as councils sets them up."""
    laholm = clause_template.AGREEMENT["municipality"]
    short = {n: p["short_name"] for n, p in enumerate(parties, start=1)}
    words = [
        (laholm, municipality),
        ("Laholmshems VD", "Bostadsbolagets VD"),
        ("relevant koppling till Laholm", "relevant koppling till kommunen"),
    ]
    cadence = {
        "Strategiskt råd": ("fyra gånger per år", bodies.get("strategic")),
        "Operativ samverkansgrupp": ("sex gånger per år", bodies.get("operative")),
    }
    result = []
    for heading, body in clause_template.CLAUSES:
        if heading == "Parter":
            lines = [
                f"- {p['party_description'] or p['name']}, organisationsnummer "
                f"{p['organisation_number']}{', ' + p['address'] if p['address'] else ''}. "
                f"”{p['short_name']}”."
                for p in parties
            ]
            body = "\n".join(lines) + "\n\n" + body.split("\n\n", 1)[1]
        elif heading == "Bilagor till samverkansöverenskommelsen":
            body = body.split("\n\n", 1)[0] + "\n\n"
            body += "\n".join(f"{n}. {title}." for n, title in enumerate(annexes, start=1))
        elif heading == "Samverkansöverenskommelsens giltighetstid":
            body = (
                f"Samverkansöverenskommelsen löper från och med {valid_from.isoformat()} "
                f"till och med {valid_to.isoformat()}."
            )
        if heading in cadence and cadence[heading][1]:
            said, setup = cadence[heading]
            body = body.replace(said, _times_a_year(setup["ordinary_meetings_per_year"]))
            extended = setup.get("extended_meetings_per_year") or 0
            if extended:
                body = body.replace(
                    "vid två av mötena", f"vid {_NUMBERS.get(extended, extended)} av mötena"
                )
            chair = short.get(setup.get("chair"))
            if chair:
                body = body.replace(
                    "Kommunen äger ordförandeskapet.", f"{chair} äger ordförandeskapet."
                )
        for old, new in words:
            body = body.replace(old, new)
        result.append((heading, body))
    return result


# The three annexes of every agreement, in order (the seed's Bilagor 1–3).
ANNEX_KINDS = (
    Annex.Kind.SITUATION_PICTURE,
    Annex.Kind.CITIZEN_PROMISE,
    Annex.Kind.ACTION_PLAN,
)


def annex_defaults(valid_from: date | None) -> list[str]:
    year = valid_from.year if valid_from else timezone.localdate().year
    return [
        str(Annex.Kind.SITUATION_PICTURE.label),
        f"{Annex.Kind.CITIZEN_PROMISE.label} {year}",
        str(Annex.Kind.ACTION_PLAN.label),
    ]


def annexes_check(*, annexes: list[str]) -> None:
    errors = {
        f"annex_{n}": _("Ange bilagans titel.")
        for n, title in enumerate(annexes, start=1)
        if not title.strip()
    }
    if errors:
        raise ValidationError(errors)


def bodies_check(*, bodies: dict, parties: list[dict]) -> None:
    setup = body_setup()
    if setup is not None:
        setup.check(bodies=bodies, parties=parties)


# --- a new agreement ------------------------------------------------------------------


def default_period(on: date | None = None) -> tuple[date, date]:
    """Three years from the next New Year's Day."""
    on = on or timezone.localdate()
    start = date(on.year + 1, 1, 1)
    return start, add_months(start, 36) - timedelta(days=1)


def default_title(valid_from: date, valid_to: date) -> str:
    return f"Samverkansöverenskommelse {valid_from.year}–{valid_to.year}"


@transaction.atomic
def agreement_create(
    *,
    by,
    parties: list[dict],
    title: str,
    valid_from: date,
    valid_to: date,
    signed_place: str = "",
    signed_on: date | None = None,
    clauses_from: str = "template",
    text: str = "",
    annexes: list[str],
    bodies: dict,
    coordinator: dict,
    login_url: str,
) -> Agreement:
    """Set up a municipality's agreement in one go: parties (an organisation already in the
    installation is reused as it is), text, the three annexes, both bodies with functions
    from a template, and the first coordinator, invited by e-mail and seated as convener of
    both bodies. Nothing is saved unless all of it is valid."""
    checked = parties_check(parties=parties)
    municipality = checked[0]
    municipality_name = (
        municipality["existing"].name if municipality["existing"] else municipality["name"]
    ).strip()
    if not title.strip():
        raise ValidationError({"title": _("Ange överenskommelsens titel.")})
    period_check(
        municipality=municipality_name,
        municipality_number=municipality["organisation_number"],
        valid_from=valid_from,
        valid_to=valid_to,
    )
    annexes_check(annexes=annexes)
    bodies_check(bodies=bodies, parties=checked)
    if clauses_from == "text":
        clauses = split_clauses(text)
    else:
        clauses = template_clauses(
            municipality=municipality_name,
            parties=[
                p | {"name": p["existing"].name if p["existing"] else p["name"]} for p in checked
            ],
            annexes=annexes,
            valid_from=valid_from,
            valid_to=valid_to,
            bodies=bodies,
        )
    coordinator_check(
        coordinator=coordinator, party=municipality["existing"], party_name=municipality_name
    )

    agreement = _save(
        Agreement(
            title=title.strip(),
            municipality=municipality_name,
            valid_from=valid_from,
            valid_to=valid_to,
            signed_place=signed_place.strip(),
            signed_on=signed_on,
            status=Agreement.Status.SIGNED if signed_on else Agreement.Status.DRAFT,
        ),
        by,
    )
    agreement_parties = []
    for order, party in enumerate(checked, start=1):
        organisation = party["existing"]
        if organisation is None:
            organisation = Party(
                name=party["name"].strip(),
                organisation_number=party["organisation_number"],
                address=party["address"].strip(),
                kind=party["kind"],
            )
            # Its creation belongs to this agreement's history, not every later one's.
            organisation._history_agreement = agreement
            _save(organisation, by)
        agreement_parties.append(
            _save(
                AgreementParty(
                    agreement=agreement,
                    party=organisation,
                    short_name=party["short_name"].strip(),
                    party_description=party["party_description"].strip(),
                    order=order,
                    signatory_name=party["signatory_name"].strip(),
                    signatory_title=party["signatory_title"].strip(),
                ),
                by,
            )
        )
    for order, (heading, body) in enumerate(clauses, start=1):
        _save(Clause(agreement=agreement, order=order, heading=heading, body=body), by)
    for number, (title_of_annex, kind) in enumerate(zip(annexes, ANNEX_KINDS, strict=True), 1):
        _save(
            Annex(agreement=agreement, number=number, title=title_of_annex.strip(), kind=kind), by
        )
    event_log(
        agreement=agreement,
        actor=by,
        action="samverkan.agreement.created",
        obj=agreement,
        data={"title": agreement.title, "parties": [ap.short_name for ap in agreement_parties]},
    )
    setup = body_setup()
    if setup is not None:
        setup.create(agreement=agreement, bodies=bodies, parties=agreement_parties, by=by)
    person = person_invite(
        agreement=agreement,
        first_name=coordinator["first_name"].strip(),
        last_name=coordinator["last_name"].strip(),
        email=coordinator["email"],
        title=(coordinator.get("title") or "").strip(),
        agreement_party=agreement_parties[0],
        by=by,
        login_url=login_url,
        ask_existing=False,  # the installation administrator sees every account
    )
    if setup is not None:
        setup.seat_coordinator(agreement=agreement, person=person, by=by)
    return agreement


# --- renewal --------------------------------------------------------------------------


def renewal_defaults(agreement: Agreement) -> dict:
    """The next period: three years from the day after the end, titled with its years."""
    valid_from = agreement.valid_to + timedelta(days=1)
    valid_to = add_months(valid_from, 36) - timedelta(days=1)
    old_years = f"{agreement.valid_from.year}–{agreement.valid_to.year}"
    new_years = f"{valid_from.year}–{valid_to.year}"
    title = agreement.title.replace(old_years, new_years).replace(
        old_years.replace("–", "-"), new_years.replace("–", "-")
    )
    if title == agreement.title:
        title = f"{agreement.title} {new_years}"
    return {"title": title, "valid_from": valid_from, "valid_to": valid_to}


def renewal_refusal(agreement: Agreement, on: date | None = None) -> str:
    """Why the agreement cannot be renewed on the day, or "" if it can."""
    on = on or timezone.localdate()
    successor = Agreement.objects.filter(predecessor=agreement).first()
    if successor is not None:
        return _("Överenskommelsen har redan en nästa period: %(title)s.") % {
            "title": successor.title
        }
    if agreement.state(on) == Agreement.State.ENDED:
        return _("Överenskommelsen har upphört och kan inte förnyas.")
    if on < agreement.renewal_opens_on:
        return _("Förnyelsen kan påbörjas från och med %(date)s, sex månader före slutet.") % {
            "date": agreement.renewal_opens_on.isoformat()
        }
    return ""


def _renewed_text(text: str, replacements: list[tuple[str, str]]) -> str:
    for old, new in replacements:
        if old and old != new:
            text = text.replace(old, new)
    return text


def _renewed_annex_title(title: str, old: Agreement, valid_from: date, valid_to: date) -> str:
    """A year of the old period in an annex's title becomes the new one's (Medborgarlöfte
    2024 → Medborgarlöfte 2027)."""
    years = {
        str(old.valid_from.year): str(valid_from.year),
        str(old.valid_to.year): str(valid_to.year),
    }
    return re.sub(r"\b(\d{4})\b", lambda m: years.get(m.group(1), m.group(1)), title)


@transaction.atomic
def agreement_renew(
    *,
    agreement: Agreement,
    by,
    title: str | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
    on: date | None = None,
) -> Agreement:
    """Start the next period of an agreement as a draft: its parties, clauses (with the
    period's dates and the annexes' years brought up to date), annexes and, through the
    hooks, bodies, functions, current seats and substitutes. Nothing of the agreement
    itself changes; the two are linked as previous and next period."""
    old = Agreement.objects.select_for_update().get(pk=agreement.pk)
    refusal = renewal_refusal(old, on)
    if refusal:
        raise ValidationError(refusal)
    defaults = renewal_defaults(old)
    title = (title or defaults["title"]).strip()
    valid_from = valid_from or defaults["valid_from"]
    valid_to = valid_to or defaults["valid_to"]
    municipality = old.parties.filter(party__kind=Party.Kind.MUNICIPALITY).select_related("party")
    municipality = municipality.first()
    period_check(
        municipality=old.municipality,
        municipality_number=municipality.party.organisation_number if municipality else "",
        valid_from=valid_from,
        valid_to=valid_to,
    )
    new = _save(
        Agreement(
            title=title,
            municipality=old.municipality,
            valid_from=valid_from,
            valid_to=valid_to,
            status=Agreement.Status.DRAFT,
            predecessor=old,
        ),
        by,
    )
    parties = {}
    for ap in old.parties.all():
        parties[ap.pk] = _save(
            AgreementParty(
                agreement=new,
                party_id=ap.party_id,
                short_name=ap.short_name,
                party_description=ap.party_description,
                order=ap.order,
                signatory_name=ap.signatory_name,
                signatory_title=ap.signatory_title,
                signatory_user_id=ap.signatory_user_id,
            ),
            by,
        )
        # The same confirmed signatory, their confirmation carried over (its history row
        # says from which period): the renewal's parties need not confirm them again.
        signatory_carry_over(old=ap, new=parties[ap.pk], by=by)
    replacements = [
        (old.valid_from.isoformat(), valid_from.isoformat()),
        (old.valid_to.isoformat(), valid_to.isoformat()),
        (
            f"{old.valid_from.year}–{old.valid_to.year}",
            f"{valid_from.year}–{valid_to.year}",
        ),
    ]
    for annex in old.annexes.all():
        renewed = _renewed_annex_title(annex.title, old, valid_from, valid_to)
        replacements.append((annex.title, renewed))
        _save(Annex(agreement=new, number=annex.number, title=renewed, kind=annex.kind), by)
    for clause in old.clauses.all():
        _save(
            Clause(
                agreement=new,
                order=clause.order,
                heading=_renewed_text(clause.heading, replacements),
                body=_renewed_text(clause.body, replacements),
            ),
            by,
        )
    for person in old.people.all():
        person_directory_add(person=person, agreement=new, by=by)
    for copy in RENEWAL_COPIES:
        copy(old=old, new=new, parties=parties, by=by)
    event_log(
        agreement=new,
        actor=by,
        action="samverkan.agreement.renewed",
        obj=new,
        data={"title": new.title, "predecessor": old.title},
    )
    return new
