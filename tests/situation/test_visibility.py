"""Who sees which situation input (SituationInput.objects.visible_to): a draft its party
only, submitted input both bodies' members, confidential input the strategic council and
the coordinator only; nothing of another agreement."""

import pytest

from samverkan.access import Rights
from situation.models import SituationInput
from tests.helpers import AFTER_THE_END, OUTSIDER, at_ten
from tests.situation.factories import SituationInputFactory

pytestmark = pytest.mark.django_db

DRAFT, SUBMITTED = SituationInput.Status.DRAFT, SituationInput.Status.SUBMITTED
CONFIDENTIAL = SituationInput.Sensitivity.CONFIDENTIAL


@pytest.fixture
def inputs(laholm, user):
    polisen = laholm.parties.get(short_name="Polisen")
    other = user("lpo-chef")  # of Polisen, but submits for nobody: a third author
    return {
        "police draft": SituationInputFactory(
            agreement=laholm, party=polisen, author=other, status=DRAFT
        ),
        "police internal": SituationInputFactory(agreement=laholm, party=polisen, author=other),
        "police confidential": SituationInputFactory(
            agreement=laholm, party=polisen, author=other, sensitivity=CONFIDENTIAL
        ),
    }


def _seen(user, username, agreement, inputs) -> set[str]:
    visible = set(
        SituationInput.objects.visible_to(Rights(user(username), agreement)).values_list(
            "pk", flat=True
        )
    )
    return {name for name, i in inputs.items() if i.pk in visible}


ALL = {"police draft", "police internal", "police confidential"}
SUBMITTED_ALL = {"police internal", "police confidential"}


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("kommunpolis", ALL),  # submits for Polisen: its drafts too
        ("samordnare", SUBMITTED_ALL),  # the coordinator: not the police's draft
        ("frivard", SUBMITTED_ALL),  # Kriminalvården, on the council as a substitute
        ("sakerhetschef", SUBMITTED_ALL),
        ("forvaltning", {"police internal"}),  # operative group only: no confidential input
        ("lpo-chef", SUBMITTED_ALL | {"police draft"}),  # the author sees their own draft
        ("ks-ordforande", set()),  # a signatory without a seat
    ],
)
def test_each_role_sees_what_the_agreement_lets_it(laholm, user, inputs, username, expected):
    assert _seen(user, username, laholm, inputs) == expected


def test_the_other_agreements_coordinator_sees_nothing_of_laholm(laholm, user, inputs):
    assert _seen(user, OUTSIDER, laholm, inputs) == set()


@pytest.mark.parametrize("day", AFTER_THE_END)
def test_after_the_end_members_still_read_but_no_party_sees_drafts_through_its_seats(
    laholm, user, inputs, time_machine, day
):
    from councils.roles import sync_all

    time_machine.move_to(at_ten(day))
    sync_all()
    assert _seen(user, "kommunpolis", laholm, inputs) == SUBMITTED_ALL
    assert _seen(user, "forvaltning", laholm, inputs) == {"police internal"}
