"""After the Laholm agreement 2024–2026 has ended: on 2027-01-15, early in its renewal, and
on 2030-06-01, when the renewal has ended as well.

The clock is moved to that day and the rights recomputed as the daily `manage.py
syncroles` would. Then the members of an ended agreement keep reading it, and nobody
convenes, edits, signs or submits under it: every page that acts answers 403 and no page
links to one. Nothing fails. While the renewal is in force the demo logins act in it, as
they did in the 2024–2026 agreement.

The rights are checked for every user. The pages come from the registry (tests/pages.py)
and are opened by every user whose status on them changes when the agreement ends (the
coordinator, and anyone a row sets apart in `others`); the registry's matrix already
shows the other members refused, and reading is checked for every member.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from councils.roles import sync_all
from tests.helpers import (
    AFTER_THE_END,
    DEMO_RIGHTS,
    DEMO_USERNAMES,
    OUTSIDER,
    READING_AFTER_THE_END,
    TODAY,
    all_rights,
    at_ten,
)
from tests.html_helpers import section, text_of
from tests.pages import (
    AGREEMENT_PAGES,
    COORDINATOR,
    Objects,
    page,
    pdfs_made_once,
    row_statuses,
    sessions_logged_in_now,
)

ACTING_PAGES = [row for row in AGREEMENT_PAGES if row.acts]
READ_PAGES = [
    row
    for row in AGREEMENT_PAGES
    if row.request.method == "GET" and row.expected(COORDINATOR) == 200 and not row.acts
]
# Whoever may act on some page while the agreement is in force.
ACTORS = sorted({COORDINATOR} | {role for row in ACTING_PAGES for role in row.others})


@pytest.fixture(scope="module", autouse=True)
def _pdfs_made_once():
    """The pages are opened to see who may open them and where they link: a PDF (the
    agreement's, the same for every user) is converted once, not for every user and day."""
    with pdfs_made_once():
        yield


@pytest.fixture(params=AFTER_THE_END, ids=str)
def day(request, db, time_machine):
    """A day after the agreement's end, with the clock there and the rights recomputed."""
    time_machine.move_to(at_ten(request.param))
    sync_all(on=request.param)
    return request.param


def test_the_days_lie_after_the_agreement_and_the_renewal_covers_only_the_first(
    laholm, laholm_renewal
):
    assert laholm.covers(TODAY)
    assert all(day > laholm.valid_to for day in AFTER_THE_END)
    assert [laholm_renewal.covers(day) for day in AFTER_THE_END] == [True, False]


# --- rights --------------------------------------------------------------------------


def test_after_the_end_every_member_may_read_the_agreement_and_nobody_acts(laholm, day):
    users = [*DEMO_USERNAMES, OUTSIDER]
    expected = READING_AFTER_THE_END | {OUTSIDER: set()}
    assert {username: all_rights(username, laholm) for username in users} == expected


def test_the_demo_logins_act_in_the_renewal_only_while_it_is_in_force(laholm_renewal, day):
    users = [*DEMO_USERNAMES, OUTSIDER]
    if laholm_renewal.covers(day):
        expected = DEMO_RIGHTS
    else:
        expected = READING_AFTER_THE_END | {OUTSIDER: set()}
    assert {username: all_rights(username, laholm_renewal) for username in users} == expected


# --- pages ---------------------------------------------------------------------------


def statuses_that_differ(agreement, rows, roles, expected) -> list[str]:
    """Open each row's page as each role, in a savepoint of its own that is rolled back (a
    permitted POST changes data); the mismatches, one line each. The roles are logged in
    once, on the day the clock is at, not before every request."""
    wrong = []
    with sessions_logged_in_now(roles):
        for row in rows:
            # Only those whose status on this row may change when the agreement ends: the
            # coordinator and whoever the row sets apart; every other member is refused
            # before and after alike (the matrix checks that).
            acting = [r for r in roles if r == COORDINATOR or r in row.others]
            wrong += row_statuses(agreement, row, acting, lambda role, row=row: expected(row, role))
    return wrong


def read_only(row, role) -> int:
    return row.expected_read_only(role)


def in_force(row, role) -> int:
    return row.expected(role)


def test_after_the_end_every_page_that_acts_refuses_those_who_acted(laholm, day):
    assert ACTING_PAGES and ACTORS
    assert statuses_that_differ(laholm, ACTING_PAGES, ACTORS, read_only) == []


def test_in_the_renewal_the_coordinator_acts_while_it_is_in_force(laholm_renewal, day):
    expected = in_force if laholm_renewal.covers(day) else read_only
    assert statuses_that_differ(laholm_renewal, ACTING_PAGES, ACTORS, expected) == []


def links_to_acting_pages(agreement, username: str) -> dict[str, set[str]]:
    """{read page: the URL names of the acting pages it links or posts to} as the user
    sees it."""
    objects = Objects(agreement, username)
    acting = {row.path(objects): row.name for row in ACTING_PAGES}
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    found = {}
    for row in READ_PAGES:
        if row.expected_read_only(username) != 200:
            continue  # a page this user never reads (a signatory's situation picture)
        response = client.get(row.path(objects))
        assert response.status_code == 200, row.id
        if not response["Content-Type"].startswith("text/html"):
            continue  # a document (the agreement's PDF) links nowhere
        # The language switch sends every page back to itself: not a link to act.
        html = response.content.decode().replace(f'name="next" value="{row.path(objects)}"', "")
        found[row.id] = {name for url, name in acting.items() if f'"{url}"' in html}
    return found


def test_while_in_force_the_coordinator_is_offered_the_pages_that_act(laholm):
    # So the check below would see a link: the same pages offer them today.
    found = links_to_acting_pages(laholm, COORDINATOR)
    assert "samverkan:agreement_edit" in found["samverkan:agreement-GET"]
    assert "samverkan:party_edit" in found["samverkan:parties-GET"]
    assert {
        "councils:function_create",
        "councils:function_edit",
        "councils:seat_end",
        "councils:substitute_remove",
    } <= found["councils:roster-GET"]


@pytest.mark.parametrize("username", ACTORS)
def test_after_the_end_every_page_reads_without_a_link_to_act(laholm, day, username):
    found = links_to_acting_pages(laholm, username)
    assert {name: links for name, links in found.items() if links} == {}


def test_the_renewal_offers_the_coordinator_the_pages_that_act_while_in_force(laholm_renewal, day):
    found = links_to_acting_pages(laholm_renewal, COORDINATOR)
    offered = set().union(*found.values())
    assert bool(offered) == laholm_renewal.covers(day)


def test_after_the_end_every_member_still_opens_the_agreement_and_reads_it_expired(laholm, day):
    overview = page("samverkan:agreement").path(Objects(laholm))
    for username in DEMO_USERNAMES:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        response = client.get(overview)
        assert response.status_code == 200, username
        validity = text_of(section(response.content.decode(), 'class="validity').split("</p>")[0])
        assert validity.endswith(
            "> Gäller från och med 2024-01-01 till och med 2026-12-31. Giltighetstiden har gått ut."
        ), username
