"""Every URL × every role: the status each demo user gets (DESIGN, Conventions 3 and 10).

The rows are the page registry, tests/pages.py: one row per URL and method with the
status of each role column (anonymous, samordnare, member, outsider) and how its
arguments and POST data are built. Each row is a test that opens its page as every role,
each role with a client of its own and inside a savepoint rolled back afterwards, and
fails listing every role whose status is wrong (`pytest -k roster` selects a URL's
rows). A permitted POST gets valid data and must succeed (302 without an error
message). Every agreement-scoped
row is also run against the other agreement, where the Laholm users get 404 and the
outsider is its coordinator (`at_home`, by default the samordnare column).

Adding a URL: add a row to tests/pages.py (the guard test below fails until you do; only
the admin is exempt). Below the table: ids of one agreement inside another's URL, and
access checks coming before the method check (404/403 before 405).
"""

import pytest
from django.urls import get_resolver, reverse

from councils.models import Body
from tests.pages import (
    AGREEMENT_PAGES,
    ANONYMOUS,
    COORDINATOR,
    INSTALLATION,
    OUTSIDER,
    PAGES,
    PUBLIC,
    ROLES,
    ROUTES,
    K,
    Objects,
    named_routes,
    row_statuses,
)

MATRIX = PAGES
# Rows under an agreement: run again on the other agreement's objects.
AGREEMENT_ROWS = AGREEMENT_PAGES
# Who opens them there: the Laholm coordinator (the most rights in Laholm) and a Laholm
# member with rights on their party (kommunpolis) stand for the Laholm users, whose rights
# on the other agreement's objects are none (tests/councils/test_roles.py checks every
# user: test_a_laholm_member_has_no_permission_on_any_object_of_another_agreement); the
# other agreement's coordinator, the administrator and anonymous as in Laholm. Every Laholm
# user on every row doubled the matrix's time without finding more.
FOREIGN_ROLES = [ANONYMOUS, COORDINATOR, "kommunpolis", OUTSIDER, INSTALLATION]


@pytest.mark.parametrize("row", MATRIX, ids=lambda row: row.id)
def test_each_role_gets_the_status_in_the_matrix(laholm, row):
    wrong = row_statuses(laholm, row, ROLES, row.expected)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("row", AGREEMENT_ROWS, ids=lambda row: row.id)
def test_laholm_members_get_404_on_the_other_agreements_pages(other_agreement, row):
    wrong = row_statuses(other_agreement, row, FOREIGN_ROLES, row.expected_at_home)
    assert not wrong, "\n".join(wrong)


def test_every_named_url_has_a_row_in_the_matrix():
    routes = named_routes(get_resolver().url_patterns)
    assert {"samverkan:home", "councils:roster", "login"} <= routes.keys()  # the walk works
    missing = sorted(routes.keys() - {row.name for row in MATRIX})
    assert not missing, f"Add rows to PAGES in tests/pages.py (and name every URL): {missing}"


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
