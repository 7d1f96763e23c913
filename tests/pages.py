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

A permitted POST gets valid data and must succeed (302 without an error message).

Adding a URL: add a row (the matrix's guard test fails until you do; only the admin is
exempt). `kwargs` and the POST `data` are functions of `Objects`, the objects of one
agreement the row acts on; a page open without login also goes into PUBLIC. Give a page
people read a `queries` bound and a `Scan`, and a form a `Scan` as well.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.messages import get_messages
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from councils.demo import DEMO_PASSWORD
from councils.models import Body, Seat, Substitute
from samverkan.models import Agreement
from samverkan.services import version_of
from tests.browser.support import agreement_ends_before_it_starts, empty_form
from tests.factories import (
    BodyFactory,
    FunctionFactory,
    PersonFactory,
    SubstituteFactory,
    UserFactory,
)
from tests.helpers import DEMO_USERNAMES, OUTSIDER, TODAY

ANONYMOUS = "anonymous"
COORDINATOR = "samordnare"
ROLES = [ANONYMOUS, *DEMO_USERNAMES, OUTSIDER]

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
}


class Objects:
    """The objects one row acts on: one agreement's, as seen by one role.

    Whatever the agreement lacks (a function nobody holds, a spare person) is
    created when first asked for, so it works for any agreement.
    """

    def __init__(self, agreement: Agreement, username: str | None = COORDINATOR):
        self.agreement = agreement
        self.username = username

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
        """A seat held today, or on the first day of an agreement yet to begin."""
        day = max(timezone.localdate(), self.agreement.valid_from)
        return (
            Seat.objects.current(day)
            .filter(function__body=self.body)
            .select_related("function")
            .order_by("pk")
            .first()
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
    def reset_link(o: Objects) -> dict:
        """A valid password-reset link, for an account that is not the acting user's."""
        someone = UserFactory()
        return {
            "uidb64": urlsafe_base64_encode(force_bytes(someone.pk)),
            "token": default_token_generator.make_token(someone),
        }


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

    @property
    def id(self) -> str:
        return "-".join(filter(None, [self.name, self.request.method, self.variant]))

    def path(self, objects: Objects) -> str:
        return reverse(self.name, kwargs=self.kwargs(objects) if self.kwargs else None)

    def expected(self, role: str | None) -> int:
        role = role or ANONYMOUS
        if role in self.others:
            return self.others[role]
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
        if role in (ANONYMOUS, OUTSIDER):
            return self.expected(role)
        return self.member

    @property
    def acts(self) -> bool:
        """A page that changes the agreement: members who may read it are refused."""
        return self.member == 403


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
         scans=(Scan("home"),), queries=5, label="home"),
    Page("samverkan:agreement",        K.agreement,      GET,                  302, 200, 200, 404,
         scans=(Scan("agreement overview"),), queries=15, label="overview"),
    Page("samverkan:agreement_edit",   K.agreement,      GET,                  302, 200, 403, 404,
         scans=(Scan("agreement edit form"),
                Scan("agreement edit with errors", act=agreement_ends_before_it_starts))),
    Page("samverkan:agreement_edit",   K.agreement,      POST(D.agreement),    302, 302, 403, 404),
    Page("samverkan:history",          K.agreement,      GET,                  302, 200, 200, 404,
         scans=(Scan("agreement history"),), queries=16, label="agreement history"),
    Page("samverkan:parties",          K.agreement,      GET,                  302, 200, 200, 404,
         scans=(Scan("parties"),), queries=13, label="parties"),
    Page("samverkan:party_edit",       K.party,          GET,                  302, 200, 403, 404,
         scans=(Scan("party edit form"),)),
    Page("samverkan:party_edit",       K.party,          POST(D.party),        302, 302, 403, 404),
    Page("samverkan:events",           K.agreement,      GET,                  302, 200, 200, 404,
         scans=(Scan("events"),), queries=12, label="events"),

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
]
# fmt: on


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


def open_as(client, agreement: Agreement, row: Page, role: str):
    """Request the row's URL, built from the agreement's objects, as `role`:
    (url, response)."""
    objects = Objects(agreement, role)
    url = row.path(objects)
    # Data before login: building it may reset the acting user's password, which
    # would end a session opened earlier.
    data = row.request.data(objects) if row.request.data else {}
    if role != ANONYMOUS:
        client.force_login(get_user_model().objects.get(username=role))
    if row.request.method == "POST":
        return url, client.post(url, data)
    return url, client.get(url)


def assert_status(url: str, response, row: Page, role: str, expected: int, agreement) -> None:
    assert response.status_code == expected, (
        f"{row.request.method} {url} as {role}: {response.status_code}, expected {expected}"
    )
    if expected == 404:  # not even the agreement's name gives it away
        assert agreement.title not in response.content.decode()
    if role == ANONYMOUS and row.name not in PUBLIC:
        assert response["Location"].startswith(reverse("login")), response["Location"]
    if row.request.method == "POST" and expected == 302:
        errors = [m for m in get_messages(response.wsgi_request) if m.level >= messages.ERROR]
        assert not errors, f"POST {url} as {role} did not succeed: {errors}"
