"""Every URL × every role: the status each demo user gets (DESIGN, Conventions 3 and 10).

One row per URL and method. The four status columns are

    anonymous   not logged in: every page outside PUBLIC sends them to log in (302)
    samordnare  the coordinator: convenes both bodies, keeps the rosters and the
                agreement's register data (the only one with manage_roster and
                change_agreement in the demo)
    member      every other Laholm demo user (all of them may read the agreement
                and both rosters); `others={"lpo-chef": 200}` sets one user apart
    outsider    `annan-kommun`, coordinator of another agreement only: Laholm's
                pages do not exist for them (404, never 403)

and each (row, role) is its own test. A permitted POST gets valid data and must
succeed (302 without an error message). Every agreement-scoped row is also run
against the other agreement, where the Laholm users get 404 and the outsider is
its coordinator (`at_home`, by default the samordnare column).

Adding a URL: add a row (the guard test below fails until you do; only the
admin is exempt). `kwargs` and `data` are functions of `Objects`, the demo
objects the row acts on; a page open without login also goes into PUBLIC.
Below the table: ids of one agreement inside another's URL, and access checks
coming before the method check (404/403 before 405).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import pytest
from django.contrib import messages
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
from tests.conftest import DEMO_USERNAMES, OUTSIDER
from tests.factories import FunctionFactory, PersonFactory, SubstituteFactory, UserFactory

ANONYMOUS = "anonymous"
COORDINATOR = "samordnare"
ROLES = [ANONYMOUS, *DEMO_USERNAMES, OUTSIDER]

# Named URLs the matrix does not walk: Django's own admin (staff only, not a role here).
NOT_IN_MATRIX = {"admin"}
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
    created inside the test's transaction, so it works for any agreement.
    """

    def __init__(self, agreement: Agreement, username: str):
        self.agreement = agreement
        self.username = username

    @cached_property
    def body(self) -> Body:
        return self.agreement.bodies.get(kind=Body.Kind.STRATEGIC_COUNCIL)

    @cached_property
    def party(self):
        return self.agreement.parties.select_related("party").order_by("order", "pk").first()

    @cached_property
    def seat(self) -> Seat:
        return (
            Seat.objects.current()
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
        # Today, kept inside the agreement's validity so the date itself is valid.
        day = min(max(timezone.localdate(), o.seat.valid_from), o.agreement.valid_to)
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
class Row:
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

    @property
    def id(self) -> str:
        return f"{self.name}-{self.request.method}"

    def expected(self, role: str) -> int:
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


# fmt: off
MATRIX = [
    #   URL name                      kwargs            request               anon, samordnare,
    #                                                                             member, outsider
    Row("login",                      None,             GET,                  200, 302, 302, 302),
    Row("login",                      None,             POST(D.login),        302, 302, 302, 302),
    Row("logout",                     None,             GET,                  405, 405, 405, 405),
    Row("logout",                     None,             POST(),               302, 302, 302, 302),
    Row("password_change",            None,             GET,                  302, 200, 200, 200),
    Row("password_change",            None,             POST(D.new_password), 302, 302, 302, 302),
    Row("password_change_done",       None,             GET,                  302, 200, 200, 200),
    Row("password_reset",             None,             GET,                  200, 200, 200, 200),
    Row("password_reset",             None,             POST(D.reset),        302, 302, 302, 302),
    Row("password_reset_done",        None,             GET,                  200, 200, 200, 200),
    Row("password_reset_confirm",     K.reset_link,     GET,                  302, 302, 302, 302),
    Row("password_reset_complete",    None,             GET,                  200, 200, 200, 200),
    Row("set_language",               None,             POST(D.language),     302, 302, 302, 302),

    Row("samverkan:home",             None,             GET,                  302, 200, 200, 200),
    Row("samverkan:agreement",        K.agreement,      GET,                  302, 200, 200, 404),
    Row("samverkan:agreement_edit",   K.agreement,      GET,                  302, 200, 403, 404),
    Row("samverkan:agreement_edit",   K.agreement,      POST(D.agreement),    302, 302, 403, 404),
    Row("samverkan:history",          K.agreement,      GET,                  302, 200, 200, 404),
    Row("samverkan:parties",          K.agreement,      GET,                  302, 200, 200, 404),
    Row("samverkan:party_edit",       K.party,          GET,                  302, 200, 403, 404),
    Row("samverkan:party_edit",       K.party,          POST(D.party),        302, 302, 403, 404),
    Row("samverkan:events",           K.agreement,      GET,                  302, 200, 200, 404),

    Row("councils:roster",            K.body,           GET,                  302, 200, 200, 404),
    Row("councils:history",           K.body,           GET,                  302, 200, 200, 404),
    Row("councils:person_invite",     K.body,           GET,                  302, 200, 403, 404),
    Row("councils:person_invite",     K.body,           POST(D.invite),       302, 302, 403, 404),
    Row("councils:function_create",   K.body,           GET,                  302, 200, 403, 404),
    Row("councils:function_create",   K.body,           POST(D.new_function), 302, 302, 403, 404),
    Row("councils:function_edit",     K.function,       GET,                  302, 200, 403, 404),
    Row("councils:function_edit",     K.function,       POST(D.function),     302, 302, 403, 404),
    Row("councils:function_remove",   K.empty_function, GET,                  302, 405, 403, 404),
    Row("councils:function_remove",   K.empty_function, POST(),               302, 302, 403, 404),
    Row("councils:seat_assign",       K.empty_function, GET,                  302, 200, 403, 404),
    Row("councils:seat_assign",       K.empty_function, POST(D.seat),         302, 302, 403, 404),
    Row("councils:seat_end",          K.seat,           GET,                  302, 200, 403, 404),
    Row("councils:seat_end",          K.seat,           POST(D.seat_end),     302, 302, 403, 404),
    Row("councils:substitute_add",    K.seat,           GET,                  302, 200, 403, 404),
    Row("councils:substitute_add",    K.seat,           POST(D.substitute),   302, 302, 403, 404),
    Row("councils:substitute_remove", K.substitute,     GET,                  302, 405, 403, 404),
    Row("councils:substitute_remove", K.substitute,     POST(),               302, 302, 403, 404),
]
# fmt: on


def _named_routes(patterns, namespace: str = "", prefix: str = "") -> dict[str, str]:
    """{"ns:name": full route} of every URL under these patterns (admin aside)."""
    routes: dict[str, str] = {}
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            if inner.split(":")[0] not in NOT_IN_MATRIX:
                routes |= _named_routes(pattern.url_patterns, inner, route)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            routes[name or f"(unnamed) {route}"] = route
    return routes


ROUTES = _named_routes(get_resolver().url_patterns)
# Rows under an agreement: run again on the other agreement's objects.
AGREEMENT_ROWS = [row for row in MATRIX if "<int:agreement_pk>" in ROUTES.get(row.name, "")]


def _request(client, user, agreement: Agreement, row: Row, role: str):
    objects = Objects(agreement, role)
    url = reverse(row.name, kwargs=row.kwargs(objects) if row.kwargs else None)
    # Data before login: building it may reset the acting user's password, which
    # would end a session opened earlier.
    data = row.request.data(objects) if row.request.data else {}
    if role != ANONYMOUS:
        client.force_login(user(role))
    if row.request.method == "POST":
        return url, client.post(url, data)
    return url, client.get(url)


def _assert_status(url: str, response, row: Row, role: str, expected: int, agreement) -> None:
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


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", MATRIX, ids=lambda row: row.id)
def test_each_role_gets_the_status_in_the_matrix(client, user, laholm, row, role):
    url, response = _request(client, user, laholm, row, role)
    _assert_status(url, response, row, role, row.expected(role), laholm)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", AGREEMENT_ROWS, ids=lambda row: row.id)
def test_laholm_members_get_404_on_the_other_agreements_pages(
    client, user, other_agreement, row, role
):
    url, response = _request(client, user, other_agreement, row, role)
    _assert_status(url, response, row, role, row.expected_at_home(role), other_agreement)


def test_every_named_url_has_a_row_in_the_matrix():
    routes = _named_routes(get_resolver().url_patterns)
    assert {"samverkan:home", "councils:roster", "login"} <= routes.keys()  # the walk works
    missing = sorted(routes.keys() - {row.name for row in MATRIX})
    assert not missing, f"Add rows to MATRIX in {__file__} (and name every URL): {missing}"


def test_every_row_names_an_existing_url_once_per_method():
    assert {row.name for row in MATRIX} <= ROUTES.keys()
    ids = [row.id for row in MATRIX]
    assert len(ids) == len(set(ids))


def test_the_matrix_hides_every_laholm_page_from_the_outsider_with_404_not_403():
    assert len(AGREEMENT_ROWS) > 20
    assert {row.expected(OUTSIDER) for row in AGREEMENT_ROWS} == {404}


def test_the_matrix_sends_anonymous_users_to_log_in_on_every_page_not_public():
    assert {row.anonymous for row in MATRIX if row.name not in PUBLIC} == {302}


# Ids of one agreement inside the other's URL: 404 even for a coordinator, who may
# manage everything of their own agreement. Builders get (own objects, foreign objects).
MIXED = {
    "foreign_body": lambda own, far: K.agreement(own) | {"body_pk": far.body.pk},
    "foreign_party": lambda own, far: K.agreement(own) | {"party_pk": far.party.pk},
    "foreign_function": lambda own, far: K.body(own) | {"function_pk": far.seat.function_id},
    "foreign_seat": lambda own, far: K.body(own) | {"seat_pk": far.seat.pk},
    "foreign_substitute": lambda own, far: K.body(own) | {"substitute_pk": far.substitute.pk},
}
MIXED_URLS = [
    ("councils:roster", "GET", "foreign_body"),
    ("councils:function_create", "POST", "foreign_body"),
    ("samverkan:party_edit", "GET", "foreign_party"),
    ("samverkan:party_edit", "POST", "foreign_party"),
    ("councils:function_edit", "GET", "foreign_function"),
    ("councils:function_remove", "POST", "foreign_function"),
    ("councils:seat_assign", "GET", "foreign_function"),
    ("councils:seat_end", "GET", "foreign_seat"),
    ("councils:substitute_add", "GET", "foreign_seat"),
    ("councils:substitute_remove", "POST", "foreign_substitute"),
]


@pytest.mark.parametrize("coordinator", [COORDINATOR, OUTSIDER])
@pytest.mark.parametrize(("name", "method", "mix"), MIXED_URLS)
def test_ids_of_another_agreement_in_a_url_give_404_even_to_a_coordinator(
    client, user, laholm, other_agreement, coordinator, name, method, mix
):
    own, far = laholm, other_agreement
    if coordinator == OUTSIDER:
        own, far = far, own
    url = reverse(name, kwargs=MIXED[mix](Objects(own, coordinator), Objects(far, coordinator)))
    client.force_login(user(coordinator))
    response = client.post(url, {}) if method == "POST" else client.get(url)
    assert response.status_code == 404, f"{method} {url} as {coordinator}"


def test_a_function_of_the_operative_group_is_not_found_under_the_strategic_council(
    client, user, laholm
):
    strategic = laholm.bodies.get(kind=Body.Kind.STRATEGIC_COUNCIL)
    function = laholm.bodies.get(kind=Body.Kind.OPERATIVE_GROUP).functions.first()
    kwargs = {"agreement_pk": laholm.pk, "body_pk": strategic.pk, "function_pk": function.pk}
    client.force_login(user(COORDINATOR))
    assert client.get(reverse("councils:function_edit", kwargs=kwargs)).status_code == 404


# A member who may not act gets 403 whatever the method: the access check runs
# before the method check, as it does for the roster pages.
FORBIDDEN_TO_MEMBERS = sorted(
    {row.name: row for row in AGREEMENT_ROWS if row.member == 403}.values(), key=lambda r: r.name
)


@pytest.mark.parametrize("row", FORBIDDEN_TO_MEMBERS, ids=lambda row: row.name)
def test_a_member_who_may_not_act_gets_403_before_405_for_any_method(client, user, laholm, row):
    url = reverse(row.name, kwargs=row.kwargs(Objects(laholm, "sakerhetschef")))
    client.force_login(user("sakerhetschef"))
    assert client.put(url).status_code == 403


@pytest.mark.parametrize("row", FORBIDDEN_TO_MEMBERS, ids=lambda row: row.name)
def test_the_outsider_gets_404_before_405_for_any_method(client, user, laholm, row):
    url = reverse(row.name, kwargs=row.kwargs(Objects(laholm, OUTSIDER)))
    client.force_login(user(OUTSIDER))
    assert client.put(url).status_code == 404
