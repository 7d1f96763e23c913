"""The Laholm demo's versions of the agreement and its annexes (registered last with
councils.demo.DEMO_LOADERS, after every source they are made from).

In the agreement 2024–2026:
- its own text, version 1, in force: signed by the three signatories when the agreement
  was signed (2023-01-12);
- annexes 1, 2 and 3, version 1 each, in force: made from "Lokal lägesbild Laholm 2024",
  "Medborgarlöfte 2024" and "Åtgärdsplan 2024–2026", put before the strategic council's
  meeting of 2025-02-13 (councils/demo.py) as items of their own, adopted there by
  consensus and then signed by the three signatories;
- one update: the plan got a status report after that meeting (2025-03-05), and a new
  version of annex 3 made from it now stands on the agenda of the council's next meeting,
  awaiting its decision.

How, and why that way. The history (everything dated before 2025-03-12, the test suite's
day) is written as data, as actionplan/demo.py writes the plan: the services act only
"now" — a version is put on an agenda only before its meeting starts, the 2025-02-13
meeting's minutes are locked by the time this runs, and after 2026-12-31 the services
refuse to make or sign anything in the ended agreement — while the demo must load the
same history on any day. The rows are what the services would have left, with the dates
the events had: the content and its hash come from samverkan's own functions
(`agreement_snapshot`, the snapshot builders of situation/annex.py and actionplan/annex.py,
`render_snapshot`, `content_hash`), every signature records that hash, and each row's
history is dated when the event happened (no business events are logged for this past,
as for the rest of the demo's history). The open update, which is about the future, goes
through the services as the coordinator would do it today: `annex_version_make` and
`annex_version_put_on_agenda`; it is left out when the agreement has ended or no council
meeting lies ahead (a reload on another day then finds nothing to do, and fails on none).

A reload writes nothing: a document that has any version is left alone (versions are
immutable, and what the app did with them since is kept), and the update is made once.
"""

from collections.abc import Callable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation

from councils.demo import HELD_STARTS
from councils.models import AgendaItem, Body, Decision, Meeting, Position
from councils.services import annexes as council_annexes
from councils.services import meetings
from samverkan import annexes
from samverkan.models import Agreement, Annex, AnnexVersion, Signature
from situation.annex import report_snapshot
from situation.models import SituationReport

from .annex import plan_snapshot, promise_snapshot
from .demo import PLAN_TITLE, PROMISE_TITLE, REPORT_TITLE
from .models import ActionPlan, CitizenPromise, Measure, StatusUpdate

STOCKHOLM = ZoneInfo("Europe/Stockholm")
State = AnnexVersion.State

# The agreement's own text: made a few days before the signing, signed at it, in this order.
AGREEMENT_MADE_AT = datetime(2023, 1, 9, 10, 0, tzinfo=STOCKHOLM)
AGREEMENT_SIGNED = [
    ("Kommunen", "ks-ordforande", datetime(2023, 1, 12, 11, 0, tzinfo=STOCKHOLM)),
    ("Polisen", "lpo-chef", datetime(2023, 1, 12, 11, 5, tzinfo=STOCKHOLM)),
    ("Kriminalvården", "frivardschef", datetime(2023, 1, 12, 11, 10, tzinfo=STOCKHOLM)),
]

# The annexes: made and put on the agenda of the held meeting (HELD_STARTS) the week
# before, adopted there, signed in the two weeks after.
ANNEXES_MADE_AT = datetime(2025, 2, 5, 15, 0, tzinfo=STOCKHOLM)
ANNEXES_PRESENTED_AT = datetime(2025, 2, 6, 9, 0, tzinfo=STOCKHOLM)
ANNEXES_SIGNED = [
    ("Kommunen", "ks-ordforande", datetime(2025, 2, 20, 10, 0, tzinfo=STOCKHOLM)),
    ("Polisen", "lpo-chef", datetime(2025, 2, 21, 14, 0, tzinfo=STOCKHOLM)),
    ("Kriminalvården", "frivardschef", datetime(2025, 2, 24, 9, 0, tzinfo=STOCKHOLM)),
]
# Who gave each party's position at the held meeting: those present for it there
# (councils/demo.py: the chair, the adjuster, and Kriminalvården's substitute).
HELD_GIVERS = {"Kommunen": "sakerhetschef", "Polisen": "kommunpolis", "Kriminalvården": "frivard"}
ANNEX_PRESENTER = "samordnare"
ANNEX_MINUTES = (
    "Samordnaren föredrog bilagan. Parterna var eniga om att anta den och att den "
    "undertecknas av parternas firmatecknare."
)
ANNEX_DECISION = "Strategiska rådet antar %(version)s: %(title)s."

# After the meeting: the delayed measure's responsible party reports where it stands, so the
# plan differs from annex 3 as adopted (number, date, status, who, comment).
PLAN_REPORT = (
    11,
    datetime(2025, 3, 5, 15, 0, tzinfo=STOCKHOLM),
    Measure.Status.ONGOING,
    "samordnare",
    "Entreprenör för Mellbystrand och Veinge är upphandlad; rutinen gäller i hela beståndet "
    "från april.",
)


def _saved(instance, by, at):
    """Save a row as the service would have, its history dated when it happened."""
    instance._history_user = by
    instance._history_date = at
    instance.full_clean(validate_constraints=False)
    instance.save()
    return instance


def _content(snapshot: dict) -> dict:
    annexes.snapshot_check(snapshot)
    html = annexes.render_snapshot(snapshot)
    return {
        "title": snapshot["title"].strip()[:300],
        "snapshot": snapshot,
        "html": html,
        "content_hash": annexes.content_hash({"html": html, "snapshot": snapshot}),
    }


def _sign(version: AnnexVersion, parties: dict, people: dict, signed: list) -> None:
    for short_name, username, at in signed:
        party = parties[short_name]
        user = people[username].user
        signature = Signature(
            version=version,
            party=party,
            signer=user,
            signer_name=user.get_full_name() or user.get_username(),
            signer_title=party.signatory_title,
            signed_at=at,
            content_hash=version.content_hash,
        )
        _saved(signature, user, at)
    version.state = State.IN_FORCE
    version.in_force_at = signed[-1][2]
    version._history_user = people[signed[-1][1]].user
    version._history_date = version.in_force_at
    version.save(update_fields=["state", "in_force_at"])


def _agreement_text(agreement: Agreement, parties: dict, people: dict) -> None:
    """Version 1 of the agreement's own text, signed by all three when it was signed."""
    if agreement.document_versions.filter(annex=None).exists():
        return
    coordinator = people["samordnare"].user
    with translation.override(settings.LANGUAGE_CODE):
        snapshot = annexes.agreement_snapshot(agreement)
    signed_on = agreement.signed_on or agreement.valid_from
    version = AnnexVersion(
        agreement=agreement,
        annex=None,
        number=1,
        dated_on=signed_on,
        state=State.DECIDED,
        decided_on=signed_on,
        source_label=agreement.title[:300],
        created_at=AGREEMENT_MADE_AT,
        created_by=coordinator,
        **_content(snapshot),
    )
    _saved(version, coordinator, AGREEMENT_MADE_AT)
    _sign(version, parties, people, AGREEMENT_SIGNED)


def _sources(agreement: Agreement) -> list[tuple[str, object, Callable[..., dict]]]:
    """(annex kind, source, snapshot builder) of each demo source still there."""
    report = agreement.situation_reports.filter(
        title=REPORT_TITLE, status=SituationReport.Status.PUBLISHED
    ).first()
    promise = agreement.citizen_promises.filter(
        title=PROMISE_TITLE, status=CitizenPromise.Status.PUBLISHED
    ).first()
    plan = agreement.action_plans.filter(title=PLAN_TITLE, status=ActionPlan.Status.ADOPTED).first()
    found = [
        (Annex.Kind.SITUATION_PICTURE, report, report_snapshot),
        (Annex.Kind.CITIZEN_PROMISE, promise, promise_snapshot),
        (Annex.Kind.ACTION_PLAN, plan, plan_snapshot),
    ]
    return [(kind, source, build) for kind, source, build in found if source is not None]


def _held_meeting(agreement: Agreement) -> Meeting | None:
    return (
        Meeting.objects.filter(
            agreement=agreement,
            body__kind=Body.Kind.STRATEGIC_COUNCIL,
            starts_at=HELD_STARTS,
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
        .first()
    )


def _annex_decided(version, meeting, parties, people) -> None:
    """The item about the version on the held meeting's agenda and the council's
    consensus decision on it, as decision_record would have recorded them."""
    coordinator = people["samordnare"].user
    version_type = ContentType.objects.get_for_model(AnnexVersion)
    last = meeting.items.order_by("-order").values_list("order", flat=True).first() or 0
    item = AgendaItem(
        meeting=meeting,
        order=last + 1,
        title=f"Beslut om {version}: {version.title}"[:200],
        kind=AgendaItem.Kind.ANNEX_DECISION,
        presenter=people[ANNEX_PRESENTER],
        minutes=ANNEX_MINUTES,
        subject_type=version_type,
        subject_id=version.pk,
    )
    _saved(item, coordinator, ANNEXES_PRESENTED_AT)
    label = council_annexes.meeting_label(meeting, item)
    decision = Decision(
        item=item,
        text=ANNEX_DECISION % {"version": version, "title": version.title},
        adopted=True,
        decided_at=meeting.starts_at,
        subject_type=version_type,
        subject_id=version.pk,
        subject_hash=version.content_hash,
    )
    _saved(decision, coordinator, meeting.ends_at)
    for short_name, username in HELD_GIVERS.items():
        given_by = meeting.invitees.get(person__user__username=username)
        position = Position(
            decision=decision,
            party=parties[short_name],
            stance=Position.Stance.AGREES,
            given_by=given_by,
        )
        _saved(position, coordinator, meeting.ends_at)
    version.state = State.DECIDED
    version.presented_hash = version.content_hash
    version.presented_at = ANNEXES_PRESENTED_AT
    version.presented_to = label[:300]
    version.decided_on = meeting.starts_at.astimezone(STOCKHOLM).date()
    version.decision_reference = label[:300]
    version.decision_type = ContentType.objects.get_for_model(Decision)
    version.decision_id = decision.pk
    version._history_user = coordinator
    version._history_date = meeting.ends_at
    version.save(
        update_fields=[
            "state",
            "presented_hash",
            "presented_at",
            "presented_to",
            "decided_on",
            "decision_reference",
            "decision_type",
            "decision_id",
        ]
    )


def _annexes(agreement: Agreement, parties: dict, people: dict) -> None:
    """Version 1 of each annex, adopted at the held meeting and signed by all three."""
    meeting = _held_meeting(agreement)
    if meeting is None:
        return
    coordinator = people["samordnare"].user
    with_versions = set(
        agreement.document_versions.exclude(annex=None).values_list("annex_id", flat=True)
    )
    for kind, source, build in _sources(agreement):
        annex = agreement.annexes.filter(kind=kind).order_by("number").first()
        if annex is None or annex.pk in with_versions:
            continue
        version = AnnexVersion(
            agreement=agreement,
            annex=annex,
            number=1,
            dated_on=ANNEXES_MADE_AT.date(),
            source_type=ContentType.objects.get_for_model(source),
            source_id=source.pk,
            source_label=str(source)[:300],
            created_at=ANNEXES_MADE_AT,
            created_by=coordinator,
            **_content(build(source)),
        )
        _saved(version, coordinator, ANNEXES_MADE_AT)
        _annex_decided(version, meeting, parties, people)
        _sign(version, parties, people, ANNEXES_SIGNED)


def _plan_reported(agreement: Agreement, people: dict) -> None:
    """The status report on the plan after the meeting (once; found again by its day)."""
    number, at, status, username, comment = PLAN_REPORT
    measure = Measure.objects.filter(
        plan__agreement=agreement, plan__title=PLAN_TITLE, number=number
    ).first()
    if measure is None or measure.updates.filter(on=at.date()).exists():
        return
    user = people[username].user
    update = _saved(
        StatusUpdate(
            measure=measure, on=at.date(), status=status, comment=comment, by=user, created_at=at
        ),
        user,
        at,
    )
    measure.status = status
    measure.latest_update = update
    measure._history_user = user
    measure._history_date = at
    measure.save(update_fields=["status", "latest_update"])


def _next_council_meeting(agreement: Agreement, coordinator) -> Meeting | None:
    """The council's next convened meeting that has not begun, as the agenda offers them.
    When the year's planned meetings are all held (the demo loaded late in the year), an
    extra meeting "vid behov" two weeks ahead, convened, if that is inside the agreement:
    the agreement lets the council meet as needed, and the update needs a meeting."""
    offered = council_annexes.presentable_meetings(AnnexVersion(agreement=agreement))
    meeting = offered.filter(status=Meeting.Status.SCHEDULED).first()
    if meeting is not None:
        return meeting
    day = timezone.localdate() + timedelta(days=14)
    while day.weekday() >= 5:  # a working day
        day += timedelta(days=1)
    council = agreement.bodies.filter(kind=Body.Kind.STRATEGIC_COUNCIL).first()
    if council is None or day > agreement.valid_to:
        return None
    zone = ZoneInfo(settings.TIME_ZONE)
    try:
        meeting = meetings.meeting_schedule(
            body=council,
            kind=Meeting.Kind.EXTRA,
            starts_at=datetime.combine(day, time(13, 0), tzinfo=zone),
            ends_at=datetime.combine(day, time(15, 0), tzinfo=zone),
            place="Stadshuset, Laholm",
            by=coordinator,
        )
        return meetings.meeting_confirm(meeting=meeting, by=coordinator)
    except ValidationError:
        return None


def _update_presented(agreement: Agreement, people: dict) -> None:
    """Annex 3 made anew from the plan as it stands, on the next council meeting's agenda:
    once, while the agreement is in force and a meeting lies ahead."""
    if agreement.state() == Agreement.State.ENDED:
        return
    annex = agreement.annexes.filter(kind=Annex.Kind.ACTION_PLAN).order_by("number").first()
    plan = agreement.action_plans.filter(title=PLAN_TITLE, status=ActionPlan.Status.ADOPTED).first()
    if annex is None or plan is None:
        return
    versions = annex.versions.all()
    # Only after the demo's version in force, and never again once the update exists (a
    # draft of it, taken off the agenda in the app, goes back on).
    if (
        not versions.filter(state=State.IN_FORCE).exists()
        or versions.exclude(state__in=(State.IN_FORCE, State.DRAFT)).exists()
    ):
        return
    coordinator = people["samordnare"].user
    try:
        # All or nothing: no extra meeting nor draft is left behind by a refusal.
        with transaction.atomic():
            meeting = _next_council_meeting(agreement, coordinator)
            if meeting is None:
                return
            version = annexes.annex_version_make(
                agreement=agreement,
                annex=annex,
                snapshot=plan_snapshot(plan),
                source=plan,
                source_label=str(plan),
                by=coordinator,
            )
            council_annexes.annex_version_put_on_agenda(
                version=version, meeting=meeting, by=coordinator
            )
    except ValidationError:
        # The services' rules decide (a version already on its way, say): the demo then
        # leaves the annex as it finds it.
        return


def load_annexes_demo(agreements: list[Agreement], people: dict) -> None:
    """The versions of the Laholm agreement 2024–2026 (`agreements[0]`) and its annexes."""
    agreement = agreements[0]
    parties = {p.short_name: p for p in agreement.parties.all()}
    if not set(HELD_GIVERS) <= set(parties):
        return
    # Titles and labels in the agreement's language, whatever the command runs in.
    with translation.override(settings.LANGUAGE_CODE):
        _agreement_text(agreement, parties, people)
        _annexes(agreement, parties, people)
        _plan_reported(agreement, people)
        _update_presented(agreement, people)
