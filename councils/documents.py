"""The meeting documents as archival PDFs (samverkan.pdf): the kallelse, the invitation with
the agenda, and the protokoll, the minutes with attendance, decisions and each party's
position, the assignments given, the addenda and the approval.

They show what the meeting page shows its readers (councils/views/meetings.py and
minutes.py), so whoever reads the page reads them: the minutes are on the page before they
are approved, and so is their PDF, marked UTKAST. Approved minutes are final: their PDF is
rendered once, stored under a hash of what it shows and served from there with an ETag; an
addendum changes what they show, and so makes a new document.
"""

import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samverkan.models import Person
from samverkan.pdf import render_pdf

from .forms_minutes import invitee_label
from .models import Assignment, Decision, Invitee, Meeting, Position
from .selectors import meeting_attendees
from .templatetags.agenda_versions import agenda_versions

# Under the private storage of attachments: no public URL, the view checks the reader.
STORAGE = "attachments"
LANG = "sv"


@dataclass(frozen=True)
class Prepared:
    """A document ready to render: its template and context, metadata and file name, and
    the hash of what it shows (rendered HTML and metadata), which names it."""

    template: str
    context: dict
    title: str
    authors: tuple[str, ...]
    subject: str
    filename: str
    digest: str
    # Final documents are stored once; the others are rendered on every request.
    final: bool
    meeting_pk: int

    @property
    def etag(self) -> str:
        # Weak for a document rendered anew each time: the same content, another file
        # (its creation time differs).
        return f'"{self.digest}"' if self.final else f'W/"{self.digest}"'

    @property
    def stored_name(self) -> str:
        return f"documents/protokoll-{self.meeting_pk}-{self.digest}.pdf"


@dataclass(frozen=True)
class Document:
    content: bytes
    etag: str
    filename: str
    stored: bool


def _filename(kind: str, meeting: Meeting) -> str:
    return f"{kind}-{slugify(meeting.body.name)}-{meeting.date.isoformat()}.pdf"


def _parties(meeting: Meeting) -> list:
    return list(meeting.agreement.parties.select_related("party").order_by("order", "pk"))


def _attendees(meeting: Meeting, parties_by_id: dict) -> list[Invitee]:
    """The invitees in the order of their party and function, each with `label` (name and
    the party they attend for) and `organisation`."""
    attendees = list(meeting_attendees(meeting).select_related("function", "person__party"))
    order = {pk: n for n, pk in enumerate(parties_by_id)}
    for invitee in attendees:
        party = parties_by_id.get(invitee.for_party_id)
        invitee.label = invitee_label(invitee, parties_by_id)
        invitee.organisation_name = invitee.organisation or (
            party.party.name
            if party
            else invitee.person.party.name
            if invitee.person_id and invitee.person.party_id
            else ""
        )
    attendees.sort(
        key=lambda i: (
            order.get(i.for_party_id, len(order)),
            i.function.order if i.function_id else 0,
            i.pk,
        )
    )
    return attendees


def _items(meeting: Meeting, *, decisions: bool):
    items = meeting.items.select_related("presenter__user", "presenter__party").order_by(
        "order", "pk"
    )
    prefetch = ["subject"]
    if decisions:
        positions = Position.objects.select_related("party", "given_by").order_by(
            "party__order", "pk"
        )
        assignments = Assignment.objects.select_related("responsible_party", "body")
        prefetch.append(
            Prefetch(
                "decisions",
                queryset=Decision.objects.prefetch_related(
                    Prefetch("positions", queryset=positions),
                    Prefetch("assignments", queryset=assignments),
                ),
            )
        )
    items = list(items.prefetch_related(*prefetch))
    versions = agenda_versions(items)
    for item in items:
        item.version = versions.get(item.pk)
    return items


def _prepare(
    template: str, context: dict, *, heading: str, filename: str, final: bool, meeting: Meeting
) -> Prepared:
    """Render the document's HTML once to hash it: in Swedish and Stockholm time, as the
    PDF is."""
    authors = tuple(party.party.name for party in context["parties"])
    subject = meeting.agreement.title
    context = {**context, "heading": heading}
    with translation.override(LANG), timezone.override(settings.TIME_ZONE):
        html = render_to_string(template, context)
    digest = hashlib.sha256(
        json.dumps([html, heading, subject, authors], ensure_ascii=False).encode()
    ).hexdigest()
    return Prepared(
        template=template,
        context=context,
        title=heading,
        authors=authors,
        subject=subject,
        filename=filename,
        digest=digest,
        final=final,
        meeting_pk=meeting.pk,
    )


def invitation(meeting: Meeting) -> Prepared:
    """The kallelse: the meeting's facts, the invited and the agenda with presenters and
    underlag. A meeting not yet convened is marked UTKAST, a cancelled one INSTÄLLT."""
    body = meeting.body
    parties = _parties(meeting)
    parties_by_id = {party.pk: party for party in parties}
    invitees = _attendees(meeting, parties_by_id)
    convener = next(
        (
            i
            for i in invitees
            if body.convener_function_id and i.function_id == body.convener_function_id
        ),
        None,
    )
    with translation.override(LANG):
        heading = _("Kallelse: %(body)s %(date)s") % {
            "body": body.name,
            "date": meeting.date.isoformat(),
        }
        watermark = (
            _("INSTÄLLT") if meeting.is_cancelled else _("UTKAST") if meeting.is_draft else ""
        )
    chair = None
    if meeting.chair_id:
        chair = next((i.person for i in invitees if i.person_id == meeting.chair_id), None)
        chair = chair or Person.objects.select_related("user").get(pk=meeting.chair_id)
    context = {
        "agreement": meeting.agreement,
        "body": body,
        "meeting": meeting,
        "parties": parties,
        "items": _items(meeting, decisions=False),
        "invitees": invitees,
        "chair": chair,
        "chair_party": parties_by_id.get(body.chair_party_id),
        "convener": convener,
        "watermark": watermark,
    }
    return _prepare(
        "pdf/meeting_invitation.html",
        context,
        heading=heading,
        filename=_filename("kallelse", meeting),
        final=False,
        meeting=meeting,
    )


def _representation(parties, attendees) -> list[dict]:
    """Per party: who is present for it (none: not represented)."""
    present: dict[int, list] = {}
    for invitee in attendees:
        if invitee.attendance == Invitee.Attendance.PRESENT and invitee.for_party_id:
            present.setdefault(invitee.for_party_id, []).append(invitee)
    return [{"party": party, "present": present.get(party.pk, [])} for party in parties]


def minutes(meeting: Meeting) -> Prepared:
    """The protokoll: final (stored) once the chair and the adjuster have both approved it,
    otherwise a draft marked UTKAST. Call it only for a meeting whose minutes exist."""
    parties = _parties(meeting)
    parties_by_id = {party.pk: party for party in parties}
    attendees = _attendees(meeting, parties_by_id)
    people = {i.person_id: i.person for i in attendees if i.person_id}
    missing = [pk for pk in (meeting.chair_id, meeting.adjuster_id) if pk and pk not in people]
    if missing:  # their invitation removed since: read them on their own
        people |= Person.objects.select_related("user").in_bulk(missing)
    locked = meeting.minutes_locked
    with translation.override(LANG):
        heading = _("Protokoll: %(body)s %(date)s") % {
            "body": meeting.body.name,
            "date": meeting.date.isoformat(),
        }
        approvals = [
            {"role": role, "person": people[pk], "approved_at": at}
            for role, pk, at in (
                (_("Ordförande"), meeting.chair_id, meeting.chair_approved_at),
                (_("Justerare"), meeting.adjuster_id, meeting.adjuster_approved_at),
            )
            if pk
        ]
        watermark = "" if locked else _("UTKAST")
    context = {
        "agreement": meeting.agreement,
        "body": meeting.body,
        "meeting": meeting,
        "parties": parties,
        "attendees": attendees,
        "representation": _representation(parties, attendees),
        "items": _items(meeting, decisions=True),
        # Addenda follow the lock only, as on the meeting page.
        "addenda": (
            list(meeting.addenda.select_related("by").order_by("at", "pk")) if locked else []
        ),
        "approvals": approvals,
        "locked": locked,
        "watermark": watermark,
    }
    return _prepare(
        "pdf/minutes.html",
        context,
        heading=heading,
        filename=_filename("protokoll", meeting),
        final=locked,
        meeting=meeting,
    )


def render(prepared: Prepared) -> bytes:
    """Render the document's PDF now (no storage)."""
    with timezone.override(settings.TIME_ZONE):
        return render_pdf(
            prepared.template,
            prepared.context,
            title=prepared.title,
            author=list(prepared.authors),
            subject=prepared.subject,
            lang=LANG,
        )


def document(prepared: Prepared) -> Document:
    """The PDF: from storage when it is final (rendered and stored the first time),
    otherwise rendered now."""
    if not prepared.final:
        return Document(render(prepared), prepared.etag, prepared.filename, stored=False)
    storage = storages[STORAGE]
    name = prepared.stored_name
    if storage.exists(name):
        with storage.open(name, "rb") as stored:
            content = stored.read()
    else:
        content = render(prepared)
        storage.save(name, ContentFile(content))
    return Document(content, prepared.etag, prepared.filename, stored=True)
