"""An agreement's history lists what was changed in it. An organisation several agreements
share (Polisen) shows there only the changes made under this agreement: another
agreement's change, and the name of the user who made it, stay in that agreement's
history (issue 13, no leaks between agreements)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.roles import agreement_sync_permissions
from samverkan.history import changed_under
from samverkan.models import AgreementParty, Party
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    BodyFactory,
    FunctionFactory,
    PersonFactory,
    SeatFactory,
)
from tests.helpers import INSTALLATION
from tests.html_helpers import input_value

COORDINATOR = "samordnare"  # Laholm's (agreement A)
OTHER_COORDINATOR = "b-samordnare"  # agreement B's, in nothing of Laholm's
OTHER_NAME = ("Vera", "Annanström")
ADDRESS_UNDER_B = "Annangatan 9, 999 99 Annanstad"
ADDRESS_UNDER_A = "Polisgatan 1, 312 30 Laholm"
FORM_FIELDS = [
    "version",
    "name",
    "organisation_number",
    "address",
    "short_name",
    "party_description",
    "signatory_name",
    "signatory_title",
]


@pytest.fixture
def polisen(laholm) -> AgreementParty:
    """Polisen in Laholm's agreement (A)."""
    return laholm.parties.select_related("party").get(short_name="Polisen")


@pytest.fixture
def polisen_in_b(laholm, polisen) -> AgreementParty:
    """Polisen in agreement B: another agreement of the same municipality, which may
    therefore change the organisations it shares with A, kept by a coordinator of its own."""
    agreement = AgreementFactory(
        municipality=laholm.municipality, title="Samverkansöverenskommelse B"
    )
    party = AgreementPartyFactory(agreement=agreement, party=polisen.party, short_name="Polisen")
    council = BodyFactory(agreement=agreement)
    council.convener_function = FunctionFactory(body=council, party=party, title="Samordnare B")
    council.save()
    first, last = OTHER_NAME
    SeatFactory(
        function=council.convener_function,
        person=PersonFactory(
            user__username=OTHER_COORDINATOR,
            user__first_name=first,
            user__last_name=last,
            party=polisen.party,
            agreements=[agreement],
        ),
    )
    agreement_sync_permissions(agreement=agreement)
    return party


def edit(client, agreement_party: AgreementParty, **changes) -> None:
    """Save the party's form as its agreement's coordinator opened it, with `changes`."""
    url = reverse("samverkan:party_edit", args=[agreement_party.agreement_id, agreement_party.pk])
    html = client.get(url).content.decode()
    data = {name: input_value(html, name) for name in FORM_FIELDS} | changes
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def history(client, agreement) -> tuple[list[dict], str]:
    """Every entry of the agreement's history page, newest first, and the pages' HTML."""
    url = reverse("samverkan:history", args=[agreement.pk])
    entries, html, number = [], "", 1
    while True:
        response = client.get(url, {"sida": number})
        assert response.status_code == 200
        page = response.context["page"]
        entries += page.object_list
        html += response.content.decode()
        if not page.has_next():
            return entries, html
        number += 1


def organisation_changes(entries) -> list[tuple]:
    return [
        (entry["user"].username if entry["user"] else None, entry["object"], entry["changes"])
        for entry in entries
        if entry["kind"] == "organisation" and entry["change"] == "Ändrad"
    ]


def test_an_edit_under_another_agreement_is_not_in_this_agreements_history(
    client_as, laholm, polisen, polisen_in_b
):
    edit(client_as(OTHER_COORDINATOR), polisen_in_b, address=ADDRESS_UNDER_B)
    assert Party.objects.get(pk=polisen.party_id).address == ADDRESS_UNDER_B  # shared

    entries, html = history(client_as(COORDINATOR), laholm)

    assert organisation_changes(entries) == []
    assert ADDRESS_UNDER_B not in html
    assert OTHER_NAME[1] not in html and OTHER_COORDINATOR not in html
    assert "Här visas bara de ändringar som gjorts i den här." in html  # and says so


def test_it_is_in_the_history_of_the_agreement_it_was_made_under(
    client_as, user, polisen, polisen_in_b
):
    old_address = polisen.party.address
    edit(client_as(OTHER_COORDINATOR), polisen_in_b, address=ADDRESS_UNDER_B)

    entries, html = history(client_as(OTHER_COORDINATOR), polisen_in_b.agreement)

    assert organisation_changes(entries) == [
        (
            OTHER_COORDINATOR,
            polisen.party.name,
            [{"field": "adress", "old": old_address, "new": ADDRESS_UNDER_B}],
        )
    ]
    assert " ".join(OTHER_NAME) in html
    latest = Party.history.filter(id=polisen.party_id).latest("history_id")
    assert latest.history_agreement == polisen_in_b.agreement


def test_an_edit_under_this_agreement_is_in_its_history_and_not_in_the_others(
    client_as, user, laholm, polisen, polisen_in_b
):
    edit(client_as(COORDINATOR), polisen, address=ADDRESS_UNDER_A)

    entries, _html = history(client_as(COORDINATOR), laholm)
    others, other_html = history(client_as(OTHER_COORDINATOR), polisen_in_b.agreement)

    [(username, _name, changes)] = organisation_changes(entries)
    assert (username, changes[0]["new"]) == (COORDINATOR, ADDRESS_UNDER_A)
    assert organisation_changes(others) == []
    assert ADDRESS_UNDER_A not in other_html
    assert user(COORDINATOR).get_full_name() not in other_html


def test_a_change_after_another_agreements_is_shown_against_the_version_before_it(
    client_as, laholm, polisen, polisen_in_b
):
    """A's change is compared with the organisation as A's user found it, so B's change is
    not shown as A's; reading that version costs one query more, however many rows."""
    client = client_as(COORDINATOR)
    url = reverse("samverkan:history", args=[laholm.pk])
    client.get(url)  # warm per-process caches (content types, translations)
    with CaptureQueriesContext(connection) as plain:
        client.get(url)
    edit(client_as(OTHER_COORDINATOR), polisen_in_b, address=ADDRESS_UNDER_B)
    name = polisen.party.name
    edit(client_as(COORDINATOR), polisen, name=f"{name} Syd")

    with CaptureQueriesContext(connection) as after:
        entries, _html = history(client, laholm)

    assert organisation_changes(entries) == [
        (COORDINATOR, f"{name} Syd", [{"field": "namn", "old": name, "new": f"{name} Syd"}])
    ]
    assert len(after.captured_queries) <= len(plain.captured_queries) + 1


def test_a_change_recorded_under_no_agreement_shows_in_none(
    client_as, user, laholm, polisen, polisen_in_b
):
    """A system administrator's change in the admin is no agreement's."""
    party = Party.objects.get(pk=polisen.party_id)
    party.address = ADDRESS_UNDER_B
    party._history_user = user(INSTALLATION)
    party.save()

    for username, agreement in [(COORDINATOR, laholm), (OTHER_COORDINATOR, polisen_in_b.agreement)]:
        entries, html = history(client_as(username), agreement)
        assert organisation_changes(entries) == []
        assert ADDRESS_UNDER_B not in html


def test_an_organisations_creation_recorded_under_no_agreement_shows_in_each(
    laholm, polisen, polisen_in_b
):
    """The demo loads the organisations without an agreement: each agreement with them
    still shows when they were registered."""
    created = Party.history.filter(id=polisen.party_id, history_type="+")
    assert created.get().history_agreement is None

    for agreement in [laholm, polisen_in_b.agreement]:
        shown = Party.history.filter(changed_under(agreement), id=polisen.party_id)
        assert list(shown) == list(created)
