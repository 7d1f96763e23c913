"""The start page's "Att göra": what needs the person now, across their agreements.

samverkan cannot import the apps built on it, so each registers from its AppConfig.ready()
the groups it contributes (councils: the next meetings and the party's assignments;
situation: requests for input; actionplan: measures awaiting a status update), as it
registers its checks on the compliance clock (samverkan/compliance.py). samverkan's own
group, versions awaiting the person's signature, is here.

A provider takes (user, scope) and returns the Items it finds. The Scope is read once per
page: the agreements the person is a member of and the parties they act for in them (their
guardian rights, granted by councils/roles.py), so a person sees only their own parties'
and bodies' items, and nothing of an agreement they are not in. Each provider runs a fixed
number of queries (at most one or two) whatever the data size, and none when the scope
gives it nothing to look for, so the start page keeps a constant number of queries.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Exists, F, OuterRef, TextChoices
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.models import UserObjectPermission

from .models import Agreement, AnnexVersion, Signature


class Urgency(TextChoices):
    OVERDUE = "overdue", gettext_lazy("Försenad")
    SOON = "soon", gettext_lazy("Snart")
    # Someone waits for the person (a version all parties are to sign).
    WAITING = "waiting", gettext_lazy("Väntar på dig")


@dataclass(frozen=True)
class Item:
    """One line of "Att göra".

    `title` is the link's text and `url` where the person acts; `date` (a date, or a
    datetime for a meeting) is shown after `date_label` ("senast", say); `detail` adds a
    few words (the party, the status)."""

    kind: str
    title: str
    date: date | datetime | None
    url: str
    agreement: Agreement
    # An Urgency, or "" for nothing pressing (a meeting next month).
    urgency: str = ""
    date_label: str = ""
    detail: str = ""

    @property
    def has_time(self) -> bool:
        return isinstance(self.date, datetime)

    @property
    def urgency_label(self) -> str:
        return Urgency(self.urgency).label if self.urgency else ""

    @property
    def is_overdue(self) -> bool:
        return self.urgency == Urgency.OVERDUE


@dataclass(frozen=True)
class Scope:
    """What the providers may look in, read once per page (one query): the agreements the
    user is a member of (view_agreement on the agreement) and, per party permission
    codename, the parties the user holds it on (each provider narrows them to those
    agreements in its query). Only the user's own rows count: an installation
    administrator (a superuser) is in no agreement by being one."""

    now: datetime
    agreements: dict[int, Agreement]
    party_rights: dict[str, frozenset[int]] = field(default_factory=dict)

    @property
    def today(self) -> date:
        return timezone.localdate(self.now)

    @property
    def agreement_ids(self) -> list[int]:
        return list(self.agreements)

    def parties(self, codename: str | None = None) -> frozenset[int]:
        """The parties the user holds `codename` ("sign_for_party" or
        "samverkan.sign_for_party") on, or any party permission if None: those the user
        acts for. Empty: the provider has nothing to look for."""
        if codename is not None:
            return self.party_rights.get(codename.rsplit(".", 1)[-1], frozenset())
        return frozenset().union(*self.party_rights.values())


def scope_for(user, agreements: Iterable[Agreement], now: datetime | None = None) -> Scope:
    """The scope of `user` among `agreements` (those the page lists): one query."""
    now = now or timezone.now()
    listed = {agreement.pk: agreement for agreement in agreements}
    if not (user.is_authenticated and user.is_active) or not listed:
        return Scope(now=now, agreements={})
    rows = UserObjectPermission.objects.filter(
        user=user,
        permission__content_type__app_label="samverkan",
        permission__content_type__model__in=("agreement", "agreementparty"),
    ).values_list("permission__content_type__model", "permission__codename", "object_pk")
    member_of: set[int] = set()
    party_rights: dict[str, set[int]] = {}
    for model, codename, object_pk in rows:
        if model == "agreement" and codename == "view_agreement":
            member_of.add(int(object_pk))
        elif model == "agreementparty":
            party_rights.setdefault(codename, set()).add(int(object_pk))
    return Scope(
        now=now,
        agreements={pk: agreement for pk, agreement in listed.items() if pk in member_of},
        # The parties are narrowed to the member agreements by each provider's query
        # (agreement_id in scope.agreement_ids): a right alone shows nothing.
        party_rights={codename: frozenset(pks) for codename, pks in party_rights.items()},
    )


# --- the registry -----------------------------------------------------------------------

Provider = Callable[[object, Scope], list[Item]]


@dataclass(frozen=True)
class Group:
    """A group of the start page: its heading and the provider of its items."""

    kind: str
    heading: str
    provider: Provider


@dataclass(frozen=True)
class Found:
    """A group as the page shows it: the heading, an id for it, its items."""

    kind: str
    heading: str
    items: list[Item]

    @property
    def anchor(self) -> str:
        return f"att-gora-{self.kind}"


# [(position, group)], lowest first.
_GROUPS: list[tuple[int, Group]] = []


def register(position: int, kind: str, heading: str, provider: Provider) -> None:
    """Add a group at `position` (lower shows first); registering a kind again does
    nothing."""
    if all(group.kind != kind for _position, group in _GROUPS):
        _GROUPS.append((position, Group(kind=kind, heading=heading, provider=provider)))
        _GROUPS.sort(key=lambda entry: entry[0])


def needs(user, agreements: Iterable[Agreement], now: datetime | None = None) -> list[Found]:
    """The groups with something for `user` in `agreements` (those they see), in order;
    empty when nothing needs them."""
    scope = scope_for(user, agreements, now)
    if not scope.agreements:
        return []
    found = []
    for _position, group in _GROUPS:
        items = group.provider(user, scope)
        if items:
            found.append(Found(kind=group.kind, heading=str(group.heading), items=items))
    return found


# --- samverkan's own: versions awaiting the person's signature --------------------------


def signature_items(user, scope: Scope) -> list[Item]:
    """Versions decided and awaiting the signature of a party the user is the confirmed
    signatory of (AgreementParty.signatory_user, with the right to sign it holds), that
    party not having signed yet; one line per version and party, oldest decision first
    (one query)."""
    parties = scope.parties("sign_for_party")
    if not parties:
        return []
    # One row per version and party: the join on the agreement's parties is filtered to
    # the user's, and the party read from the same join.
    signed = Signature.objects.filter(version=OuterRef("pk"), party=OuterRef("party_pk"))
    versions = (
        AnnexVersion.objects.filter(
            state=AnnexVersion.State.DECIDED,
            agreement_id__in=scope.agreement_ids,
            agreement__parties__pk__in=parties,
            agreement__parties__signatory_user=user,
        )
        .annotate(
            party_pk=F("agreement__parties__pk"),
            party_name=F("agreement__parties__short_name"),
        )
        .filter(~Exists(signed))
        .select_related("annex")
        .order_by("decided_on", "created_at", "pk", "party_pk")
    )
    return [
        Item(
            kind="signatures",
            title=str(version),
            date=version.decided_on,
            date_label=_("beslutad"),
            url=reverse("samverkan:version_sign", args=[version.agreement_id, version.pk]),
            agreement=scope.agreements[version.agreement_id],
            urgency=Urgency.WAITING,
            detail=_("Underteckna för %(party)s") % {"party": version.party_name},
        )
        for version in versions
    ]


register(30, "signatures", gettext_lazy("Väntar på din underskrift"), signature_items)
