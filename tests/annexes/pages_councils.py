"""Permission-matrix rows of the councils pages (joined in tests/pages.py): putting an annex
version before the strategic council, and the meeting page with an item about a version.

Only whoever convenes the strategic council (the coordinator) puts a version on its
agenda: every other member gets 403, the outsider 404. The rows act on objects of their
own, made once per `Objects` and for any agreement (the renewal and the other agreement
too, also after the agreement's end): a draft version of an annex that has no version on
its way (a new annex where every one has), a convened council meeting a week ahead, and a
council meeting with the version of another annex presented on its agenda.

The objects are written directly rather than through the services: after the agreement's
end the services refuse to make a version, and the rows must still build their URLs.
"""

from django.db.models import Max

from councils.models import AgendaItem, Meeting
from samverkan import annexes
from samverkan.models import Annex, AnnexVersion
from tests.pages import GET, POST, K, Objects, Page, Scan

# The meeting page with one item about an annex version: the meeting page's own count
# (MEETING_QUERIES, tests/pages.py) and the versions with their annexes (2 queries).
VERSION_MEETING_QUERIES = 28


def _once(build):
    """A builder of one object per Objects, made when first asked for."""

    def get(o: Objects):
        key = f"council_annexes_{build.__name__}"
        if key not in o.__dict__:
            o.__dict__[key] = build(o)
        return o.__dict__[key]

    get.__name__ = build.__name__
    return get


def _snapshot(title: str) -> dict:
    return {
        "format": 1,
        "title": title,
        "sections": [
            {
                "key": "measures",
                "heading": "Åtgärder",
                "blocks": [{"type": "list", "items": ["Belysning i gångtunneln"]}],
            }
        ],
    }


def _free_annex(o: Objects, taken: set[int]) -> Annex:
    """An annex of the agreement with no version on its way (nor in `taken`); a new one
    where there is none."""
    busy = set(
        AnnexVersion.objects.open()
        .filter(agreement=o.agreement, annex__isnull=False)
        .values_list("annex_id", flat=True)
    )
    annexes_ = o.agreement.annexes.exclude(pk__in=busy | taken).order_by("number")
    found = annexes_.first()
    if found is not None:
        return found
    last = o.agreement.annexes.aggregate(n=Max("number"))["n"] or 0
    return Annex.objects.create(
        agreement=o.agreement, number=last + 1, title="Trygghetsbilaga", kind=Annex.Kind.OTHER
    )


def _version(o: Objects, annex: Annex, state: str, title: str) -> AnnexVersion:
    snapshot = _snapshot(title)
    html = annexes.render_snapshot(snapshot)
    number = (annex.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return AnnexVersion.objects.create(
        agreement=o.agreement,
        annex=annex,
        number=number,
        title=title,
        dated_on=o.meeting_day(0),
        state=state,
        snapshot=snapshot,
        html=html,
        content_hash=annexes.content_hash({"html": html, "snapshot": snapshot}),
    )


@_once
def draft_version(o: Objects) -> AnnexVersion:
    """A draft version of an annex with no other version on its way."""
    return _version(o, _free_annex(o, set()), AnnexVersion.State.DRAFT, "Åtgärdsplan 2025")


@_once
def council_meeting(o: Objects) -> Meeting:
    """A convened council meeting a week ahead, its agenda open."""
    return o._new_meeting(Meeting.Status.SCHEDULED)


@_once
def presented_meeting(o: Objects) -> Meeting:
    """A convened council meeting a week ahead with a version (of another annex than
    `draft_version`'s) presented on its agenda."""
    annex = _free_annex(o, {draft_version(o).annex_id})
    version = _version(o, annex, AnnexVersion.State.PRESENTED, "Medborgarlöfte 2025")
    meeting = o._new_meeting(Meeting.Status.SCHEDULED)
    AgendaItem.objects.create(
        meeting=meeting,
        order=1,
        title=f"Beslut om {version}",
        kind=AgendaItem.Kind.ANNEX_DECISION,
        subject=version,
    )
    AnnexVersion.objects.filter(pk=version.pk).update(
        presented_hash=version.content_hash,
        presented_at=meeting.starts_at,
        presented_to=f"{meeting.body.name} {meeting.date.isoformat()}, punkt 1",
    )
    return meeting


class KC:
    """URL kwargs builders."""

    @staticmethod
    def draft(o: Objects) -> dict:
        """The draft version, once the meeting its form offers exists."""
        council_meeting(o)
        return K.agreement(o) | {"version_pk": draft_version(o).pk}

    @staticmethod
    def meeting(o: Objects) -> dict:
        m = presented_meeting(o)
        return K.agreement(o) | {"body_pk": m.body_id, "meeting_pk": m.pk}


class DC:
    """POST data builders: valid forms, so a permitted POST succeeds (302)."""

    @staticmethod
    def present(o: Objects) -> dict:
        return {"meeting": council_meeting(o).pk}


# fmt: off
PAGES = [
    #    URL name                          kwargs      request           anon, samordnare,
    #                                                                          member, outsider
    # A form for the conveners (members get 403): scanned, not counted as a read page.
    Page("councils:annex_version_present", KC.draft,   GET,              302, 200, 403, 404,
         scans=(Scan("annex version present form"),)),
    Page("councils:annex_version_present", KC.draft,   POST(DC.present), 302, 302, 403, 404),
    # The meeting page with an item about an annex version (its link, state and compare).
    Page("councils:meeting",               KC.meeting, GET,              302, 200, 200, 404,
         variant="annex version", queries=VERSION_MEETING_QUERIES,
         label="meeting with an annex version",
         scans=(Scan("meeting page with an annex version"),
                Scan("meeting page with an annex version as a member", user="kommunpolis"))),
]
# fmt: on
