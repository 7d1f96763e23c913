"""Two municipalities' agreements sharing the Police, as the outside probe tried it (issue
13): Halmstad's agreement has Polisen, the same organisation as Laholm's, as a party, with
a police officer on its council. Every page of Laholm, read or posted to, does not exist
for Halmstad's coordinator or for that officer (404, never 200, never 5xx), and Laholm's
police officer finds nothing of Halmstad's either: sharing an organisation shares nothing
else."""

import pytest

from councils.models import Body
from councils.roles import agreement_sync_permissions
from samverkan.models import Agreement
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    BodyFactory,
    FunctionFactory,
    PersonFactory,
    SeatFactory,
)
from tests.pages import AGREEMENT_PAGES, Objects, build, request_as

HALMSTAD_COORDINATOR = "halmstad-samordnare"
HALMSTAD_OFFICER = "halmstad-polis"
LAHOLM_OFFICER = "kommunpolis"


@pytest.fixture
def halmstad(laholm) -> Agreement:
    polisen = laholm.parties.get(short_name="Polisen").party
    agreement = AgreementFactory(
        municipality="Halmstads kommun", title="Samverkansöverenskommelse Halmstad"
    )
    kommunen = AgreementPartyFactory(agreement=agreement, short_name="Kommunen")
    police = AgreementPartyFactory(agreement=agreement, party=polisen, short_name="Polisen")
    council = BodyFactory(agreement=agreement, kind=Body.Kind.STRATEGIC_COUNCIL)
    council.convener_function = FunctionFactory(
        body=council, party=kommunen, title="Samordnare Halmstad"
    )
    council.save()
    SeatFactory(
        function=council.convener_function,
        person=PersonFactory(
            user__username=HALMSTAD_COORDINATOR, party=kommunen.party, agreements=[agreement]
        ),
    )
    SeatFactory(
        function=FunctionFactory(body=council, party=police, title="Kommunpolis Halmstad"),
        person=PersonFactory(
            user__username=HALMSTAD_OFFICER, party=polisen, agreements=[agreement]
        ),
    )
    agreement_sync_permissions(agreement=agreement)
    return agreement


def _crawl(agreement, rows, usernames) -> tuple[list[str], int]:
    """Each row's request as each user: the lines where the answer was not 404, and how
    many requests were sent."""
    from django.db import transaction
    from django.test import Client

    wrong, sent = [], 0
    for row in rows:
        for username in usernames:
            with transaction.atomic():
                url, data = build(Objects(agreement, username), row)
                response = request_as(Client(), row, username, url, data)
                sent += 1
                if response.status_code != 404:
                    wrong.append(f"{row.id} as {username}: {response.status_code}")
                transaction.set_rollback(True)
    return wrong, sent


def test_laholms_pages_do_not_exist_for_another_municipality_sharing_the_police(laholm, halmstad):
    wrong, sent = _crawl(laholm, AGREEMENT_PAGES, [HALMSTAD_COORDINATOR, HALMSTAD_OFFICER])
    assert sent > 200
    assert not wrong, "\n".join(wrong)


def test_the_other_municipalitys_pages_do_not_exist_for_laholms_police(laholm, halmstad):
    rows = [row for row in AGREEMENT_PAGES if row.request.method == "GET"]
    wrong, sent = _crawl(halmstad, rows, [LAHOLM_OFFICER, "lpo-chef"])
    assert sent > 100
    assert not wrong, "\n".join(wrong)
