"""Every read page runs a fixed number of queries, however much the agreement holds.

Each page is measured on the demo, then again after the agreement has grown by many
functions, seats, substitutes, parties, annexes, clauses, events and history rows
(and the user by more agreements): the count must be the same, and under a bound.
"""

import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from councils import roles
from samverkan import services
from samverkan.models import Event, Person
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    AnnexFactory,
    BodyFactory,
    ClauseFactory,
    FunctionFactory,
    PersonFactory,
    SeatFactory,
    SubstituteFactory,
    UserFactory,
)
from tests.pages import READ_PAGES, Objects, pdfs_made_once

MORE = 8  # of each kind of row added per body or agreement


@pytest.fixture(scope="module", autouse=True)
def _pdfs_made_once():
    """The agreement's PDF is fetched many times here for its queries: converted once per
    document (WeasyPrint runs no query; the view and its template still run every time)."""
    with pdfs_made_once():
        yield


# The read pages and their bounds come from the registry (tests/pages.py, `queries`).
PAGES = {page.label: page for page in READ_PAGES}


def queries_for(client, url: str, seen: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    if response.streaming:  # a file download: read it so the view has done all its work
        b"".join(response.streaming_content)
    elif seen is not None and response["Content-Type"].startswith(("text/", "application/json")):
        # Pages only: a document (PDF, XLSX) is bytes, not text to compare.
        seen[url] = response.content.decode()
    return len(captured.captured_queries)


@contextmanager
def rights_synced_once():
    """Inside: an agreement whose roster or directory changes has its rights synced once,
    on leaving, instead of after each change (councils/apps.py; a full recomputation each,
    hundreds of them in `grow`). The rights come out the same: the sync makes them match
    the rosters as they are."""
    sync = roles.agreement_sync_permissions
    pending = {}

    def later(*, agreement, on=None):
        pending[agreement.pk, on] = agreement

    roles.agreement_sync_permissions = later
    try:
        yield
    finally:
        roles.agreement_sync_permissions = sync
    for (_pk, on), agreement in pending.items():
        sync(agreement=agreement, on=on)


@rights_synced_once()
def grow(agreement, coordinator, viewer) -> None:
    """Add many rows of every kind the read pages show; `viewer` joins more agreements."""
    me = Person.objects.get(user=viewer)
    parties = list(agreement.parties.select_related("party"))
    for n in range(MORE):
        AgreementPartyFactory(
            agreement=agreement, signatory_user=UserFactory(), signatory_name=f"Firmatecknare {n}"
        )
        AnnexFactory(agreement=agreement, number=10 + n)
        ClauseFactory(agreement=agreement, order=100 + n, body="Stycke ett.\n\n- punkt\n- punkt")
    for body in agreement.bodies.all():
        for n in range(MORE):
            party = parties[n % len(parties)]
            function = FunctionFactory(body=body, party=party, is_group=n % 2 == 0)
            seat = SeatFactory(function=function, person=PersonFactory(party=party.party))
            for _ in range(2):
                SubstituteFactory(seat=seat, person=PersonFactory(party=party.party))
            # A holder who has left, and one who starts later: both in the history.
            SeatFactory(
                function=function,
                person=PersonFactory(party=party.party),
                valid_from=agreement.valid_from,
                valid_to=agreement.valid_from + timedelta(days=30),
            )
            function.note = "Ändrad"
            function._history_user = coordinator
            function.save()
    for n in range(60):
        services.event_log(
            agreement=agreement,
            actor=coordinator,
            action="samverkan.person.added",
            data={"person": f"Person {n}", "party": "Kommunen"},
        )
    for n in range(MORE):
        services.agreement_update(agreement=agreement, by=coordinator, signed_place=f"Ort {n}")
    # More agreements for the home page, each with the viewer on its council.
    for _ in range(MORE):
        other = AgreementFactory()
        body = BodyFactory(agreement=other)
        SeatFactory(function=FunctionFactory(body=body), person=me)
    assert Event.objects.filter(agreement=agreement).count() > 50  # past the first page


@pytest.mark.parametrize("page", PAGES)
def test_a_read_page_stays_within_its_query_bound(
    client_as, laholm, django_assert_max_num_queries, page
):
    path = PAGES[page].path(Objects(laholm))
    client = client_as("samordnare")
    client.get(path)  # warm per-process caches (content types)
    with django_assert_max_num_queries(PAGES[page].queries):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("username", ["samordnare", "kommunpolis"])
def test_no_read_page_runs_more_queries_with_much_more_data(
    client_as, user, laholm, django_assert_max_num_queries, username
):
    # One event first: an empty log shows "no events" without querying a page of them.
    services.event_log(
        agreement=laholm,
        actor=user("samordnare"),
        action="samverkan.legacy",
        data={"message": "Första händelsen"},
    )
    client = client_as(username)
    objects = Objects(laholm, username)
    urls = {label: page.path(objects) for label, page in PAGES.items()}
    for url in urls.values():
        client.get(url)  # warm per-process caches (content types)
    before = {page: queries_for(client, url) for page, url in urls.items()}

    grow(laholm, user("samordnare"), user(username))

    pages = {}
    after = {page: queries_for(client, url, pages) for page, url in urls.items()}
    assert after == before
    # The growth is on the pages, not beside them.
    assert re.search(r"Sida 1 av [2-9]", pages[urls["events"]])
    assert pages[urls["council roster"]].count('class="holder"') > 3 * MORE
    assert pages[urls["home"]].count('class="card"') > MORE
    assert pages[urls["parties"]].count("Firmatecknare ") >= MORE
    # And under the bound with all that data, as counted above (a page over it is opened
    # again, so that the failure lists its queries).
    over = {page: count for page, count in after.items() if count > PAGES[page].queries}
    for page in over:
        with django_assert_max_num_queries(PAGES[page].queries):
            client.get(urls[page])
    assert over == {}
