"""Rights follow the agreement at once: the day after its end, or once it is terminated,
the agreement is read-only at the next request, before the daily `manage.py syncroles`
has taken the coordinator's rights away (samverkan/access.py, Rights)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from councils.models import Function
from samverkan.models import Agreement
from tests.helpers import at_ten, rights
from tests.pages import COORDINATOR, D, K, Objects


@pytest.fixture
def objects(laholm) -> Objects:
    """The coordinator's objects in Laholm, built while the agreement runs."""
    objects = Objects(laholm)
    objects.seat  # noqa: B018 (made now, not after the clock has moved)
    return objects


def past_its_end(agreement, time_machine):
    time_machine.move_to(at_ten(agreement.valid_to + timedelta(days=1)))


def terminated(agreement, time_machine):
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.TERMINATED)


def in_force(agreement, time_machine):
    """The control: the same requests succeed while the agreement runs."""


def agreement_edit(o: Objects):
    url = reverse("samverkan:agreement_edit", kwargs=K.agreement(o))
    return url, D.agreement(o) | {"title": "Ny titel"}


def function_edit(o: Objects):
    url = reverse("councils:function_edit", kwargs=K.function(o))
    return url, D.function(o) | {"title": "Ny funktion"}


def party_edit(o: Objects):
    url = reverse("samverkan:party_edit", kwargs=K.party(o))
    return url, D.party(o) | {"short_name": "Nytt kortnamn"}


def written(o: Objects) -> tuple:
    """What the three edits would change, with the history rows they would add."""
    agreement = Agreement.objects.get(pk=o.agreement.pk)
    function = Function.objects.get(pk=o.seat.function_id)
    party = o.agreement.parties.get(pk=o.party.pk)
    return (
        agreement.title,
        agreement.history.count(),
        function.title,
        function.history.count(),
        party.short_name,
        party.history.count(),
    )


@pytest.mark.parametrize("edit", [agreement_edit, function_edit, party_edit])
@pytest.mark.parametrize("change", [past_its_end, terminated])
def test_an_ended_agreement_refuses_the_coordinators_edit_before_syncroles_runs(
    objects, client_as, time_machine, change, edit
):
    url, data = edit(objects)
    before = written(objects)
    change(objects.agreement, time_machine)
    # Nothing has recomputed the rights: the guardian rows still say the coordinator acts.
    assert "change_agreement" in rights(COORDINATOR, objects.agreement)
    client = client_as(COORDINATOR)

    assert client.post(url, data).status_code == 403
    assert client.get(url).status_code == 403

    assert written(objects) == before


@pytest.mark.parametrize("edit", [agreement_edit, function_edit, party_edit])
def test_while_the_agreement_runs_the_same_edit_is_saved(objects, client_as, time_machine, edit):
    url, data = edit(objects)
    before = written(objects)

    response = client_as(COORDINATOR).post(url, data)

    assert response.status_code == 302
    assert written(objects) != before


@pytest.mark.parametrize("change", [past_its_end, terminated, in_force])
def test_the_members_keep_reading_it_and_the_edit_link_shows_only_while_it_runs(
    objects, client_as, time_machine, change
):
    change(objects.agreement, time_machine)
    response = client_as(COORDINATOR).get(
        reverse("samverkan:agreement", kwargs=K.agreement(objects))
    )

    assert response.status_code == 200
    edit_url = reverse("samverkan:agreement_edit", kwargs=K.agreement(objects))
    assert (edit_url in response.content.decode()) == (change is in_force)
