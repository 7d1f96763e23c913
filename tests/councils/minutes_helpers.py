"""What the attendance, minutes, decisions and assignments tests share: a held meeting of
Laholm's council or group with the demo people, and short ways to act on it."""

from councils.models import Invitee, Meeting
from councils.services import decisions, minutes
from samverkan.models import AgreementParty
from tests.factories import InviteeFactory
from tests.helpers import person

PRESENT, ABSENT, EXCUSED = (
    Invitee.Attendance.PRESENT,
    Invitee.Attendance.ABSENT,
    Invitee.Attendance.EXCUSED,
)
AGREES, OBJECTS, ABSTAINS = "agrees", "objects", "abstains"
LOCKED = "Protokollet är justerat och låst. En rättelse görs som ett tillägg till protokollet."


def invitee(meeting: Meeting, username: str) -> Invitee:
    return meeting.invitees.get(person__user__username=username)


def party(meeting: Meeting, short_name: str) -> AgreementParty:
    return meeting.agreement.parties.get(short_name=short_name)


def attend(meeting: Meeting, by, **states) -> None:
    """attend(meeting, by, frivardschef=EXCUSED): record attendance by username."""
    minutes.attendance_record(
        meeting=meeting,
        attendance={invitee(meeting, name).pk: state for name, state in states.items()},
        by=by,
    )


def substitute_for(meeting: Meeting, member: str, username: str, **fields) -> Invitee:
    """Invite `username` as the substitute of the member `member` (no party of their own:
    they count for the member's)."""
    return InviteeFactory(
        meeting=meeting,
        person=person(username),
        role=Invitee.Role.SUBSTITUTE,
        replaces=invitee(meeting, member),
        **fields,
    )


def agree_all(meeting: Meeting, stances: dict | None = None) -> dict:
    """Positions for every party present: {party: (stance, first present for it)};
    `stances` by short name overrides the default "agrees"."""
    stances = stances or {}
    positions = {}
    for ap in meeting.agreement.parties.all():
        givers = [
            i
            for i in meeting.invitees.filter(attendance=PRESENT).select_related("replaces")
            if (i.replaces.party_id if i.replaces_id else i.party_id) == ap.pk
        ]
        if givers:
            positions[ap] = (stances.get(ap.short_name, AGREES), givers[0])
    return positions


def decide(meeting: Meeting, by, text: str = "Rådet ställer sig bakom lägesbilden.", **kw):
    item = meeting.items.order_by("order").first()
    stances = kw.pop("stances", None)
    return decisions.decision_record(
        item=item,
        text=text,
        positions=kw.pop("positions", None) or agree_all(meeting, stances),
        by=by,
        **kw,
    )


def lock(meeting: Meeting, by) -> Meeting:
    """Name the coordinator chair and the kommunpolis adjuster; both approve."""
    minutes.minutes_signatories_set(
        meeting=meeting, chair=person("samordnare"), adjuster=person("kommunpolis"), by=by
    )
    minutes.minutes_approve(meeting=meeting, by=person("samordnare").user)
    return minutes.minutes_approve(meeting=meeting, by=person("kommunpolis").user)
