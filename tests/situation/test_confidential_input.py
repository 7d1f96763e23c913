"""Confidential input stays with the strategic council and the coordinator (and its
author) in every state: as a draft, as a correction, once a correction made it
confidential, and in its history."""

from datetime import date

import pytest
from django.urls import reverse

from samverkan.access import Rights
from situation.models import SituationInput
from situation.services.inputs import input_correct, input_create, input_submit, input_update
from tests.helpers import refusal
from tests.situation.factories import AreaFactory, CategoryFactory

pytestmark = pytest.mark.django_db

CONFIDENTIAL = SituationInput.Sensitivity.CONFIDENTIAL


@pytest.fixture
def data(laholm):
    return {
        "title": "Spaningsuppgift om langning",
        "source": "municipal_department",
        "source_detail": "Socialförvaltningen",
        "area": AreaFactory(agreement=laholm, name="Hamnen"),
        "category": CategoryFactory(agreement=laholm, name="Narkotika"),
        "period_from": date(2025, 2, 1),
        "period_to": date(2025, 2, 28),
        "narrative": "Uppgifter som bara rådet får läsa.",
        "sensitivity": CONFIDENTIAL,
        "request": None,
    }


@pytest.fixture
def kommunen(laholm):
    return laholm.parties.get(short_name="Kommunen")


def _seen(user, username, laholm, situation_input) -> bool:
    visible = SituationInput.objects.visible_to(Rights(user(username), laholm))
    return visible.filter(pk=situation_input.pk).exists()


def test_a_confidential_draft_is_hidden_from_a_colleague_of_the_party_without_the_right(
    laholm, user, data, kommunen, client_as
):
    draft = input_create(agreement=laholm, party=kommunen, by=user("samordnare"), data=data)
    assert _seen(user, "samordnare", laholm, draft)
    assert not _seen(user, "forvaltning", laholm, draft)  # submits for Kommunen too
    url = reverse("situation:input_detail", args=[laholm.pk, draft.pk])
    assert client_as("forvaltning").get(url).status_code == 404


def test_a_colleague_without_the_right_can_neither_edit_nor_declassify_a_confidential_draft(
    laholm, user, data, kommunen
):
    draft = input_create(agreement=laholm, party=kommunen, by=user("samordnare"), data=data)
    error = refusal(
        input_update,
        situation_input=draft,
        by=user("forvaltning"),
        data=data | {"sensitivity": "internal"},
        indicators=(),
    )
    assert error.messages == ["Underlaget är konfidentiellt och du får inte läsa det."]
    assert SituationInput.objects.get(pk=draft.pk).sensitivity == CONFIDENTIAL


def test_a_correction_of_confidential_input_stays_with_those_who_may_read_it(
    laholm, user, data, kommunen
):
    draft = input_create(agreement=laholm, party=kommunen, by=user("samordnare"), data=data)
    submitted = input_submit(situation_input=draft, by=user("samordnare"))
    correction = input_correct(situation_input=submitted, by=user("samordnare"))
    assert not _seen(user, "forvaltning", laholm, correction)
    error = refusal(input_correct, situation_input=submitted, by=user("forvaltning"))
    assert error.messages == ["Underlaget är konfidentiellt och du får inte läsa det."]


def test_a_correction_that_makes_input_confidential_hides_the_revision_before_it(
    laholm, user, data, kommunen
):
    internal = data | {"sensitivity": "internal", "title": "Klotter i hamnen"}
    first = input_create(agreement=laholm, party=kommunen, by=user("samordnare"), data=internal)
    input_submit(situation_input=first, by=user("samordnare"))
    assert _seen(user, "forvaltning", laholm, first)
    correction = input_correct(situation_input=first, by=user("samordnare"))
    input_update(
        situation_input=correction,
        by=user("samordnare"),
        data=internal | {"sensitivity": CONFIDENTIAL},
        indicators=(),
    )
    input_submit(situation_input=correction, by=user("samordnare"))
    assert not _seen(user, "forvaltning", laholm, first)
    assert _seen(user, "sakerhetschef", laholm, first)


def test_readers_outside_the_party_see_the_history_from_the_submission_on(
    laholm, user, data, kommunen, client_as
):
    internal = data | {"sensitivity": "internal", "narrative": "Första versionen: hemligt."}
    draft = input_create(agreement=laholm, party=kommunen, by=user("samordnare"), data=internal)
    input_update(
        situation_input=draft,
        by=user("samordnare"),
        data=internal | {"narrative": "Det som lämnas in."},
        indicators=(),
    )
    input_submit(situation_input=draft, by=user("samordnare"))
    url = reverse("situation:input_history", args=[laholm.pk, draft.pk])
    assert "Första versionen" not in client_as("kommunpolis").get(url).content.decode()
    assert "Första versionen" in client_as("forvaltning").get(url).content.decode()  # Kommunen
