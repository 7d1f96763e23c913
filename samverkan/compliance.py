"""The compliance clock ("Efterlevnad"): what the agreement and the law require of an
agreement, and when, read on a day.

samverkan cannot import the apps built on it, so each app registers its checks from its
AppConfig.ready(), as it registers panels (samverkan/panels.py). A check takes
(agreement, today) and returns the Items it finds; each rule lives in one check (or in the
app's own clock module the check reads, such as situation/freshness.py), never in a
template or a view. `clock()` runs them all and returns plain data, so the agreement page's
panel, the Efterlevnad page, a start page and reminders read the same items.

A check reads what it needs in a query or two whatever the data size: the pages that show
the clock keep a fixed number of queries.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, TextChoices
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .models import Agreement, AnnexVersion

# Who reads the clock: the coordinator and the strategic council's members. The roster
# grants exactly them (councils/roles.py: every seat on the council, substitutes included,
# and whoever convenes a body) the right to the council's confidential material; members
# of the agreement without it (a signatory with no seat, the operative group's
# members) get 403.
READ_PERMISSION = "samverkan.view_confidential_situation"

LAW = "Lag (2023:196) om kommuners ansvar för brottsförebyggande arbete"


class Status(TextChoices):
    OK = "ok", gettext_lazy("I tid")
    SOON = "soon", gettext_lazy("Snart")
    OVERDUE = "overdue", gettext_lazy("Försenad")
    # Nothing the clock can run from yet (no lägesbild fully updated, no plan adopted).
    MISSING = "missing", gettext_lazy("Saknas")
    # Someone has to act, without a deadline (an annex version awaiting signatures).
    WAITING = "waiting", gettext_lazy("Väntar")
    INFO = "info", gettext_lazy("För kännedom")


# What needs someone: shown on the agreement page's panel, worst first.
ATTENTION = (Status.OVERDUE, Status.MISSING, Status.SOON, Status.WAITING)
_ORDER = {status: n for n, status in enumerate((*ATTENTION, Status.OK, Status.INFO))}


@dataclass(frozen=True)
class Item:
    """One line of the clock.

    `key` names it stably ("samverkan.validity", "councils.meetings.3.2026") so a reminder
    can tell it has already been sent; `day` is the date that drives the status and
    `days` its distance from the day the clock was read (negative: that many days ago).
    `url` is where one acts; a reader without `act_perm` (on `act_on`, default the
    agreement) is sent to `read_url` instead, when given."""

    key: str
    label: str
    status: str
    day: date | None
    days: int | None
    detail: str
    sources: tuple[str, ...]
    url: str
    link_label: str
    act_perm: str = ""
    act_on: object = None
    read_url: str = ""

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def needs_attention(self) -> bool:
        return self.status in ATTENTION

    @property
    def days_text(self) -> str:
        """The days as a reader says them: "om 34 dagar", "i dag", "för 3 dagar sedan"."""
        days = self.days
        if days is None:
            return ""
        if days == 0:
            return _("i dag")
        if days > 0:
            return ngettext("om %(n)s dag", "om %(n)s dagar", days) % {"n": days}
        return ngettext("för %(n)s dag sedan", "för %(n)s dagar sedan", -days) % {"n": -days}

    def link(self, rights) -> str:
        """Where this reader acts: `url` if they may, else `read_url` (or `url`)."""
        if not self.act_perm or not self.read_url:
            return self.url
        return self.url if rights.has(self.act_perm, self.act_on) else self.read_url


def item(*, today: date, day: date | None, **fields) -> Item:
    """An Item with `days` counted from `today`."""
    days = None if day is None else (day - today).days
    return Item(day=day, days=days, **fields)


def agreement_says(sentence: str) -> str:
    """A source quoting the agreement (its text is Swedish in every language)."""
    return _("Överenskommelsen: ”%(sentence)s”") % {"sentence": sentence}


# --- the registry -----------------------------------------------------------------------

Check = Callable[[Agreement, date], Iterable[Item]]
# [(position, check, always)]: `always` checks run on any day; the others only while the
# agreement runs (from its first to its last day, not terminated): before it the work has
# not begun, after it the successor's clock takes over.
_CHECKS: list[tuple[int, Check, bool]] = []


def register(position: int, check: Check, *, always: bool = False) -> None:
    """Add a check at `position` (lower runs first); registering it again does nothing."""
    if all(existing is not check for _position, existing, _always in _CHECKS):
        _CHECKS.append((position, check, always))
        _CHECKS.sort(key=lambda entry: entry[0])


def running(agreement: Agreement, today: date) -> bool:
    return agreement.status != Agreement.Status.TERMINATED and agreement.covers(today)


def clock(agreement: Agreement, today: date | None = None) -> list[Item]:
    """Every item of the agreement's clock on `today` (default today), worst first, then
    by date."""
    today = today or timezone.localdate()
    runs = running(agreement, today)
    items = [
        found
        for _position, check, always in _CHECKS
        if always or runs
        for found in check(agreement, today)
    ]
    # sorted() is stable: items of the same status and day keep the checks' order.
    return sorted(items, key=lambda i: (_ORDER[i.status], i.day or date.max))


def attention(items: Iterable[Item]) -> list[Item]:
    return [i for i in items if i.needs_attention]


# --- samverkan's own checks -------------------------------------------------------------


def validity_check(agreement: Agreement, today: date) -> list[Item]:
    """The agreement's period: "soon" from the day renewal opens (six months before the
    end, Agreement.renewal_opens_on) until its last day, "overdue" after it, unless a
    signed next period exists; "ok" before the renewal opens."""
    # The agreement's own sentence on its period, as its text states it.
    sentence = (
        f"Samverkansöverenskommelsen löper från och med {agreement.valid_from.isoformat()} "
        f"till och med {agreement.valid_to.isoformat()}."
    )
    fields = {
        "key": "samverkan.validity",
        "label": _("Överenskommelsens giltighetstid"),
        "sources": (agreement_says(sentence),),
        "url": reverse("samverkan:agreement_renew", args=[agreement.pk]),
        "link_label": _("Förnya överenskommelsen"),
        "act_perm": "samverkan.change_agreement",
        "read_url": reverse("samverkan:agreement", args=[agreement.pk]),
        "today": today,
        "day": agreement.valid_to,
    }
    if agreement.status == Agreement.Status.TERMINATED:
        return [item(status=Status.INFO, detail=_("Överenskommelsen är avslutad."), **fields)]
    if today < agreement.renewal_opens_on:
        detail = _("Gäller till och med %(end)s. Förnyelsen kan påbörjas från %(opens)s.") % {
            "end": agreement.valid_to.isoformat(),
            "opens": agreement.renewal_opens_on.isoformat(),
        }
        return [item(status=Status.OK, detail=detail, **fields)]
    successor = (
        Agreement.objects.filter(predecessor=agreement).values("pk", "title", "status").first()
    )
    if successor:
        # Renewal begun: the coordinator goes on with it in the next period's draft (the
        # renewal page starts a successor only once); the others, who may not see the
        # draft before it begins, keep the agreement's page.
        fields |= {"url": reverse("samverkan:agreement", args=[successor["pk"]])}
    if successor and successor["status"] == Agreement.Status.SIGNED:
        detail = _("Nästa period, %(title)s, är undertecknad.") % {"title": successor["title"]}
        return [item(status=Status.OK, detail=detail, **fields)]
    if today > agreement.valid_to:
        status = Status.OVERDUE
        detail = _("Överenskommelsen har upphört utan en undertecknad nästa period.")
    else:
        status = Status.SOON
        detail = _("Gäller till och med %(end)s och behöver förnyas.") % {
            "end": agreement.valid_to.isoformat()
        }
    if successor:
        detail += " " + _("Nästa period, %(title)s, är påbörjad men inte undertecknad.") % {
            "title": successor["title"]
        }
    return [item(status=status, detail=detail, **fields)]


# The agreement: an update of an annex is presented to the council for decision, dated,
# attached and signed by the parties.
ANNEX_SENTENCE = (
    "Vid eventuella uppdateringar av bilagorna skall dessa föredras strategiska rådet för "
    "beslut. Den uppdaterade bilagan ska dateras och tillfogas Samverkansöverenskommelsen "
    "samt undertecknas av parterna för att äga giltighet."
)


def annex_versions_check(agreement: Agreement, today: date) -> list[Item]:
    """Every version on its way (a draft, presented to the council, decided and awaiting
    signatures) is "waiting", aged from the day it reached its state (one query)."""
    versions = (
        agreement.document_versions.open()
        .select_related("annex")
        .annotate(
            signed=Count("signatures", distinct=True),
            parties=Count("agreement__parties", distinct=True),
        )
        .order_by("annex__number", "number")
    )
    State = AnnexVersion.State
    items = []
    for version in versions:
        if version.state == State.DECIDED:
            since = version.decided_on or timezone.localdate(version.created_at)
            detail = _(
                "Väntar på underskrifter: %(signed)s av %(parties)s parter har skrivit under."
            ) % {"signed": version.signed, "parties": version.parties}
        elif version.state == State.PRESENTED:
            since = timezone.localdate(version.presented_at or version.created_at)
            detail = _("Föredragen för strategiska rådet, väntar på beslut.")
        else:
            since = timezone.localdate(version.created_at)
            detail = (
                _("Utkast, ännu inte skickat för underskrift.")
                if version.annex_id is None
                else _("Utkast, ännu inte föredraget för strategiska rådet.")
            )
        items.append(
            item(
                key=f"samverkan.annex_version.{version.pk}.{version.state}",
                label=str(version),
                status=Status.WAITING,
                today=today,
                day=since,
                detail=detail,
                sources=(agreement_says(ANNEX_SENTENCE),),
                url=reverse("samverkan:version", args=[agreement.pk, version.pk]),
                link_label=_("Till versionen"),
            )
        )
    return items


# --- showing it -------------------------------------------------------------------------


def rows(items: Iterable[Item], rights) -> list[tuple[Item, str]]:
    """(item, the link for this reader) for a template."""
    return [(i, i.link(rights)) for i in items]


def compliance_panel(request, agreement):
    """The agreement page's panel (samverkan.panels): what is soon, overdue or waiting,
    with a link to the Efterlevnad page; only for those who read the clock."""
    if not request.rights.has(READ_PERMISSION):
        return None
    found = attention(clock(agreement))
    return ("samverkan/_compliance_panel.html", {"rows": rows(found, request.rights)})
