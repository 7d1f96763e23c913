"""The weekly checklist the coordinator keeps: its defaults, adding, renaming, reordering,
retiring, and switching a line's measure only while no report uses it."""

import pytest
from django.urls import reverse

from samverkan.models import Event
from samverkan.services import version_of
from situation.models import ObservationCategory
from situation.services.weekly import checklist_add, checklist_update
from tests.factories import AgreementFactory
from tests.helpers import AFTER_THE_END, STALE, at_ten, refusal
from tests.situation.weekly_factories import WeeklyReportFactory

pytestmark = pytest.mark.django_db

DEFAULTS = [
    ("Skadegörelse", "count"),
    ("Klotter", "count"),
    ("Nedskräpning", "scale"),
    ("Bränder", "count"),
    ("Trasig belysning", "count"),
    ("Ordningsstörning", "count"),
    ("Narkotika", "count"),
    ("Otrygghet", "scale"),
    ("Ungdomar som samlas", "scale"),
    ("Annat", "count"),
]


def url(agreement, name="situation:checklist", **kwargs):
    return reverse(name, kwargs={"agreement_pk": agreement.pk} | kwargs)


def test_a_new_agreement_starts_with_the_default_checklist():
    agreement = AgreementFactory()
    assert list(agreement.observation_categories.values_list("name", "measure")) == DEFAULTS


def test_a_line_is_added_last_and_logged_without_a_second_of_the_same_name(laholm, user):
    line = checklist_add(
        agreement=laholm, name=" Buskörning ", measure="scale", by=user("samordnare")
    )
    assert (line.name, line.measure) == ("Buskörning", "scale")
    assert line.order > max(
        laholm.observation_categories.exclude(pk=line.pk).values_list("order", flat=True)
    )
    event = Event.objects.filter(action="situation.checklist.added").latest("pk")
    assert event.data == {"category": "Buskörning"}
    error = refusal(
        checklist_add, agreement=laholm, name="Buskörning", measure="count", by=user("samordnare")
    )
    assert "Det finns redan en punkt med det namnet." in error.messages


def test_a_personal_identity_number_as_a_name_is_refused(laholm, user):
    refusal(
        checklist_add,
        agreement=laholm,
        name="19121212-1212",
        measure="count",
        by=user("samordnare"),
    )
    assert not laholm.observation_categories.filter(name__startswith="1912").exists()


def test_a_line_is_renamed_reordered_and_retired_with_history(laholm, user):
    line = checklist_add(
        agreement=laholm, name="Buskörning", measure="count", by=user("samordnare")
    )
    checklist_update(
        category=line, name="Mopedåkning", order=1, active=False, by=user("samordnare")
    )
    line.refresh_from_db()
    assert (line.name, line.order, line.active) == ("Mopedåkning", 1, False)
    assert line.history.count() == 2
    assert line.history.first().history_user == user("samordnare")
    event = Event.objects.filter(action="situation.checklist.changed").latest("pk")
    assert event.data["changes"]["name"] == {"old": "Buskörning", "new": "Mopedåkning"}


def test_the_measure_switches_only_while_no_report_uses_the_line(laholm, user):
    line = checklist_add(
        agreement=laholm, name="Buskörning", measure="count", by=user("samordnare")
    )
    checklist_update(category=line, measure="scale", by=user("samordnare"))
    WeeklyReportFactory(agreement=laholm, observations={line.pk: 2})
    error = refusal(checklist_update, category=line, measure="count", by=user("samordnare"))
    assert "byter därför inte mått" in error.message_dict["measure"][0]
    # Renaming a line in use is fine; its measure stays.
    checklist_update(category=line, name="Buskörning med moped", by=user("samordnare"))
    line.refresh_from_db()
    assert (line.name, line.measure) == ("Buskörning med moped", "scale")


def test_a_stale_edit_is_refused(laholm, user):
    line = checklist_add(
        agreement=laholm, name="Buskörning", measure="count", by=user("samordnare")
    )
    seen = version_of(line)
    checklist_update(category=line, name="Mopeder", by=user("samordnare"))
    error = refusal(
        checklist_update, category=line, name="Bilar", expected_version=seen, by=user("samordnare")
    )
    assert error.messages == [STALE]


@pytest.mark.parametrize("day", AFTER_THE_END, ids=str)
def test_the_checklist_is_not_changed_after_the_agreements_end(laholm, user, time_machine, day):
    line = laholm.observation_categories.first()
    time_machine.move_to(at_ten(day))
    error = refusal(checklist_update, category=line, name="Annat namn", by=user("samordnare"))
    assert error.messages == ["Överenskommelsen har upphört; checklistan kan inte längre ändras."]


# --- pages --------------------------------------------------------------------------


def test_a_member_reads_the_checklist_without_ways_to_change_it(client_as, laholm):
    html = client_as("forvaltning").get(url(laholm)).content.decode()
    assert "Ungdomar som samlas" in html and "Skala 0–3" in html
    assert "checklista/" not in html.split("<main")[1].replace(url(laholm), "")
    assert 'name="name"' not in html


def test_the_coordinator_adds_a_line_from_the_list_page(client_as, laholm):
    response = client_as("samordnare").post(
        url(laholm), {"name": "Buskörning", "measure": "scale"}, follow=True
    )
    assert "Punkten Buskörning är tillagd." in response.content.decode()
    assert laholm.observation_categories.get(name="Buskörning").measure == "scale"


def test_a_refused_line_keeps_what_was_typed(client_as, laholm):
    response = client_as("samordnare").post(url(laholm), {"name": "Klotter", "measure": "scale"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Det finns redan en punkt med det namnet." in html
    assert 'value="Klotter"' in html


def test_the_edit_form_locks_the_measure_of_a_line_in_use(client_as, laholm):
    line = laholm.observation_categories.get(name="Klotter")
    WeeklyReportFactory(agreement=laholm, observations={line.pk: 2})
    edit = url(laholm, "situation:checklist_edit", category_pk=line.pk)
    client = client_as("samordnare")
    html = client.get(edit).content.decode()
    assert "byter därför inte mått" in html
    # A disabled field keeps its value whatever is sent.
    response = client.post(
        edit,
        {
            "name": "Klotter och tags",
            "measure": "scale",
            "order": line.order,
            "active": "on",
            "version": version_of(line),
        },
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.name, line.measure) == ("Klotter och tags", "count")


def test_a_retired_line_is_not_on_the_report_form(client_as, laholm):
    line = laholm.observation_categories.get(name="Bränder")
    checklist_update(category=line, active=False, by=None)
    html = client_as("forvaltning").get(url(laholm, "situation:weekly_report_create")).content
    assert "Bränder" not in html.decode()
    assert ObservationCategory.objects.get(pk=line.pk).name == "Bränder"
