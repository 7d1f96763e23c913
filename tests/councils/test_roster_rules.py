"""Rules that keep the roster and the rights it gives inside the agreement."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from councils import services
from councils.roles import desired_grants
from samverkan import services as core_services
from samverkan.models import Agreement, Party, Person
from tests.helpers import person


def test_a_municipal_employee_cannot_hold_a_police_function(laholm, group, user):
    function = group.functions.get(title="Lokal representant för polisen")
    with pytest.raises(ValidationError) as refused:
        services.seat_assign(
            function=function,
            person=person("forvaltning"),
            valid_from=laholm.valid_from,
            by=user("samordnare"),
        )
    assert refused.value.message_dict == {
        "person": ["Eva Dahl arbetar inte hos Polismyndigheten, som funktionen hör till."]
    }


def test_a_substitute_must_work_for_the_functions_party(laholm, council, user):
    seat = council.functions.get(title="Kommunpolis").seats.get()
    with pytest.raises(ValidationError) as refused:
        services.substitute_add(seat=seat, person=person("sakerhetschef"), by=user("samordnare"))
    assert refused.value.message_dict == {
        "person": ["Johan Berg arbetar inte hos Polismyndigheten, som funktionen hör till."]
    }


def test_an_ended_seat_cannot_be_extended(laholm, council, user):
    seat = council.functions.get(title="Kommunpolis").seats.get()
    services.seat_end(seat=seat, valid_to=date(2025, 6, 30), by=user("samordnare"))
    with pytest.raises(ValidationError) as refused:
        services.seat_end(seat=seat, valid_to=date(2025, 12, 31), by=user("samordnare"))
    assert refused.value.message_dict == {
        "valid_to": [
            "Uppdraget slutar redan 2025-06-30. Ett avslutat uppdrag kan inte förlängas; "
            "tillsätt personen på nytt i stället."
        ]
    }


def test_after_the_agreement_ends_members_may_read_but_nobody_acts(laholm):
    after = laholm.valid_to + timedelta(days=1)
    grants = desired_grants(laholm, on=after)
    codenames = {codename for _user, codename, _model, _pk in grants}
    assert codenames == {
        "view_agreement",
        "view_body",
        "view_situation",
        "view_confidential_situation",
    }
    on_last_day = {codename for _u, codename, _m, _p in desired_grants(laholm, on=laholm.valid_to)}
    assert {"convene_body", "manage_roster", "sign_for_party", "change_agreement"} <= on_last_day


def test_the_agreement_cannot_be_shortened_past_its_appointments(client_as, laholm):
    client = client_as("samordnare")
    url = reverse("samverkan:agreement_edit", args=[laholm.pk])
    data = {
        "version": core_services.version_of(laholm),
        "title": laholm.title,
        "municipality": laholm.municipality,
        "valid_from": "2025-01-01",
        "valid_to": "2026-12-31",
        "signed_place": laholm.signed_place,
        "signed_on": laholm.signed_on.isoformat(),
        "status": laholm.status,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["valid_from"] == [
        "10 uppdrag börjar före det nya startdatumet. Ändra dem först."
    ]
    assert response.context["form"]["valid_from"].value() == "2025-01-01"
    laholm.refresh_from_db()
    assert laholm.valid_from == date(2024, 1, 1)


def test_an_organisation_shared_with_another_agreement_is_not_rewritten_from_one_of_them(
    client_as, laholm, other_agreement
):
    police = laholm.parties.select_related("party").get(short_name="Polisen")
    other_agreement.parties.create(party=police.party, short_name="Polisen", order=2)
    url = reverse("samverkan:party_edit", args=[laholm.pk, police.pk])
    data = {
        "version": core_services.version_of(police),
        "name": "Fel namn",
        "organisation_number": police.party.organisation_number,
        "address": police.party.address,
        "short_name": "Polisen",
        "party_description": police.party_description,
        "signatory_name": police.signatory_name,
        "signatory_title": police.signatory_title,
    }
    response = client_as("samordnare").post(url, data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Polismyndigheten är part även i andra överenskommelser. Namn, organisationsnummer och "
        "adress ändras därför av systemförvaltaren."
    ]
    police.party.refresh_from_db()
    assert police.party.name == "Polismyndigheten"


def test_an_invitation_that_cannot_be_sent_saves_nothing_and_keeps_the_form(
    client_as, laholm, council, monkeypatch
):
    def refuse(**kwargs):
        raise OSError("anslutningen nekades")

    monkeypatch.setattr(core_services, "send_mail", refuse)
    response = client_as("samordnare").post(
        reverse("councils:person_invite", args=[laholm.pk, council.pk]),
        {
            "first_name": "Kim",
            "last_name": "Nyström",
            "email": "kim@laholm.example.se",
            "agreement_party": laholm.parties.get(short_name="Kommunen").pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "E-postmeddelandet kunde inte skickas (anslutningen nekades). Inget har sparats; "
        "försök igen."
    ]
    assert response.context["form"]["email"].value() == "kim@laholm.example.se"
    assert not Person.objects.filter(user__email="kim@laholm.example.se").exists()
    assert len(mail.outbox) == 0


def test_reloading_the_demo_after_the_coordinator_edited_it_restores_it(laholm):
    police = laholm.parties.get(short_name="Polisen")
    Agreement.objects.filter(pk=laholm.pk).update(title="Ändrad titel")
    Party.objects.filter(pk=police.party_id).update(organisation_number="202100-0084")
    call_command("loaddemo", stdout=StringIO())
    # The agreement and its renewal, nothing more.
    assert Agreement.objects.filter(municipality="Laholms kommun").count() == 2
    laholm.refresh_from_db()
    police.party.refresh_from_db()
    assert laholm.title == "Samverkansöverenskommelse 2024–2026"
    assert police.party.organisation_number == "202100-0076"
