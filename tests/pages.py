"""The one registry of the app's pages: every URL name with its method, how its arguments
are built from an agreement's objects, and who may see it or act on it.

It feeds the permission matrix (tests/test_permission_matrix.py: every page × every
role), the accessibility scan (tests/browser/test_accessibility.py: the pages with
`scans`), the query-count tests (tests/test_query_counts.py: the pages with `queries`) and
the read-only checks after the agreement has ended (tests/test_after_the_agreement.py).

One row per URL and method (and per body where a page exists for each). The four status
columns are

    anonymous   not logged in: every page outside PUBLIC sends them to log in (302)
    samordnare  the coordinator: convenes both bodies, keeps the rosters and the
                agreement's register data (the only one with manage_roster and
                change_agreement in the demo)
    member      every other Laholm demo user (all of them may read the agreement
                and both rosters); `others={"lpo-chef": 200}` sets one user apart
    outsider    `annan-kommun`, coordinator of another agreement only: Laholm's
                pages do not exist for them (404, never 403)

and a fifth, `installation=`, for `installation`, an installation administrator who is in
no agreement: who may create agreements (the wizard) and list them with their parties; on
every other page they get what the outsider gets (the default, None).

A permitted POST gets valid data and must succeed (302 without an error message).

Adding a URL: add a row (the matrix's guard test fails until you do; only the admin is
exempt). `kwargs` and the POST `data` are functions of `Objects`, the objects of one
agreement the row acts on; a page open without login also goes into PUBLIC. Give a page
people read a `queries` bound and a `Scan`, and a form a `Scan` as well.
"""

import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.messages import get_messages
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from councils.demo import DEMO_PASSWORD
from councils.models import (
    AgendaItem,
    Body,
    CalendarFeed,
    Function,
    Invitee,
    Meeting,
    Seat,
    StandingAgendaItem,
    Substitute,
)
from councils.services import invitations as invitation_services
from samverkan.models import Agreement, OutboundMessage
from samverkan.services import version_of
from tests.browser.support import (
    agreement_ends_before_it_starts,
    empty_form,
    meeting_ends_before_it_starts,
    wizard_party_errors,
)
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    FunctionFactory,
    MeetingFactory,
    PersonFactory,
    SeatFactory,
    SubstituteFactory,
    UserFactory,
)
from tests.helpers import DEMO_USERNAMES, INSTALLATION, OUTSIDER, TODAY, force_login_as_in_life

ANONYMOUS = "anonymous"
COORDINATOR = "samordnare"
# A council member who sends their own apologies (anmäler förhinder) in the matrix.
INVITED = "laholmshem"
ROLES = [ANONYMOUS, *DEMO_USERNAMES, OUTSIDER, INSTALLATION]

# Named URLs the registry does not hold: Django's own admin (staff only, not a role here).
NOT_IN_REGISTRY = {"admin"}
# Pages open without logging in; every other page sends an anonymous user to log in.
PUBLIC = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "set_language",
    # The accessibility statement and its barrier report form (samverkan/views_accessibility.py).
    "accessibility",
    "accessibility_report",
    # The calendar feed: its secret address is the key (councils/views/invitations.py).
    "councils:calendar_feed_ics",
    # The medborgarlöften of a municipality, for its residents (actionplan/views/public.py).
    "actionplan:public",
}


class Objects:
    """The objects one row acts on: one agreement's, as seen by one role.

    Whatever the agreement lacks (a function nobody holds, a spare person) is
    created when first asked for, so it works for any agreement.
    """

    def __init__(self, agreement: Agreement, username: str | None = COORDINATOR):
        self.agreement = agreement
        self._username = username
        # Whether a builder asked who the role is: if none did, the row's objects, URL and
        # data are the same for every role and the matrix builds them once (row_statuses).
        self.read_username = False

    @property
    def username(self) -> str | None:
        self.read_username = True
        return self._username

    @username.setter
    def username(self, value: str | None) -> None:
        self._username = value

    @cached_property
    def body(self) -> Body:
        """The strategic council."""
        return self.agreement.bodies.get(kind=Body.Kind.STRATEGIC_COUNCIL)

    @cached_property
    def group(self) -> Body:
        """The operative group."""
        existing = self.agreement.bodies.filter(kind=Body.Kind.OPERATIVE_GROUP).first()
        return existing or BodyFactory(
            agreement=self.agreement,
            kind=Body.Kind.OPERATIVE_GROUP,
            name="Operativ samverkansgrupp",
            ordinary_meetings_per_year=6,
        )

    @cached_property
    def party(self):
        return self.agreement.parties.select_related("party").order_by("order", "pk").first()

    @cached_property
    def seat(self) -> Seat:
        """A seat held today, or on the first day of an agreement yet to begin; not the
        convener's, which may not end without a successor (one is made if need be)."""
        day = max(timezone.localdate(), self.agreement.valid_from)
        existing = (
            Seat.objects.current(day)
            .filter(function__body=self.body)
            .exclude(function_id=self.body.convener_function_id)
            .select_related("function")
            .order_by("pk")
            .first()
        )
        return existing or SeatFactory(
            function=FunctionFactory(body=self.body, party=self.party, title="Säkerhetschef"),
            person=PersonFactory(party=self.party.party),
        )

    @cached_property
    def empty_function(self):
        """A function nobody holds: it may be removed and filled."""
        return FunctionFactory(body=self.body, party=self.party, title="Trygghetsvärd")

    @cached_property
    def spare_person(self):
        """Staff of a party who holds nothing yet."""
        return PersonFactory(party=self.party.party)

    @cached_property
    def substitute(self) -> Substitute:
        existing = Substitute.objects.filter(seat__function__body=self.body).order_by("pk").first()
        return existing or SubstituteFactory(seat=self.seat, person=self.spare_person)

    def meeting_day(self, days_ahead: int = 7):
        """A day some days ahead inside the agreement (its last day once it has ended)."""
        day = max(timezone.localdate(), self.agreement.valid_from) + timedelta(days=days_ahead)
        return min(day, self.agreement.valid_to)

    def _new_meeting(self, status: str) -> Meeting:
        starts_at = timezone.make_aware(datetime.combine(self.meeting_day(), datetime.min.time()))
        return MeetingFactory(
            body=self.body,
            status=status,
            starts_at=starts_at + timedelta(hours=13),
            ends_at=starts_at + timedelta(hours=15),
        )

    @cached_property
    def meeting(self) -> Meeting:
        """A convened meeting of the council whose minutes are open (the first, or a new
        one a week ahead): the demo's held meeting, its minutes locked, is skipped."""
        existing = (
            self.body.meetings.filter(status=Meeting.Status.SCHEDULED)
            .exclude(chair_approved_at__isnull=False, adjuster_approved_at__isnull=False)
            .order_by("starts_at")
            .first()
        )
        return existing or self._new_meeting(Meeting.Status.SCHEDULED)

    @cached_property
    def draft_meeting(self) -> Meeting:
        """A planned meeting of the council not yet convened."""
        return self._new_meeting(Meeting.Status.DRAFT)

    @cached_property
    def agenda_item(self) -> AgendaItem:
        existing = self.meeting.items.order_by("order", "pk").first()
        return existing or AgendaItemFactory(meeting=self.meeting, title="Aktuell lägesbild")

    @cached_property
    def standing_item(self) -> StandingAgendaItem:
        existing = self.body.standing_items.order_by("order", "pk").first()
        return existing or StandingAgendaItem.objects.create(
            body=self.body, order=1, title="Aktuell lägesbild", kind="situation_picture"
        )

    # --- invitations (councils/views/invitations.py) ---

    @cached_property
    def invitee(self) -> Invitee:
        """A council member's invitation to `meeting`, called from the roster: laholmshem's
        in Laholm, where they may send their own apologies; the first one elsewhere."""
        if not self.meeting.invitees.exists():
            invitation_services.invitees_from_roster(meeting=self.meeting, by=None)
        invitees = self.meeting.invitees.order_by("pk")
        return invitees.filter(person__user__username=INVITED).first() or invitees.first()

    @cached_property
    def invited_meeting(self) -> Meeting:
        """`meeting` with its invitees from the roster, a presenter and a guest, their
        invitations delivered but one that failed (the meeting page's invitation sections)."""
        self.invitee  # noqa: B018 (calls the roster)
        Invitee.objects.create(
            meeting=self.meeting, name="Lina Räddare", email="lina@example.se", role="guest"
        )
        for invitee in self.meeting.invitees.all():
            failed = invitee.role == Invitee.Role.GUEST
            OutboundMessage.objects.create(
                agreement=self.agreement,
                content_object=self.meeting,
                kind=invitation_services.INVITATION,
                to=invitee.email,
                subject="Kallelse",
                body="Du kallas.",
                state="failed" if failed else "sent",
                attempts=1,
                last_error="SMTPException: 421 Tjänsten är inte tillgänglig" if failed else "",
                sent_at=None if failed else timezone.now(),
            )
        return self.meeting

    @cached_property
    def as_needed_function(self) -> Function:
        """A "vid behov" function of the council that someone holds."""
        function = FunctionFactory(
            body=self.body,
            party=self.party,
            title="Fältsekreterare vid behov",
            attendance=Function.Attendance.AS_NEEDED,
        )
        SeatFactory(function=function, person=PersonFactory(party=self.party.party))
        return function

    @cached_property
    def feed(self) -> CalendarFeed:
        """The coordinator's calendar feed."""
        coordinator = get_user_model().objects.get(username=COORDINATOR)
        return CalendarFeed.objects.get_or_create(user=coordinator)[0]

    # --- attendance, minutes, decisions, assignments (councils/views/minutes.py) ---

    @cached_property
    def minutes_meeting(self) -> Meeting:
        """A council meeting held a week ago (the agreement's last day once it has ended),
        every seat holder present, one agenda item; the convener chairs and someone present
        for another party adjusts: the kommunpolis in Laholm, elsewhere a new party's."""
        return self._held_meeting()

    def _held_meeting(self) -> Meeting:
        from councils.services import minutes
        from tests.factories import AgreementPartyFactory, InviteeFactory, held_meeting

        meeting = held_meeting(self.body)
        chair = meeting.invitees.get(function=self.body.convener_function_id)
        others = meeting.invitees.exclude(party=chair.party_id).order_by("pk")
        adjuster = others.filter(person__user__username="kommunpolis").first() or others.first()
        if adjuster is None:
            party = self.agreement.parties.filter(short_name="Grannpart").first()
            party = party or AgreementPartyFactory(agreement=self.agreement, short_name="Grannpart")
            adjuster = InviteeFactory(
                meeting=meeting,
                person=PersonFactory(party=party.party),
                party=party,
                attendance="present",
            )
        return minutes.minutes_signatories_set(
            meeting=meeting, chair=chair.person, adjuster=adjuster.person, by=None
        )

    @cached_property
    def locked_meeting(self) -> Meeting:
        """A meeting like `minutes_meeting`, approved by its chair and adjuster: the minutes
        are locked."""
        meeting = self._held_meeting()
        Meeting.objects.filter(pk=meeting.pk).update(
            chair_approved_at=meeting.starts_at + timedelta(days=1),
            adjuster_approved_at=meeting.starts_at + timedelta(days=1),
        )
        return meeting

    @cached_property
    def decision(self):
        """An adopted decision of `minutes_meeting`, every party present agreeing."""
        from councils.services import decisions

        return decisions.decision_record(
            item=self.minutes_meeting.items.get(),
            text="Rådet ställer sig bakom lägesbilden.",
            positions={ap: ("agrees", given_by) for ap, given_by in D.givers(self).items()},
            by=None,
        )

    @cached_property
    def assignment(self):
        """An open assignment to the operative group by `decision`, for Polisen in Laholm
        (the kommunpolis submits input for it). Made directly: after the agreement's end
        no due day would be valid."""
        from councils.models import Assignment

        polisen = self.agreement.parties.filter(short_name="Polisen").first()
        return Assignment.objects.create(
            decision=self.decision,
            body=self.group,
            description="Ta fram underlag om otryggheten vid stationen.",
            responsible_party=polisen or self.party,
            due_on=self.minutes_meeting.date + timedelta(days=30),
        )


class K:
    """URL kwargs builders."""

    @staticmethod
    def agreement(o: Objects) -> dict:
        return {"agreement_pk": o.agreement.pk}

    @staticmethod
    def party(o: Objects) -> dict:
        return K.agreement(o) | {"party_pk": o.party.pk}

    @staticmethod
    def body(o: Objects) -> dict:
        return K.agreement(o) | {"body_pk": o.body.pk}

    @staticmethod
    def group(o: Objects) -> dict:
        return K.agreement(o) | {"body_pk": o.group.pk}

    @staticmethod
    def function(o: Objects) -> dict:
        return K.body(o) | {"function_pk": o.seat.function_id}

    @staticmethod
    def empty_function(o: Objects) -> dict:
        return K.body(o) | {"function_pk": o.empty_function.pk}

    @staticmethod
    def seat(o: Objects) -> dict:
        return K.body(o) | {"seat_pk": o.seat.pk}

    @staticmethod
    def substitute(o: Objects) -> dict:
        return K.body(o) | {"substitute_pk": o.substitute.pk}

    @staticmethod
    def meeting(o: Objects) -> dict:
        return K.body(o) | {"meeting_pk": o.meeting.pk}

    @staticmethod
    def draft_meeting(o: Objects) -> dict:
        return K.body(o) | {"meeting_pk": o.draft_meeting.pk}

    @staticmethod
    def agenda_item(o: Objects) -> dict:
        return K.meeting(o) | {"item_pk": o.agenda_item.pk}

    @staticmethod
    def standing_item(o: Objects) -> dict:
        return K.body(o) | {"item_pk": o.standing_item.pk}

    @staticmethod
    def minutes_meeting(o: Objects) -> dict:
        m = o.minutes_meeting
        return K.agreement(o) | {"body_pk": m.body_id, "meeting_pk": m.pk}

    @staticmethod
    def minutes_page(o: Objects) -> dict:
        """The meeting page of `minutes_meeting` with a decision and an assignment."""
        o.assignment  # noqa: B018 (records the decision and gives the assignment)
        return K.minutes_meeting(o)

    @staticmethod
    def locked_meeting(o: Objects) -> dict:
        m = o.locked_meeting
        return K.agreement(o) | {"body_pk": m.body_id, "meeting_pk": m.pk}

    @staticmethod
    def minutes_item(o: Objects) -> dict:
        return K.minutes_meeting(o) | {"item_pk": o.minutes_meeting.items.get().pk}

    @staticmethod
    def decision(o: Objects) -> dict:
        return K.minutes_meeting(o) | {"decision_pk": o.decision.pk}

    @staticmethod
    def assignment(o: Objects) -> dict:
        a = o.assignment
        return K.agreement(o) | {"body_pk": a.body_id, "assignment_pk": a.pk}

    @staticmethod
    def reset_link(o: Objects) -> dict:
        """A valid password-reset link, for an account that is not the acting user's."""
        someone = UserFactory()
        return {
            "uidb64": urlsafe_base64_encode(force_bytes(someone.pk)),
            "token": default_token_generator.make_token(someone),
        }

    @staticmethod
    def invitee(o: Objects) -> dict:
        return K.meeting(o) | {"invitee_pk": o.invitee.pk}

    @staticmethod
    def invited_meeting(o: Objects) -> dict:
        return K.body(o) | {"meeting_pk": o.invited_meeting.pk}

    @staticmethod
    def feed(o: Objects) -> dict:
        return {"token": o.feed.token}


def _iso(day) -> str:
    return day.isoformat() if day else ""


class D:
    """POST data builders: valid forms, so a permitted POST succeeds (302)."""

    @staticmethod
    def login(o: Objects) -> dict:
        return {"username": COORDINATOR, "password": DEMO_PASSWORD}

    @staticmethod
    def new_password(o: Objects) -> dict:
        new = "Ett nytt och långt lösenord 2026"
        return {"old_password": DEMO_PASSWORD, "new_password1": new, "new_password2": new}

    @staticmethod
    def reset(o: Objects) -> dict:
        return {"email": f"{COORDINATOR}@example.se"}

    @staticmethod
    def language(o: Objects) -> dict:
        return {"language": "en", "next": "/"}

    @staticmethod
    def agreement(o: Objects) -> dict:
        a = o.agreement
        return {
            "version": version_of(a),
            "title": a.title,
            "municipality": a.municipality,
            "valid_from": _iso(a.valid_from),
            "valid_to": _iso(a.valid_to),
            "signed_place": a.signed_place,
            "signed_on": _iso(a.signed_on),
            "status": a.status,
        }

    @staticmethod
    def party(o: Objects) -> dict:
        ap, p = o.party, o.party.party
        return {
            "version": version_of(ap),
            "name": p.name,
            "organisation_number": p.organisation_number,
            "address": p.address,
            "short_name": ap.short_name,
            "party_description": ap.party_description,
            "signatory_name": ap.signatory_name,
            "signatory_title": ap.signatory_title,
            "signatory_user": ap.signatory_user_id or "",
        }

    @staticmethod
    def new_function(o: Objects) -> dict:
        return {"title": "Fältsekreterare", "party": o.party.pk, "attendance": "always"}

    @staticmethod
    def invite(o: Objects) -> dict:
        return {
            "first_name": "Kim",
            "last_name": "Nyström",
            "email": "kim.nystrom@example.se",
            "agreement_party": o.party.pk,
            "title": "Fältassistent",
        }

    @staticmethod
    def function(o: Objects) -> dict:
        f = o.seat.function
        data = {
            "version": version_of(f),
            "title": f.title,
            "party": f.party_id,
            "attendance": f.attendance,
            "note": f.note,
        }
        # An unticked checkbox is simply absent from a browser's POST.
        data |= {name: "on" for name in ("is_group", "is_management_group") if getattr(f, name)}
        return data

    @staticmethod
    def seat(o: Objects) -> dict:
        return {"person": o.spare_person.pk, "valid_from": _iso(o.agreement.valid_from)}

    @staticmethod
    def seat_end(o: Objects) -> dict:
        # A day the seat has begun and the agreement still runs: the date itself is valid.
        day = min(max(TODAY, o.seat.valid_from), o.agreement.valid_to)
        return {"valid_to": _iso(day)}

    @staticmethod
    def substitute(o: Objects) -> dict:
        return {"person": o.spare_person.pk}

    @staticmethod
    def new_meeting(o: Objects) -> dict:
        day = o.meeting_day(14).isoformat()
        return {
            "kind": "ordinary",
            "starts_at": f"{day}T09:00",
            "ends_at": f"{day}T11:00",
            "place": "Kommunhuset, Laholm",
        }

    @staticmethod
    def meeting(o: Objects) -> dict:
        m = o.meeting
        local = timezone.localtime
        return {
            "version": version_of(m),
            "kind": m.kind,
            "starts_at": f"{local(m.starts_at):%Y-%m-%dT%H:%M}",
            "ends_at": f"{local(m.ends_at):%Y-%m-%dT%H:%M}",
            "place": "Stadshuset, sammanträdesrum Lagan",
            "video_link": m.video_link,
        } | ({"extended": "on"} if m.extended else {})

    @staticmethod
    def cancel(o: Objects) -> dict:
        return {"reason": "Ordföranden är sjuk."}

    @staticmethod
    def agenda_item(o: Objects) -> dict:
        return {"title": "Trygghetsvandring i centrum", "kind": "other", "presenter": ""}

    @staticmethod
    def agenda_item_edit(o: Objects) -> dict:
        item = o.agenda_item
        return {
            "version": version_of(item),
            "title": item.title,
            "kind": item.kind,
            "presenter": item.presenter_id or "",
            "notes": "Underlag skickas ut en vecka före mötet.",
        }

    @staticmethod
    def move_down(o: Objects) -> dict:
        return {"riktning": "down"}

    @staticmethod
    def year(o: Objects) -> dict:
        return {"year": o.meeting_day(0).year}

    @staticmethod
    def standing_item(o: Objects) -> dict:
        return {"title": "Övriga frågor", "kind": "other"}

    @staticmethod
    def standing_item_edit(o: Objects) -> dict:
        item = o.standing_item
        return {"version": version_of(item), "title": item.title, "kind": item.kind}

    @staticmethod
    def attendance(o: Objects) -> dict:
        return {f"attendance_{i.pk}": "present" for i in o.minutes_meeting.invitees.all()}

    @staticmethod
    def minutes(o: Objects) -> dict:
        from councils.services.minutes import minutes_version

        m = o.minutes_meeting
        notes = {f"minutes_{item.pk}": "Lägesbilden presenterades." for item in m.items.all()}
        return notes | {"version": minutes_version(m)}

    @staticmethod
    def signatories(o: Objects) -> dict:
        return {"chair": o.minutes_meeting.chair_id, "adjuster": o.minutes_meeting.adjuster_id}

    @staticmethod
    def addendum(o: Objects) -> dict:
        return {"text": "Rättelse: mötet slutade 11.45."}

    @staticmethod
    def givers(o: Objects) -> dict:
        """{party: the first invitee present for it} at `minutes_meeting`."""
        givers = {}
        for invitee in o.minutes_meeting.invitees.filter(attendance="present").order_by("pk"):
            if invitee.party is not None:
                givers.setdefault(invitee.party, invitee)
        return givers

    @staticmethod
    def decision(o: Objects) -> dict:
        data = {"text": "Rådet ställer sig bakom lägesbilden."}
        for party, given_by in D.givers(o).items():
            data |= {f"stance_{party.pk}": "agrees", f"given_by_{party.pk}": given_by.pk}
        return data

    @staticmethod
    def assignment(o: Objects) -> dict:
        o.group  # noqa: B018 (the operative group the assignment goes to)
        return {
            "description": "Ta fram underlag om otryggheten vid stationen.",
            "responsible_party": o.party.pk,
            "due_on": _iso(o.minutes_meeting.date + timedelta(days=30)),
        }

    @staticmethod
    def assignment_update(o: Objects) -> dict:
        a = o.assignment
        return {"status": "in_progress", "report": "", "version": version_of(a)}

    @staticmethod
    def guest(o: Objects) -> dict:
        return {
            "name": "Lina Räddare",
            "organisation": "Räddningstjänsten Halland",
            "email": "lina.raddare@example.se",
        }

    @staticmethod
    def presenter(o: Objects) -> dict:
        return {"person": o.spare_person.pk}

    @staticmethod
    def as_needed(o: Objects) -> dict:
        return {"function": o.as_needed_function.pk}


class W:
    """The new-agreement wizard (samverkan/views_lifecycle.py): a step's URL kwargs and
    valid POST data for each step, Halmstad's agreement with Polisen reused."""

    MUNICIPALITY = "212000-1314"  # a valid number no demo organisation has

    @staticmethod
    def step(slug: str) -> Callable[[Objects], dict]:
        return lambda o: {"step": slug}

    @staticmethod
    def parties(o: Objects) -> dict:
        return {
            "1-organisation_number": W.MUNICIPALITY,
            "1-name": "Halmstads kommun",
            "1-address": "Storgatan 1, 302 31 Halmstad",
            "1-short_name": "Kommunen",
            "2-organisation_number": "202100-0076",  # Polismyndigheten, already there
            "2-kind": "police",
            "2-short_name": "Polisen",
        }

    @staticmethod
    def period(o: Objects) -> dict:
        return {
            "title": "Samverkansöverenskommelse 2027–2029",
            "valid_from": "2027-01-01",
            "valid_to": "2029-12-31",
        }

    @staticmethod
    def text(o: Objects) -> dict:
        return {
            "clauses_from": "template",
            "annex_1": "Lokal lägesbild och orsaksanalys",
            "annex_2": "Medborgarlöfte 2027",
            "annex_3": "Åtgärdsplan",
        }

    @staticmethod
    def bodies(o: Objects) -> dict:
        data = {}
        for kind, name, ordinary, extended in (
            ("strategic", "Strategiskt råd", 4, 2),
            ("operative", "Operativ samverkansgrupp", 6, 0),
        ):
            data |= {
                f"{kind}-name": name,
                f"{kind}-ordinary_meetings_per_year": ordinary,
                f"{kind}-extended_meetings_per_year": extended,
                f"{kind}-template": "standard",
            }
        return data | {"strategic-chair": 1}

    @staticmethod
    def coordinator(o: Objects) -> dict:
        return {
            "first_name": "Hanna",
            "last_name": "Strand",
            "email": "hanna.strand@halmstad.example.se",
            "title": "Brottsförebyggande samordnare",
        }

    @staticmethod
    def renew(o: Objects) -> dict:
        return {"title": "Nästa period", "valid_from": "2027-01-01", "valid_to": "2029-12-31"}


def make_feed(page) -> None:
    """Scan action: make the user's calendar address on their profile page."""
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator(".feed-url").is_visible(), "no calendar address after making one"


@dataclass(frozen=True)
class Request:
    method: str
    data: Callable[[Objects], dict] | None = None


GET = Request("GET")


def POST(data: Callable[[Objects], dict] | None = None) -> Request:
    return Request("POST", data)


@dataclass(frozen=True)
class Scan:
    """The accessibility scan opens the page as `user` (None: anonymous), expects the
    status the registry gives that user, and lets `act` bring the loaded page into the
    state to check (a submitted form, say) before axe-core runs."""

    name: str
    user: str | None = COORDINATOR
    act: Callable | None = None


@dataclass(frozen=True)
class Page:
    name: str
    kwargs: Callable[[Objects], dict] | None
    request: Request
    anonymous: int
    samordnare: int
    member: int
    outsider: int
    # Single users who differ from their column, e.g. {"lpo-chef": 200} for a signatory.
    others: dict[str, int] = field(default_factory=dict)
    # The outsider's status on the same URL of their own agreement, where they are the
    # coordinator; None: as the samordnare column.
    at_home: int | None = None
    # Which of several pages with this URL and method, e.g. "operative" for a body's.
    variant: str = ""
    scans: tuple[Scan, ...] = ()
    # The most queries the page may run for the coordinator and a member, however much
    # the agreement holds (today's count + 2); None: not a page to read.
    queries: int | None = None
    # The page's name in the query-count tests.
    label: str = ""
    # The installation administrator's status; None: as the outsider column.
    installation: int | None = None
    # Users whose status differs once the agreement has ended, e.g. {"ks-ordforande": 403}
    # for staff whose only right here (reporting weekly) ends with it.
    after_the_end: dict[str, int] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return "-".join(filter(None, [self.name, self.request.method, self.variant]))

    def path(self, objects: Objects) -> str:
        return reverse(self.name, kwargs=self.kwargs(objects) if self.kwargs else None)

    def expected(self, role: str | None) -> int:
        role = role or ANONYMOUS
        if role in self.others:
            return self.others[role]
        if role == INSTALLATION:
            return self.outsider if self.installation is None else self.installation
        return {
            ANONYMOUS: self.anonymous,
            COORDINATOR: self.samordnare,
            OUTSIDER: self.outsider,
        }.get(role, self.member)

    def expected_at_home(self, role: str) -> int:
        """Status on the other agreement's objects: only its own coordinator gets in."""
        if role == ANONYMOUS:
            return self.anonymous
        if role == OUTSIDER:
            return self.samordnare if self.at_home is None else self.at_home
        return 404

    def expected_read_only(self, role: str) -> int:
        """Status once the agreement has ended: its members keep reading it, but nobody
        acts under it, so every member gets what a plain member gets."""
        if role in (ANONYMOUS, OUTSIDER, INSTALLATION):
            return self.expected(role)
        if role in self.after_the_end:
            return self.after_the_end[role]
        if self.others.get(role) in (403, 404) and self.member == 200:
            return self.others[role]  # kept out of a page members read (no part in it): still
        return self.member

    @property
    def acts(self) -> bool:
        """A page that changes the agreement: members who may read it are refused."""
        return self.member == 403


# Query bounds of the meeting pages (today's count + 2), beside the rows that use them.
MEETINGS_QUERIES = 13
CALENDAR_QUERIES = 13
# The meeting page includes the invitations' and the minutes' sections (23 queries today).
MEETING_QUERIES = 26

# Query bounds of the calendar feed and its profile page (today's count + 2).
FEED_QUERIES = 6
FEED_PAGE_QUERIES = 5

# fmt: off
PAGES = [
    #    URL name                      kwargs            request               anon, samordnare,
    #                                                                              member, outsider
    Page("login",                      None,             GET,                  200, 302, 302, 302,
         scans=(Scan("login", user=None),)),
    Page("login",                      None,             POST(D.login),        302, 302, 302, 302),
    Page("logout",                     None,             GET,                  405, 405, 405, 405),
    Page("logout",                     None,             POST(),               302, 302, 302, 302),
    Page("password_change",            None,             GET,                  302, 200, 200, 200,
         scans=(Scan("password change form"),)),
    Page("password_change",            None,             POST(D.new_password), 302, 302, 302, 302),
    Page("password_change_done",       None,             GET,                  302, 200, 200, 200),
    Page("password_reset",             None,             GET,                  200, 200, 200, 200,
         scans=(Scan("password reset form", user=None),)),
    Page("password_reset",             None,             POST(D.reset),        302, 302, 302, 302),
    Page("password_reset_done",        None,             GET,                  200, 200, 200, 200),
    Page("password_reset_confirm",     K.reset_link,     GET,                  302, 302, 302, 302),
    Page("password_reset_complete",    None,             GET,                  200, 200, 200, 200),
    Page("set_language",               None,             POST(D.language),     302, 302, 302, 302),

    Page("samverkan:home",             None,             GET,                  302, 200, 200, 200,
         # The start page's "Att göra" differs by role: scanned as every demo role.
         scans=(Scan("home"), *(Scan(f"home as {u}", user=u) for u in DEMO_USERNAMES[1:])),
         queries=11, label="home"),
    Page("samverkan:agreement",        K.agreement,      GET,                  302, 200, 200, 404,
         scans=(Scan("agreement overview"),), queries=26, label="overview"),
    # Not scanned: a PDF, not a web page (tests/samverkan/test_agreement_pdf.py).
    Page("samverkan:agreement_pdf",    K.agreement,      GET,                  302, 200, 200, 404,
         queries=10, label="agreement pdf"),
    Page("samverkan:agreement_edit",   K.agreement,      GET,                  302, 200, 403, 404,
         scans=(Scan("agreement edit form"),
                Scan("agreement edit with errors", act=agreement_ends_before_it_starts))),
    Page("samverkan:agreement_edit",   K.agreement,      POST(D.agreement),    302, 302, 403, 404),
    Page("samverkan:history",          K.agreement,      GET,                  302, 200, 200, 404,
         scans=(Scan("agreement history"),), queries=18, label="agreement history"),
    Page("samverkan:parties",          K.agreement,      GET,                  302, 200, 200, 404,
         scans=(Scan("parties"),), queries=13, label="parties"),
    Page("samverkan:party_edit",       K.party,          GET,                  302, 200, 403, 404,
         scans=(Scan("party edit form"),)),
    Page("samverkan:party_edit",       K.party,          POST(D.party),        302, 302, 403, 404),
    Page("samverkan:events",           K.agreement,      GET,                  302, 200, 200, 404,
         scans=(Scan("events"),), queries=12, label="events"),
    # Renewal opens six months before the end: on the frozen date Laholm's coordinator is
    # shown why not yet, and a POST is refused with the form re-shown (tests/samverkan/
    # test_lifecycle_renewal.py renews).
    Page("samverkan:agreement_renew",  K.agreement,      GET,                  302, 200, 403, 404,
         scans=(Scan("renewal not yet open"),)),
    Page("samverkan:agreement_renew",  K.agreement,      POST(W.renew),        302, 200, 403, 404),

    # The installation administrator's pages: nobody else's, whatever their agreements.
    Page("samverkan:installation",     None,             GET,                  302, 403, 403, 403,
         installation=200, scans=(Scan("installation agreements", user=INSTALLATION),)),
    Page("samverkan:wizard_cancel",    None,             GET,                  302, 403, 403, 403,
         installation=405),
    Page("samverkan:wizard_cancel",    None,             POST(),               302, 403, 403, 403,
         installation=302),
    Page("samverkan:wizard",           W.step("parter"), GET,                  302, 403, 403, 403,
         installation=200, variant="parter",
         scans=(Scan("wizard parties", user=INSTALLATION),
                Scan("wizard parties with errors", user=INSTALLATION, act=wizard_party_errors))),
    Page("samverkan:wizard",           W.step("parter"), POST(W.parties),      302, 403, 403, 403,
         installation=302, variant="parter"),
    Page("samverkan:wizard",           W.step("period"), GET,                  302, 403, 403, 403,
         installation=200, variant="period",
         scans=(Scan("wizard period", user=INSTALLATION),
                Scan("wizard period with errors", user=INSTALLATION,
                     act=agreement_ends_before_it_starts))),
    Page("samverkan:wizard",           W.step("period"), POST(W.period),       302, 403, 403, 403,
         installation=302, variant="period"),
    Page("samverkan:wizard",           W.step("text"),   GET,                  302, 403, 403, 403,
         installation=200, variant="text", scans=(Scan("wizard text", user=INSTALLATION),)),
    Page("samverkan:wizard",           W.step("text"),   POST(W.text),         302, 403, 403, 403,
         installation=302, variant="text"),
    Page("samverkan:wizard",           W.step("organ"),  GET,                  302, 403, 403, 403,
         installation=200, variant="organ", scans=(Scan("wizard bodies", user=INSTALLATION),)),
    # The chair is one of the parties: refused (200) until the parties step is filled in.
    Page("samverkan:wizard",           W.step("organ"),  POST(W.bodies),       302, 403, 403, 403,
         installation=200, variant="organ"),
    Page("samverkan:wizard",           W.step("samordnare"), GET,              302, 403, 403, 403,
         installation=200, variant="samordnare",
         scans=(Scan("wizard coordinator", user=INSTALLATION),)),
    Page("samverkan:wizard",           W.step("samordnare"), POST(W.coordinator), 302, 403, 403,
         403, installation=302, variant="samordnare"),
    Page("samverkan:wizard",           W.step("granska"), GET,                 302, 403, 403, 403,
         installation=200, variant="granska", scans=(Scan("wizard review", user=INSTALLATION),)),
    # Creating needs every step filled in first: refused (200) in a fresh session.
    Page("samverkan:wizard",           W.step("granska"), POST(),              302, 403, 403, 403,
         installation=200, variant="granska"),

    Page("councils:roster",            K.body,           GET,                  302, 200, 200, 404,
         scans=(Scan("roster strategic council"),), queries=21, label="council roster"),
    Page("councils:roster",            K.group,          GET,                  302, 200, 200, 404,
         variant="operative",
         scans=(Scan("roster operative group"),), queries=21, label="group roster"),
    Page("councils:history",           K.body,           GET,                  302, 200, 200, 404,
         scans=(Scan("roster history"),), queries=22, label="council history"),
    Page("councils:history",           K.group,          GET,                  302, 200, 200, 404,
         variant="operative", queries=22, label="group history"),
    Page("councils:person_invite",     K.body,           GET,                  302, 200, 403, 404,
         scans=(Scan("person invite form"),)),
    Page("councils:person_invite",     K.body,           POST(D.invite),       302, 302, 403, 404),
    Page("councils:function_create",   K.body,           GET,                  302, 200, 403, 404,
         # frivard, the council's substitute, may read the roster but not change it.
         scans=(Scan("function create form"), Scan("403 page", user="frivard"))),
    Page("councils:function_create",   K.body,           POST(D.new_function), 302, 302, 403, 404),
    Page("councils:function_edit",     K.function,       GET,                  302, 200, 403, 404,
         scans=(Scan("function edit form"),)),
    Page("councils:function_edit",     K.function,       POST(D.function),     302, 302, 403, 404),
    Page("councils:function_remove",   K.empty_function, GET,                  302, 405, 403, 404),
    Page("councils:function_remove",   K.empty_function, POST(),               302, 302, 403, 404),
    Page("councils:seat_assign",       K.empty_function, GET,                  302, 200, 403, 404,
         scans=(Scan("seat assign form"), Scan("seat assign with errors", act=empty_form))),
    Page("councils:seat_assign",       K.empty_function, POST(D.seat),         302, 302, 403, 404),
    Page("councils:seat_end",          K.seat,           GET,                  302, 200, 403, 404,
         scans=(Scan("seat end form"),)),
    Page("councils:seat_end",          K.seat,           POST(D.seat_end),     302, 302, 403, 404),
    Page("councils:substitute_add",    K.seat,           GET,                  302, 200, 403, 404,
         scans=(Scan("substitute add form"),)),
    Page("councils:substitute_add",    K.seat,           POST(D.substitute),   302, 302, 403, 404),
    Page("councils:substitute_remove", K.substitute,     GET,                  302, 405, 403, 404),
    Page("councils:substitute_remove", K.substitute,     POST(),               302, 302, 403, 404),

    Page("councils:meetings",          K.agreement,      GET,                  302, 200, 200, 404,
         scans=(Scan("meeting list"),), queries=MEETINGS_QUERIES, label="meetings"),
    Page("councils:calendar",          K.agreement,      GET,                  302, 200, 200, 404,
         scans=(Scan("meeting calendar"),), queries=CALENDAR_QUERIES, label="calendar"),
    Page("councils:meeting",           K.meeting,        GET,                  302, 200, 200, 404,
         scans=(Scan("meeting page"),), queries=MEETING_QUERIES, label="meeting"),
    Page("councils:meeting_create",    K.body,           GET,                  302, 200, 403, 404,
         scans=(Scan("meeting create form"),
                Scan("meeting ending before it starts", act=meeting_ends_before_it_starts))),
    Page("councils:meeting_create",    K.body,           POST(D.new_meeting),  302, 302, 403, 404),
    Page("councils:meeting_edit",      K.meeting,        GET,                  302, 200, 403, 404,
         scans=(Scan("meeting edit form"),)),
    Page("councils:meeting_edit",      K.meeting,        POST(D.meeting),      302, 302, 403, 404),
    Page("councils:meeting_confirm",   K.draft_meeting,  GET,                  302, 405, 403, 404),
    Page("councils:meeting_confirm",   K.draft_meeting,  POST(),               302, 302, 403, 404),
    Page("councils:meeting_cancel",    K.meeting,        GET,                  302, 200, 403, 404,
         scans=(Scan("meeting cancel form"),)),
    Page("councils:meeting_cancel",    K.meeting,        POST(D.cancel),       302, 302, 403, 404),
    Page("councils:agenda_item_create", K.meeting,       GET,                  302, 200, 403, 404,
         scans=(Scan("agenda item form"),)),
    Page("councils:agenda_item_create", K.meeting,       POST(D.agenda_item),  302, 302, 403, 404),
    Page("councils:agenda_item_edit",  K.agenda_item,    GET,                  302, 200, 403, 404,
         scans=(Scan("agenda item edit form"),)),
    Page("councils:agenda_item_edit",  K.agenda_item,    POST(D.agenda_item_edit),
         302, 302, 403, 404),
    Page("councils:agenda_item_remove", K.agenda_item,   GET,                  302, 405, 403, 404),
    Page("councils:agenda_item_remove", K.agenda_item,   POST(),               302, 302, 403, 404),
    Page("councils:agenda_item_move",  K.agenda_item,    GET,                  302, 405, 403, 404),
    Page("councils:agenda_item_move",  K.agenda_item,    POST(D.move_down),    302, 302, 403, 404),
    Page("councils:annual_plan",       K.body,           GET,                  302, 200, 403, 404,
         scans=(Scan("annual plan"),)),
    Page("councils:annual_plan_propose", K.body,         GET,                  302, 405, 403, 404),
    Page("councils:annual_plan_propose", K.body,         POST(D.year),         302, 302, 403, 404),
    Page("councils:annual_plan_confirm", K.body,         GET,                  302, 405, 403, 404),
    Page("councils:annual_plan_confirm", K.body,         POST(D.year),         302, 302, 403, 404),
    Page("councils:standing_items",    K.body,           GET,                  302, 200, 403, 404,
         scans=(Scan("standing items"),)),
    Page("councils:standing_item_create", K.body,        GET,                  302, 200, 403, 404,
         scans=(Scan("standing item form"),)),
    Page("councils:standing_item_create", K.body,        POST(D.standing_item), 302, 302, 403, 404),
    Page("councils:standing_item_edit", K.standing_item, GET,                  302, 200, 403, 404,
         scans=(Scan("standing item edit form"),)),
    Page("councils:standing_item_edit", K.standing_item, POST(D.standing_item_edit),
         302, 302, 403, 404),
    Page("councils:standing_item_remove", K.standing_item, GET,                302, 405, 403, 404),
    Page("councils:standing_item_remove", K.standing_item, POST(),             302, 302, 403, 404),
    Page("councils:standing_item_move", K.standing_item, GET,                  302, 405, 403, 404),
    Page("councils:standing_item_move", K.standing_item, POST(D.move_down),    302, 302, 403, 404),

    # Invitations (councils/views/invitations.py)
    Page("councils:meeting",           K.invited_meeting, GET,                 302, 200, 200, 404,
         variant="invitations",
         scans=(Scan("meeting page with invitations"),
                Scan("meeting page as an invited member", user=INVITED)),
         queries=MEETING_QUERIES, label="meeting with invitations"),
    Page("councils:guest_add",         K.meeting,        GET,                  302, 200, 403, 404,
         scans=(Scan("guest form"), Scan("guest form with errors", act=empty_form))),
    Page("councils:guest_add",         K.meeting,        POST(D.guest),        302, 302, 403, 404),
    Page("councils:presenter_add",     K.meeting,        GET,                  302, 200, 403, 404,
         scans=(Scan("presenter form"),)),
    Page("councils:presenter_add",     K.meeting,        POST(D.presenter),    302, 302, 403, 404),
    Page("councils:function_invite",   K.meeting,        GET,                  302, 200, 403, 404,
         scans=(Scan("vid behov form"),)),
    Page("councils:function_invite",   K.meeting,        POST(D.as_needed),    302, 302, 403, 404),
    # The member sends their own apologies; the convener anyone's.
    Page("councils:invitee_excuse",    K.invitee,        GET,                  302, 405, 403, 404,
         others={INVITED: 405}),
    Page("councils:invitee_excuse",    K.invitee,        POST(),               302, 302, 403, 404,
         others={INVITED: 302}),
    Page("councils:invitations_retry", K.meeting,        GET,                  302, 405, 403, 404),
    Page("councils:invitations_retry", K.meeting,        POST(),               302, 302, 403, 404),
    Page("councils:calendar_feed",     None,             GET,                  302, 200, 200, 200,
         scans=(Scan("calendar feed"), Scan("calendar feed with an address", act=make_feed)),
         queries=FEED_PAGE_QUERIES, label="calendar feed page"),
    Page("councils:calendar_feed_renew", None,           GET,                  302, 405, 405, 405),
    Page("councils:calendar_feed_renew", None,           POST(),               302, 302, 302, 302),
    Page("councils:calendar_feed_revoke", None,          GET,                  302, 405, 405, 405),
    Page("councils:calendar_feed_revoke", None,          POST(),               302, 302, 302, 302),
    Page("councils:calendar_feed_ics", K.feed,           GET,                  200, 200, 200, 200,
         queries=FEED_QUERIES, label="calendar feed"),

    # Attendance, minutes, decisions and assignments (councils/views/minutes.py). The
    # convener chairs `minutes_meeting` and the kommunpolis adjusts; only they approve.
    Page("councils:meeting",           K.minutes_page,   GET,                  302, 200, 200, 404,
         variant="minutes",
         scans=(Scan("meeting page with minutes and decisions"),
                Scan("meeting page as the adjuster", user="kommunpolis")),
         queries=MEETING_QUERIES, label="meeting with minutes"),
    Page("councils:attendance",        K.minutes_meeting, GET,                 302, 200, 403, 404,
         scans=(Scan("attendance form"),)),
    Page("councils:attendance",        K.minutes_meeting, POST(D.attendance),  302, 302, 403, 404),
    Page("councils:minutes_edit",      K.minutes_meeting, GET,                 302, 200, 403, 404,
         scans=(Scan("minutes form"),)),
    Page("councils:minutes_edit",      K.minutes_meeting, POST(D.minutes),     302, 302, 403, 404),
    Page("councils:minutes_signatories", K.minutes_meeting, GET,               302, 200, 403, 404,
         scans=(Scan("chair and adjuster form"),)),
    Page("councils:minutes_signatories", K.minutes_meeting, POST(D.signatories),
         302, 302, 403, 404),
    Page("councils:minutes_approve",   K.minutes_meeting, GET,                 302, 405, 403, 404,
         others={"kommunpolis": 405}),
    Page("councils:minutes_approve",   K.minutes_meeting, POST(),              302, 302, 403, 404,
         others={"kommunpolis": 302}),
    Page("councils:addendum_add",      K.locked_meeting, GET,                  302, 200, 403, 404,
         scans=(Scan("addendum form"),)),
    Page("councils:addendum_add",      K.locked_meeting, POST(D.addendum),     302, 302, 403, 404),
    Page("councils:decision_record",   K.minutes_item,   GET,                  302, 200, 403, 404,
         scans=(Scan("decision form"), Scan("decision form with errors", act=empty_form))),
    Page("councils:decision_record",   K.minutes_item,   POST(D.decision),     302, 302, 403, 404),
    Page("councils:decision_remove",   K.decision,       GET,                  302, 405, 403, 404),
    Page("councils:decision_remove",   K.decision,       POST(),               302, 302, 403, 404),
    Page("councils:assignment_give",   K.decision,       GET,                  302, 200, 403, 404,
         scans=(Scan("assignment form"),)),
    Page("councils:assignment_give",   K.decision,       POST(D.assignment),   302, 302, 403, 404),
    # The conveners, and whoever submits input for the responsible party (Polisen).
    Page("councils:assignment_update", K.assignment,     GET,                  302, 200, 403, 404,
         others={"kommunpolis": 200}, scans=(Scan("assignment report form"),)),
    Page("councils:assignment_update", K.assignment,     POST(D.assignment_update),
         302, 302, 403, 404, others={"kommunpolis": 302}),
]
# fmt: on

# The situation picture's areas keep their rows beside their tests (tests/situation/); they
# import this module's Page and builders, so they are joined once those are defined.
from tests.situation import (  # noqa: E402
    pages_checkin,
    pages_feedback,
    pages_inputs,
    pages_lists,
    pages_reports,
    pages_requests,
    pages_survey,
    pages_weekly,
)
from tests.situation import pages_history as pages_request_history  # noqa: E402

PAGES += [
    *pages_inputs.PAGES,
    *pages_lists.PAGES,
    *pages_requests.PAGES,
    *pages_request_history.PAGES,
    *pages_survey.PAGES,
    *pages_reports.PAGES,
    *pages_weekly.PAGES,
    *pages_checkin.PAGES,
    *pages_feedback.PAGES,
]

# The action plan and the medborgarlöften (tests/actionplan/), joined the same way.
from tests.actionplan import (  # noqa: E402
    pages_followups,
    pages_plans,
    pages_promises,
    pages_public,
)
from tests.actionplan import pages_history as pages_follow_up_history  # noqa: E402

PAGES += [
    *pages_plans.PAGES,
    *pages_followups.PAGES,
    *pages_follow_up_history.PAGES,
    *pages_promises.PAGES,
    *pages_public.PAGES,
]

# The annex versions, their signatures and the signatory designations (tests/annexes/).
from tests.annexes import (  # noqa: E402
    pages_councils,
    pages_pdf,
    pages_signatories,
    pages_sources,
    pages_versions,
)
from tests.councils import pages_history as pages_meeting_history  # noqa: E402
from tests.councils import pages_pdf as pages_meeting_pdf  # noqa: E402
from tests.samverkan import (  # noqa: E402
    pages_accessibility,
    pages_account,
    pages_annual,
    pages_compliance,
    pages_reminders,
)

PAGES += [
    *pages_account.PAGES,
    *pages_reminders.PAGES,
    *pages_accessibility.PAGES,
    *pages_compliance.PAGES,
    *pages_annual.PAGES,
    *pages_versions.PAGES,
    *pages_pdf.PAGES,
    *pages_meeting_pdf.PAGES,
    *pages_meeting_history.PAGES,
    *pages_councils.PAGES,
    *pages_sources.PAGES,
    *pages_signatories.PAGES,
]


def named_routes(patterns, namespace: str = "", prefix: str = "") -> dict[str, str]:
    """{"ns:name": full route} of every URL under these patterns (admin aside)."""
    routes: dict[str, str] = {}
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            if inner.split(":")[0] not in NOT_IN_REGISTRY:
                routes |= named_routes(pattern.url_patterns, inner, route)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            routes[name or f"(unnamed) {route}"] = route
    return routes


ROUTES = named_routes(get_resolver().url_patterns)
# Pages of one agreement (their URL starts with its id).
AGREEMENT_PAGES = [page for page in PAGES if "<int:agreement_pk>" in ROUTES.get(page.name, "")]
# Pages people read, with the most queries each may run.
READ_PAGES = [page for page in PAGES if page.queries is not None]
# (row, scan) for every page the accessibility scan checks.
SCANS = [(page, scan) for page in PAGES for scan in page.scans]


def page(name: str, method: str = "GET", variant: str = "") -> Page:
    """The registry's row for this URL name and method: page("councils:roster")."""
    [found] = [p for p in PAGES if (p.name, p.request.method, p.variant) == (name, method, variant)]
    return found


def build(objects: Objects, row: Page) -> tuple[str, dict]:
    """The row's URL and POST data (none for a GET), built from these objects."""
    url = row.path(objects)
    return url, row.request.data(objects) if row.request.data else {}


# A session per demo user, logged in once per test database (tests/conftest.py): a client
# takes its cookie instead of logging in again (eight queries) for every request.
SESSIONS: dict[str, str] = {}


def log_in_once(usernames) -> None:
    """Log each user in (force_login: a session as any login makes; a signatory or an
    installation administrator with the second factor given) and keep its key."""
    for username in usernames:
        client = Client()
        force_login_as_in_life(client, get_user_model().objects.get(username=username))
        SESSIONS[username] = client.cookies[settings.SESSION_COOKIE_NAME].value


@contextmanager
def sessions_logged_in_now(usernames):
    """Inside: the users' kept sessions are new ones, logged in now in the test's transaction,
    for a test that has moved the clock past the expiry of those of the test database."""
    kept = dict(SESSIONS)
    log_in_once(usernames)
    try:
        yield
    finally:
        SESSIONS.clear()
        SESSIONS.update(kept)


def log_in(client, username: str) -> None:
    """Log the client in as the user: with the session kept for them if it is still theirs
    (not expired, their password unchanged), else with a new one."""
    user = get_user_model().objects.get(username=username)
    key = SESSIONS.get(username)
    if key is not None:
        session = SessionStore(session_key=key).load()  # {} once expired or gone
        if (
            session.get(SESSION_KEY) == str(user.pk)
            and session.get(HASH_SESSION_KEY) == user.get_session_auth_hash()
        ):
            client.cookies[settings.SESSION_COOKIE_NAME] = key
            return
    force_login_as_in_life(client, user)


def request_as(client, row: Page, role: str, url: str, data: dict):
    """Send the row's request as `role` (logged in here, after the data was built: building
    it may reset the acting user's password, which would end a session opened earlier)."""
    if role != ANONYMOUS:
        log_in(client, role)
    if row.request.method == "POST":
        return client.post(url, data)
    return client.get(url)


def open_as(client, agreement: Agreement, row: Page, role: str):
    """Request the row's URL, built from the agreement's objects, as `role`:
    (url, response)."""
    url, data = build(Objects(agreement, role), row)
    return url, request_as(client, row, role, url, data)


def assert_status(url: str, response, row: Page, role: str, expected: int, agreement) -> None:
    assert response.status_code == expected, (
        f"{row.request.method} {url} as {role}: {response.status_code}, expected {expected}"
    )
    if expected == 404:  # not even the agreement's name gives it away
        assert agreement.title not in response.content.decode(), (
            f"{row.request.method} {url} as {role}: the 404 names the agreement"
        )
    if role == ANONYMOUS and row.name not in PUBLIC:
        assert response["Location"].startswith(reverse("login")), (
            f"{row.request.method} {url} as {role}: sent to {response['Location']}, not to log in"
        )
    if row.request.method == "POST" and expected == 302:
        errors = [m for m in get_messages(response.wsgi_request) if m.level >= messages.ERROR]
        assert not errors, f"POST {url} as {role} did not succeed: {errors}"


def _built_for_every_role(agreement: Agreement, row: Page, role: str) -> tuple[str, dict] | None:
    """Build the row's objects as `role`, and keep them (the URL and data) if no builder
    asked who the role is: then every role gets the same. Otherwise undo them: each role
    builds its own."""
    savepoint = transaction.savepoint_create()
    objects = Objects(agreement, role)
    built = build(objects, row)
    if objects.read_username:
        transaction.savepoint_rollback(savepoint)
        return None
    transaction.savepoint_commit(savepoint)
    return built


def _rewound(built: tuple[str, dict]) -> tuple[str, dict]:
    """The shared URL and data with their files rewound: a request reads the files it sends
    to the end, and the next role sends them again."""
    for value in built[1].values():
        for item in value if isinstance(value, list | tuple) else [value]:
            if hasattr(item, "seek"):
                item.seek(0)
    return built


def row_statuses(
    agreement: Agreement, row: Page, roles: list[str], expected: Callable[[str], int]
) -> list[str]:
    """Open the row's page as each role, with a client of its own and in a savepoint rolled
    back afterwards (a permitted POST changes data), and check the status `expected(role)`
    as assert_status does. Returns every mismatch, one line each naming the row and the
    role: one role's failure does not hide another's. An error other than a failed check
    (a view that crashes) is raised, with the mismatches noted on it.

    The objects, URL and data are built once for the row when no builder asks who the role
    is (most rows); else for each role inside its savepoint. A PDF made from the same HTML
    (its creation time aside) is converted once for the row (`pdfs_made_once`). All that
    the row builds is rolled back at the end, as is every request."""
    wrong: list[str] = []
    crashes: list[Exception] = []
    with pdfs_made_once(), transaction.atomic():
        shared = _built_for_every_role(agreement, row, roles[0]) if len(roles) > 1 else None
        for role in roles:
            with transaction.atomic():
                try:
                    url, data = _rewound(shared) if shared else build(Objects(agreement, role), row)
                    response = request_as(Client(), row, role, url, data)
                    assert_status(url, response, row, role, expected(role), agreement)
                except AssertionError as failure:
                    wrong.append(f"{row.id}: {str(failure).splitlines()[0]}")
                except Exception as crash:  # noqa: BLE001 (raised below, after the others)
                    crash.add_note(f"{row.id} as {role}")
                    crashes.append(crash)
                transaction.set_rollback(True)
        transaction.set_rollback(True)
    if crashes:
        for line in wrong:
            crashes[0].add_note(line)
        raise crashes[0]
    return wrong


# The creation time in a PDF's metadata (templates/pdf/base.html): it differs by the second.
_CREATED = re.compile(r'(<meta name="dcterms\.created" content=")[^"]*')


@contextmanager
def pdfs_made_once():
    """Inside: a PDF whose HTML (rendered by the view, as always) and attached files are the
    same as those of one converted before, its creation time aside, gets that PDF's bytes
    instead of a second conversion by WeasyPrint (a second or more each). For tests that
    check who may open a PDF or what a page links to, not what is in the PDF (that is
    tests/samverkan/test_agreement_pdf.py's and tests/annexes/')."""
    from samverkan import pdf

    made: dict[tuple, bytes] = {}
    converting, attaching = pdf.HTML, pdf.Attachment

    class KeyedAttachment(attaching):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.key = None if args else repr(sorted(kwargs.items()))

    class ConvertedOnce(converting):
        def __init__(self, *args, string: str | None = None, **kwargs):
            super().__init__(*args, string=string, **kwargs)
            self.key = _CREATED.sub(r"\1", string) if string is not None else None

        def write_pdf(self, *args, **kwargs):
            files = tuple(getattr(a, "key", None) for a in kwargs.get("attachments") or ())
            if self.key is None or args or None in files:
                return super().write_pdf(*args, **kwargs)
            key = (self.key, files)
            if key not in made:
                made[key] = super().write_pdf(*args, **kwargs)
            return made[key]

    pdf.HTML, pdf.Attachment = ConvertedOnce, KeyedAttachment
    try:
        yield
    finally:
        pdf.HTML, pdf.Attachment = converting, attaching
