"""Seats on the rosters → django-guardian object permissions.

This is the only module that grants or revokes object permissions. Who may do
what is derived from data (seats, substitutes, conveners, signatories), never
from role names in views. `agreement_sync_permissions` recomputes the whole
set for one agreement; it runs whenever a roster or a signatory changes and
daily (`manage.py syncroles`) so that seats starting or ending take effect.
"""

from collections.abc import Iterator
from datetime import date

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from guardian.models import UserObjectPermission

from samverkan.models import Agreement, AgreementParty

from .models import Body, Seat, Substitute

# Every permission this module manages, per model. Permissions outside this
# table (granted by hand in the admin, say) are left alone.
MANAGED = {
    Agreement: (
        "view_agreement",
        "change_agreement",
        "view_situation",
        "view_confidential_situation",
        "manage_situation",
        "assess_situation",
        "manage_action_plan",
    ),
    Body: ("view_body", "convene_body", "manage_roster"),
    AgreementParty: (
        "sign_for_party",
        "submit_input_for_party",
        "report_weekly_for_party",
        "update_measures_for_party",
    ),
}


Grant = tuple[int, str, type, int]  # (user id, codename, model, object id)


# A seat's substitutes with their people, in one query rather than two.
_SUBSTITUTES = Prefetch("substitutes", queryset=Substitute.objects.select_related("person"))


class _Roster:
    """What the grant rules read of one agreement on one day, loaded once."""

    def __init__(self, agreement: Agreement, on: date):
        self.agreement = agreement
        # Once the agreement has ended its members keep reading it (the archive), but
        # nobody convenes, edits, signs or submits under it any more.
        # Terminated, or past its last day: members read it, nobody acts under it.
        self.acting = agreement.state(on) != Agreement.State.ENDED
        self.bodies = list(agreement.bodies.all())
        # The agreement's people directory: staff of the parties the coordinator has added.
        self.people = list(agreement.people.filter(user__is_active=True))
        self.parties = list(agreement.parties.all())
        self.seats = list(
            Seat.objects.current(on)
            .filter(function__body__agreement=agreement)
            .select_related("function__body", "person")
            .prefetch_related(_SUBSTITUTES)
        )
        # Before its first day an agreement (a renewal, a new municipality's) is being
        # prepared by whoever convenes it from that day.
        self.preparing = on < agreement.valid_from
        self.first_day_seats = (
            list(
                Seat.objects.current(agreement.valid_from)
                .filter(function__body__agreement=agreement)
                .select_related("function__body", "person")
                .prefetch_related(_SUBSTITUTES)
            )
            if self.preparing
            else []
        )

    def seat_holders(self):
        """(seat, user ids) for every current seat: a substitute may act for the holder at
        any time, so holds the same rights."""
        for seat in self.seats:
            users = {seat.person.user_id} | {s.person.user_id for s in seat.substitutes.all()}
            yield seat, users


def _conveners(roster: _Roster) -> Iterator[Grant]:
    """The convening function convenes its body and keeps its roster; on the council it
    is the municipality's contact point and keeps the agreement's register data too."""
    for seat, users in roster.seat_holders():
        body = seat.function.body
        if seat.function_id != body.convener_function_id:
            continue
        for user_id in users:
            yield (user_id, "convene_body", Body, body.pk)
            yield (user_id, "manage_roster", Body, body.pk)
            if body.kind == Body.Kind.STRATEGIC_COUNCIL:
                yield (user_id, "change_agreement", Agreement, roster.agreement.pk)


def _operative_members(roster: _Roster) -> Iterator[Grant]:
    """Operative group members bring current information from their party."""
    for seat, users in roster.seat_holders():
        if seat.function.body.kind == Body.Kind.OPERATIVE_GROUP:
            for user_id in users:
                yield (user_id, "submit_input_for_party", AgreementParty, seat.function.party_id)


def _situation_readers(roster: _Roster) -> Iterator[Grant]:
    """The members of both bodies read submitted situation input and the lägesbild; the
    strategic council and the coordinator (whoever convenes a body) read confidential
    input too. Reading lasts after the agreement has ended, as the agreement's does."""
    for seat, users in roster.seat_holders():
        body = seat.function.body
        convenes = seat.function_id == body.convener_function_id
        confidential = body.kind == Body.Kind.STRATEGIC_COUNCIL or convenes
        for user_id in users:
            yield (user_id, "view_situation", Agreement, roster.agreement.pk)
            if confidential:
                yield (user_id, "view_confidential_situation", Agreement, roster.agreement.pk)


def _situation_keepers(roster: _Roster) -> Iterator[Grant]:
    """The coordinator, who convenes the bodies, keeps the situation picture: areas and
    categories, requests for input, the safety survey, the lägesbild."""
    for seat, users in roster.seat_holders():
        body = seat.function.body
        if seat.function_id == body.convener_function_id:
            for user_id in users:
                yield (user_id, "manage_situation", Agreement, roster.agreement.pk)


def _plan_keepers(roster: _Roster) -> Iterator[Grant]:
    """The coordinator keeps the åtgärdsplan (its measures, follow-ups) and the
    medborgarlöften, and may update any measure's status."""
    for seat, users in roster.seat_holders():
        body = seat.function.body
        if seat.function_id == body.convener_function_id:
            for user_id in users:
                yield (user_id, "manage_action_plan", Agreement, roster.agreement.pk)


def _measure_updaters(roster: _Roster) -> Iterator[Grant]:
    """Whoever holds a seat for a party, on either body, reports the status of that party's
    measures in the plan (the responsible party answers for them)."""
    for seat, users in roster.seat_holders():
        for user_id in users:
            yield (user_id, "update_measures_for_party", AgreementParty, seat.function.party_id)


def _weekly_assessors(roster: _Roster) -> Iterator[Grant]:
    """The operative group meets weekly on the current situation (EST): its members set
    the shared risk level per area and decide quick actions."""
    for seat, users in roster.seat_holders():
        if seat.function.body.kind == Body.Kind.OPERATIVE_GROUP:
            for user_id in users:
                yield (user_id, "assess_situation", Agreement, roster.agreement.pk)


def _party_staff(roster: _Roster) -> Iterator[Grant]:
    """Anyone of a party in the agreement's people directory reports what they saw each
    week (the police on patrol, Laholmshem's caretakers), seat or not; from the
    agreement's first day, as seats do."""
    if roster.preparing:
        return
    parties = {party.party_id: party.pk for party in roster.parties}
    for person in roster.people:
        if person.party_id in parties:
            yield (
                person.user_id,
                "report_weekly_for_party",
                AgreementParty,
                parties[person.party_id],
            )


def _signatories(roster: _Roster) -> Iterator[Grant]:
    for party in roster.parties:
        if party.signatory_user_id:
            yield (party.signatory_user_id, "sign_for_party", AgreementParty, party.pk)


def _members(roster: _Roster) -> Iterator[Grant]:
    """Everyone on a roster or signing for a party reads the agreement and, the parties
    being equal, both rosters; this holds after the agreement has ended too."""
    users = set()
    for _seat, holders in roster.seat_holders():
        users |= holders
    users |= {p.signatory_user_id for p in roster.parties if p.signatory_user_id}
    for user_id in users:
        yield (user_id, "view_agreement", Agreement, roster.agreement.pk)
        for body in roster.bodies:
            yield (user_id, "view_body", Body, body.pk)


def _preparers(roster: _Roster) -> Iterator[Grant]:
    """Before the agreement starts, whoever is seated from its first day in a convening
    function prepares it: reads it, keeps both rosters and (on the council) its register
    data. Convening, submitting and every other seat's rights wait for its first day."""
    for seat in roster.first_day_seats:
        body = seat.function.body
        if seat.function_id != body.convener_function_id:
            continue
        users = {seat.person.user_id} | {s.person.user_id for s in seat.substitutes.all()}
        for user_id in users:
            yield (user_id, "view_agreement", Agreement, roster.agreement.pk)
            for each in roster.bodies:
                yield (user_id, "view_body", Body, each.pk)
            yield (user_id, "manage_roster", Body, body.pk)
            if body.kind == Body.Kind.STRATEGIC_COUNCIL:
                yield (user_id, "change_agreement", Agreement, roster.agreement.pk)


# Sources of rights to act: they lapse when the agreement ends. Reading does not.
ACTING_SOURCES = (
    _conveners,
    _operative_members,
    _signatories,
    _preparers,
    _situation_keepers,
    _weekly_assessors,
    _party_staff,
    _plan_keepers,
    _measure_updaters,
)
READING_SOURCES = (_members, _situation_readers)


def _grants(roster: _Roster) -> set[Grant]:
    sources = READING_SOURCES + (ACTING_SOURCES if roster.acting else ())
    return {grant for source in sources for grant in source(roster)}


def desired_grants(agreement: Agreement, on: date | None = None) -> set[Grant]:
    """Every grant the rosters entitle on the day: the union of each source's grants."""
    return _grants(_Roster(agreement, on or timezone.localdate()))


def _managed_permissions() -> dict[tuple[type, str], Permission]:
    """The managed permissions, read in one query (a sync runs on every roster change)."""
    models = {ContentType.objects.get_for_model(model).pk: model for model in MANAGED}
    codenames = {codename for names in MANAGED.values() for codename in names}
    result = {}
    for perm in Permission.objects.filter(content_type__in=models, codename__in=codenames):
        model = models[perm.content_type_id]
        if perm.codename in MANAGED[model]:
            result[(model, perm.codename)] = perm
    return result


@transaction.atomic
def agreement_sync_permissions(*, agreement: Agreement, on: date | None = None) -> None:
    """Make the guardian rows for this agreement's objects match the rosters exactly."""
    permissions = _managed_permissions()
    roster = _Roster(agreement, on or timezone.localdate())
    # The objects whose rows are managed: those the roster has just read.
    object_ids = {
        Agreement: [agreement.pk],
        Body: [body.pk for body in roster.bodies],
        AgreementParty: [party.pk for party in roster.parties],
    }
    wanted = {
        (user_id, permissions[(model, codename)].pk, str(object_id))
        for user_id, codename, model, object_id in _grants(roster)
    }
    # The rows there are, for all three models in one query.
    rows = Q()
    for model, ids in object_ids.items():
        if ids:
            rows |= Q(
                content_type=ContentType.objects.get_for_model(model),
                object_pk__in=[str(pk) for pk in ids],
                permission__in=[permissions[(model, c)] for c in MANAGED[model]],
            )
    existing = {
        (user_id, permission_id, object_pk): pk
        for pk, user_id, permission_id, object_pk in UserObjectPermission.objects.filter(
            rows
        ).values_list("pk", "user_id", "permission_id", "object_pk")
    }

    stale = [pk for key, pk in existing.items() if key not in wanted]
    _log_changes(
        agreement,
        permissions,
        added=wanted - existing.keys(),
        removed=[key for key in existing if key not in wanted],
    )
    if stale:
        UserObjectPermission.objects.filter(pk__in=stale).delete()
    content_types = {p.pk: p.content_type_id for p in permissions.values()}
    UserObjectPermission.objects.bulk_create(
        [
            UserObjectPermission(
                user_id=user_id,
                permission_id=permission_id,
                content_type_id=content_types[permission_id],
                object_pk=object_pk,
            )
            for user_id, permission_id, object_pk in wanted - existing.keys()
        ]
    )


def _log_changes(agreement, permissions, *, added, removed) -> None:
    """A line in the security log per user whose rights in the agreement change: which
    rights on which objects were granted and which were taken away."""
    if not added and not removed:
        return
    from samverkan import security

    names = {p.pk: f"{model._meta.model_name}.{name}" for (model, name), p in permissions.items()}
    by_user: dict[int, dict[str, list[str]]] = {}
    for change, keys in (("granted", added), ("revoked", removed)):
        for user_id, permission_id, object_pk in sorted(keys):
            rights = by_user.setdefault(user_id, {"granted": [], "revoked": []})
            rights[change].append(f"{names[permission_id]}:{object_pk}")
    lines = [
        {
            "agreement": agreement.pk,
            "user_id": user_id,
            "granted": ",".join(rights["granted"]) or "-",
            "revoked": ",".join(rights["revoked"]) or "-",
        }
        for user_id, rights in sorted(by_user.items())
    ]
    # Logged once the change is committed: a sync rolled back changed no one's rights.
    transaction.on_commit(lambda: [security.log("rights_changed", **line) for line in lines])


def sync_all(on: date | None = None) -> int:
    """Recompute every agreement; returns how many were synced."""
    count = 0
    for agreement in Agreement.objects.all():
        agreement_sync_permissions(agreement=agreement, on=on)
        count += 1
    return count
