"""Reminder e-mails: `python manage.py send_reminders`, run daily from cron.

samverkan cannot import the apps built on it, so each app says what it reminds of in its
own `reminders` module (councils/reminders.py: meetings in 7 days and tomorrow, overdue
assignments; situation/reminders.py: requests for input due in 3 days), found with
`autodiscover_modules("reminders")` when reminders are sent, and registered there with
`register()`. samverkan's own providers are here: versions awaiting a party's signature
for 3 days and the compliance clock's lines turning "soon" or "overdue".

A provider takes the day and yields Reminders, each with a key naming what it reminds of
and when ("meeting:42:2025-03-19:7d:user:5"). The engine sends each key once: a
SentReminder with the key (unique) is written in the same transaction as the message in
the outbox (samverkan.mail, the path the meeting invitations take: recorded, sent by a
task after the commit, retried by `sendqueued`), so a second run, the next day's run or a
run on another server at the same time sends nothing again. Whoever has switched reminder
e-mails off (AccountPreferences, "Påminnelser" under the account) gets none.

Each provider reads the day's objects and their people in a few queries, however many
there are (the compliance provider reads each agreement's clock); the engine adds two
reads per run and a few queries per e-mail it records.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from guardian.models import UserObjectPermission

from . import compliance
from .mail import message_queue
from .models import (
    AccountPreferences,
    Agreement,
    AgreementParty,
    AnnexVersion,
    SentReminder,
    Signature,
)
from .services import _save

TEMPLATES = "samverkan/email/reminders/"


@dataclass(frozen=True)
class Reminder:
    """One reminder e-mail to one user.

    `key` is unique for what it reminds of and when, and includes the user; `kind` names
    the template (samverkan/email/reminders/<kind>.txt) and the outbox message's kind;
    `url` is the path of the page where the user acts. Reminders of one user with the same
    `topic` ("<agreement>:councils.assignment.7", the compliance clock's item key where
    the clock lists the same thing) go out as one e-mail, the first provider's."""

    key: str
    user: object
    kind: str
    subject: str
    url: str
    agreement: Agreement | None = None
    context: dict = field(default_factory=dict)
    topic: str = ""


Provider = Callable[[date], Iterable[Reminder]]

# [(position, kind, provider)], lowest first: where two reminders share a topic, the
# lower position's is sent.
_PROVIDERS: list[tuple[int, str, Provider]] = []


def register(position: int, kind: str, provider: Provider) -> None:
    """Add a provider at `position`; registering a kind again does nothing."""
    if all(existing != kind for _position, existing, _provider in _PROVIDERS):
        _PROVIDERS.append((position, kind, provider))
        _PROVIDERS.sort(key=lambda entry: entry[0])


def discover() -> None:
    """Import every app's `reminders` module, which registers its providers."""
    autodiscover_modules("reminders")


# --- what providers share ---------------------------------------------------------------


def holders(perm: str, model, pks: Iterable[int] | None = None) -> dict[int, list]:
    """{object pk: [active users holding `perm` on it]} for the objects of `model` with
    these pks (None: every object), from the rights the rosters grant
    (councils/roles.py); one query."""
    rows = UserObjectPermission.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        permission__codename=perm.rsplit(".", 1)[-1],
        user__is_active=True,
    )
    if pks is not None:
        pks = {str(pk) for pk in pks}
        if not pks:
            return {}
        rows = rows.filter(object_pk__in=pks)
    rows = rows.select_related("user").order_by("object_pk", "user_id")
    found: dict[int, list] = {}
    for row in rows:
        found.setdefault(int(row.object_pk), []).append(row.user)
    return found


def absolute(path: str) -> str:
    """An address of the site for an e-mail (settings.SITE_URL)."""
    return f"{settings.SITE_URL}{path}"


# --- the engine -------------------------------------------------------------------------


def opted_out(user_ids: Iterable[int]) -> set[int]:
    """Those of `user_ids` who have switched reminder e-mails off (one query)."""
    return set(
        AccountPreferences.objects.filter(
            user_id__in=set(user_ids), reminder_emails=False
        ).values_list("user_id", flat=True)
    )


def due(day: date) -> list[list[Reminder]]:
    """What is to be sent on `day`: the reminders not sent before, to active users with an
    address who have not switched reminders off, grouped one e-mail per group (a user's
    reminders with the same topic together, the first provider's first)."""
    discover()
    found: list[Reminder] = []
    seen: set[str] = set()
    # The texts are written in the installation's language, whoever runs the command.
    with translation.override(settings.LANGUAGE_CODE):
        for _position, _kind, provider in _PROVIDERS:
            for reminder in provider(day):
                if reminder.key not in seen:
                    seen.add(reminder.key)
                    found.append(reminder)
    if not found:
        return []
    sent = set(
        SentReminder.objects.filter(key__in=[r.key for r in found]).values_list("key", flat=True)
    )
    off = opted_out(r.user.pk for r in found)
    groups: dict[tuple, list[Reminder]] = {}
    for reminder in found:
        user = reminder.user
        if reminder.key in sent or user.pk in off or not (user.is_active and user.email):
            continue
        group = (user.pk, reminder.topic) if reminder.topic else (reminder.key,)
        groups.setdefault(group, []).append(reminder)
    return list(groups.values())


def render(reminder: Reminder) -> str:
    """The e-mail's text, in the installation's language."""
    user = reminder.user
    context = reminder.context | {
        "user": user,
        "name": user.get_full_name() or user.username,
        "agreement": reminder.agreement,
        "url": absolute(reminder.url),
        "settings_url": absolute(reverse("account_reminders")),
    }
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(f"{TEMPLATES}{reminder.kind}.txt", context)


def _send(group: list[Reminder], now) -> bool:
    """Record the group's keys and queue its e-mail in one transaction; False when another
    run has recorded one of the keys first (its transaction holds the unique key, so this
    one waits for it and then finds it taken)."""
    first = group[0]
    body = render(first)
    try:
        with transaction.atomic():
            # In key order, so that two runs taking the same keys cannot deadlock.
            records = SentReminder.objects.bulk_create(
                SentReminder(
                    key=reminder.key,
                    kind=reminder.kind,
                    user=reminder.user,
                    agreement=reminder.agreement,
                    sent_at=now,
                )
                for reminder in sorted(group, key=lambda r: r.key)
            )
            record = next(r for r in records if r.key == first.key)
            message_queue(
                to=first.user.email,
                subject=first.subject,
                body=body,
                kind=f"reminders.{first.kind}",
                agreement=first.agreement,
                about=record,
            )
    except IntegrityError:
        if SentReminder.objects.filter(key__in=[r.key for r in group]).exists():
            return False
        raise
    return True


def reminders_send(*, day: date | None = None, now=None) -> list[Reminder]:
    """Send the reminders of `day` (default today) not sent before; the reminders whose
    e-mails were queued, one per e-mail. Safe to run as often as one likes."""
    now = now or timezone.now()
    day = day or timezone.localdate(now)
    sent = []
    for group in due(day):
        if _send(group, now):
            sent.append(group[0])
    return sent


# --- the opt-out ------------------------------------------------------------------------


def reminder_emails_on(user) -> bool:
    """Whether `user` gets reminder e-mails (the default, without a row)."""
    preferences = AccountPreferences.objects.filter(user=user).first()
    return preferences is None or preferences.reminder_emails


@transaction.atomic
def reminder_emails_set(*, user, enabled: bool) -> AccountPreferences:
    """Switch the user's own reminder e-mails on or off; a setting that does not change
    writes nothing."""
    preferences = AccountPreferences.objects.select_for_update().filter(user=user).first()
    if preferences is None:
        return _save(AccountPreferences(user=user, reminder_emails=enabled), user)
    if preferences.reminder_emails != enabled:
        preferences.reminder_emails = enabled
        _save(preferences, user, fields=["reminder_emails"])
    return preferences


# --- samverkan's own: signatures awaited, the compliance clock --------------------------

# A decided version reminds the parties' signatories once it has waited this long.
SIGNATURE_WAIT_DAYS = 3


def signature_reminders(day: date) -> list[Reminder]:
    """Versions decided at least SIGNATURE_WAIT_DAYS days ago (or, without a council
    decision, made as long ago) that a party has not signed: its signatory, who holds the
    right to sign for it, is reminded once per version (two queries)."""
    cutoff = day - timedelta(days=SIGNATURE_WAIT_DAYS)
    signed = Signature.objects.filter(version=OuterRef("pk"), party=OuterRef("party_pk"))
    # One row per version and party not signed (the join on the agreement's parties).
    versions = list(
        AnnexVersion.objects.filter(state=AnnexVersion.State.DECIDED)
        .filter(
            Q(decided_on__lte=cutoff) | Q(decided_on__isnull=True, created_at__date__lte=cutoff)
        )
        .annotate(
            party_pk=F("agreement__parties__pk"),
            party_name=F("agreement__parties__short_name"),
        )
        .filter(~Exists(signed))
        .select_related("annex", "agreement")
        .order_by("agreement_id", "decided_on", "pk", "party_pk")
    )
    signers = holders("sign_for_party", AgreementParty, (v.party_pk for v in versions))
    reminders = []
    for version in versions:
        since = version.decided_on or timezone.localdate(version.created_at)
        for user in signers.get(version.party_pk, []):
            reminders.append(
                Reminder(
                    key=f"signature:{version.pk}:party:{version.party_pk}:user:{user.pk}",
                    user=user,
                    kind="signature",
                    subject=_("Påminnelse: %(version)s väntar på din underskrift")
                    % {"version": version},
                    url=reverse("samverkan:version_sign", args=[version.agreement_id, version.pk]),
                    agreement=version.agreement,
                    context={
                        "version": version,
                        "party": version.party_name,
                        "since": since,
                        "days": (day - since).days,
                    },
                )
            )
    return reminders


REMINDED_STATUSES = (compliance.Status.SOON, compliance.Status.OVERDUE)


def compliance_reminders(day: date) -> list[Reminder]:
    """Each line of an agreement's compliance clock that is "soon" or "overdue" reminds its
    coordinators (who may change the agreement: the strategic council's convener, see
    councils/roles.py) once per line, status and the date that drives it: a line that
    turns overdue, or comes round again with a new date, reminds again."""
    coordinators = holders("change_agreement", Agreement)
    reminders = []
    for agreement in Agreement.objects.filter(pk__in=coordinators).order_by("pk"):
        for line in compliance.clock(agreement, day):
            if line.status not in REMINDED_STATUSES:
                continue
            about = f"compliance:{agreement.pk}:{line.key}:{line.status}:{line.day or '-'}"
            for user in coordinators[agreement.pk]:
                reminders.append(
                    Reminder(
                        key=f"{about}:user:{user.pk}",
                        user=user,
                        kind="compliance",
                        subject=_("Efterlevnad: %(label)s (%(status)s), %(agreement)s")
                        % {
                            "label": line.label,
                            "status": line.status_label.lower(),
                            "agreement": agreement.title,
                        },
                        url=line.url,
                        agreement=agreement,
                        context={"line": line},
                        topic=f"{agreement.pk}:{line.key}",
                    )
                )
    return reminders


register(30, "signature", signature_reminders)
# Last: an app's own reminder of the same thing (an overdue assignment) goes first.
register(90, "compliance", compliance_reminders)
