"""The areas and problem categories the coordinator keeps for an agreement."""

import pytest
from django.urls import reverse

from samverkan.services import version_of
from situation.models import Area, Category
from situation.services.lists import area_add, area_update, category_add
from tests.factories import AgreementFactory
from tests.helpers import AFTER_THE_END, STALE, at_ten, refusal

pytestmark = pytest.mark.django_db

DEFAULTS = [
    "Våld i offentlig miljö",
    "Narkotika",
    "Skadegörelse och klotter",
    "Inbrott",
    "Ungdomsbrottslighet",
    "Otrygghet",
    "Annat",
]


def test_a_new_agreement_starts_with_the_default_problem_categories():
    agreement = AgreementFactory()
    assert list(agreement.problem_categories.values_list("name", flat=True)) == DEFAULTS


def test_an_area_is_added_last_and_a_second_with_the_same_name_is_refused(laholm, user):
    first = area_add(agreement=laholm, name="Hamnen", by=user("samordnare"))
    second = area_add(agreement=laholm, name="Stationen", by=user("samordnare"))
    assert second.order > first.order
    error = refusal(area_add, agreement=laholm, name="Hamnen", by=user("samordnare"))
    assert "Det finns redan ett område med det namnet." in error.messages


def test_a_personal_identity_number_as_a_name_is_refused(laholm, user):
    error = refusal(category_add, agreement=laholm, name="19121212-1212", by=user("samordnare"))
    assert "personnummer" in " ".join(error.messages)
    assert not laholm.problem_categories.filter(name__startswith="1912").exists()


def test_a_stale_edit_of_an_area_is_refused(laholm, user):
    area = area_add(agreement=laholm, name="Hamnen", by=user("samordnare"))
    seen = version_of(area)
    area_update(area=area, name="Hamnområdet", by=user("samordnare"))
    error = refusal(
        area_update, area=area, name="Hamnen igen", expected_version=seen, by=user("samordnare")
    )
    assert error.messages == [STALE]
    assert Area.objects.get(pk=area.pk).name == "Hamnområdet"


def test_a_retired_area_keeps_its_name_and_history(laholm, user):
    area = area_add(agreement=laholm, name="Hamnen", by=user("samordnare"))
    area_update(area=area, active=False, by=user("samordnare"))
    area.refresh_from_db()
    assert not area.active
    assert area.history.count() == 2


@pytest.mark.parametrize("day", AFTER_THE_END)
def test_the_lists_are_not_changed_after_the_agreement_has_ended(laholm, user, time_machine, day):
    time_machine.move_to(at_ten(day))
    error = refusal(area_add, agreement=laholm, name="Hamnen", by=user("samordnare"))
    assert error.messages == ["Överenskommelsen har upphört; listorna kan inte längre ändras."]


def test_a_renewal_takes_over_the_lists_of_the_period_before(laholm, user):
    from samverkan.lifecycle import RENEWAL_COPIES

    area_add(agreement=laholm, name="Hamnen", by=user("samordnare"))
    category_add(agreement=laholm, name="Bilbränder", by=user("samordnare"))
    new = AgreementFactory()
    for copy in RENEWAL_COPIES:
        if copy.__module__.startswith("situation"):
            copy(old=laholm, new=new, parties={}, by=None)
    assert set(new.areas.values_list("name", flat=True)) == set(
        laholm.areas.values_list("name", flat=True)
    )
    assert list(new.problem_categories.values_list("name", flat=True)) == list(
        laholm.problem_categories.values_list("name", flat=True)
    )


def test_the_list_page_adds_an_area_and_shows_errors_on_the_form_it_came_from(laholm, client_as):
    client = client_as("samordnare")
    url = reverse("situation:lists", args=[laholm.pk])
    response = client.post(url, {"list": "area", "area-name": "Hamnen"})
    assert response.status_code == 302
    response = client.post(url, {"list": "area", "area-name": "Hamnen"})
    page = response.content.decode()
    assert "Det finns redan ett område med det namnet." in page
    assert 'value="Hamnen"' in page
    assert laholm.areas.filter(name="Hamnen").count() == 1


def test_a_member_reads_the_lists_but_has_no_forms(laholm, client_as):
    page = client_as("forvaltning").get(reverse("situation:lists", args=[laholm.pk]))
    assert page.status_code == 200
    assert "Lägg till området" not in page.content.decode()
    assert Category.objects.filter(agreement=laholm).exists()
