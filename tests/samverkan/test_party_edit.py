"""Editing a party of the agreement: organisation details and its signatory as the text
names them. Who signs in the app is designated and confirmed by the party apart
(tests/annexes/test_signatories.py)."""

import pytest
from django.urls import reverse

from samverkan import services
from samverkan.models import AgreementParty, Party
from samverkan.validators import luhn_check_digit
from tests.factories import AgreementPartyFactory
from tests.helpers import CHECK_DIGIT, FORMAT, NOT_ORGANISATION, STALE
from tests.html_helpers import field_errors, input_value, text_of


@pytest.fixture
def kommunen(laholm) -> AgreementParty:
    return laholm.parties.select_related("party").get(short_name="Kommunen")


def edit_url(agreement_party: AgreementParty) -> str:
    return reverse("samverkan:party_edit", args=[agreement_party.agreement_id, agreement_party.pk])


def opened_form(client, agreement_party) -> dict:
    """What the form holds when opened, as it would be posted back unchanged."""
    html = client.get(edit_url(agreement_party)).content.decode()
    names = [
        "version",
        "name",
        "organisation_number",
        "address",
        "short_name",
        "party_description",
        "signatory_name",
        "signatory_title",
    ]
    return {name: input_value(html, name) for name in names}


def a_free_organisation_number() -> str:
    nine = "559876543"
    return nine + str(luhn_check_digit(nine))


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("212000-1224", CHECK_DIGIT),
        ("21200-1223", FORMAT),
        ("21200A-1223", FORMAT),
        ("811218-9876", NOT_ORGANISATION),
    ],
)
def test_an_invalid_organisation_number_is_refused_on_its_field_and_the_typing_is_kept(
    client_as, kommunen, typed, message
):
    client = client_as("samordnare")
    data = opened_form(client, kommunen)
    data.update(organisation_number=typed, name="Laholms kommun (ny)", address="Nytt torg 1")
    history_before = (kommunen.party.history.count(), kommunen.history.count())
    events_before = kommunen.agreement.events.count()

    response = client.post(edit_url(kommunen), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["form"].errors == {"organisation_number": [message]}
    assert field_errors(html, "organisation_number") == [message]
    assert input_value(html, "organisation_number") == typed
    assert input_value(html, "name") == "Laholms kommun (ny)"
    assert input_value(html, "address") == "Nytt torg 1"
    party = Party.objects.get(pk=kommunen.party_id)
    assert (party.name, party.organisation_number, party.address) == (
        "Laholms kommun",
        "212000-1223",
        "Humlegången 6, 312 23 Laholm",
    )
    assert (party.history.count(), kommunen.history.count()) == history_before
    assert kommunen.agreement.events.count() == events_before


def test_another_organisations_number_is_refused_on_the_field_and_nothing_is_saved(
    client_as, kommunen
):
    kommunen = kommunen
    client = client_as("samordnare")
    data = opened_form(client, kommunen)
    data.update(organisation_number="2021000076", short_name="Laholm")  # Polisen's number

    response = client.post(edit_url(kommunen), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert field_errors(html, "organisation_number") == [
        "Det finns redan en organisation med det numret."
    ]
    assert input_value(html, "organisation_number") == "2021000076"
    assert input_value(html, "short_name") == "Laholm"
    assert Party.objects.get(pk=kommunen.party_id).organisation_number == "212000-1223"
    assert AgreementParty.objects.get(pk=kommunen.pk).short_name == "Kommunen"


def test_a_valid_change_is_normalised_and_saved_with_history(client_as, user, kommunen):
    kommunen = kommunen
    client = client_as("samordnare")
    data = opened_form(client, kommunen)
    number = a_free_organisation_number()
    data.update(
        organisation_number=number,
        address="Humlegången 8, 312 23 Laholm",
        signatory_name="Ny Ordförande",
    )

    response = client.post(edit_url(kommunen), data, follow=True)

    assert response.redirect_chain == [
        (reverse("samverkan:parties", args=[kommunen.agreement_id]), 302)
    ]
    assert "Uppgifterna för Kommunen är sparade." in text_of(response.content.decode())
    party = Party.objects.get(pk=kommunen.party_id)
    assert party.organisation_number == f"{number[:6]}-{number[6:]}"
    assert party.address == "Humlegången 8, 312 23 Laholm"
    party_record = party.history.order_by("-history_id").first()
    assert party_record.history_type == "~"
    assert party_record.history_user == user("samordnare")
    assert party_record.organisation_number == party.organisation_number
    agreement_party = AgreementParty.objects.get(pk=kommunen.pk)
    assert agreement_party.signatory_name == "Ny Ordförande"
    record = agreement_party.history.order_by("-history_id").first()
    assert record.history_user == user("samordnare")
    assert record.signatory_name == "Ny Ordförande"
    event = kommunen.agreement.events.first()
    assert (
        event.sentence
        == "Uppgifterna för Kommunen ändrades (organisationsnummer, adress, firmatecknare)"
    )
    assert event.actor == user("samordnare")


def test_the_saved_number_is_shown_normalised_on_the_party_list(client_as, kommunen):
    kommunen = kommunen
    client = client_as("samordnare")
    data = opened_form(client, kommunen)
    number = a_free_organisation_number()
    data["organisation_number"] = f" {number[:6]} {number[6:]} "
    response = client.post(edit_url(kommunen), data, follow=True)
    assert f"{number[:6]}-{number[6:]}" in text_of(response.content.decode())


def test_details_shared_with_another_municipalitys_agreement_are_refused_and_nothing_saved(
    client_as, kommunen, other_agreement
):
    AgreementPartyFactory(agreement=other_agreement, party=kommunen.party, short_name="Grannen")
    client = client_as("samordnare")
    data = opened_form(client, kommunen) | {"address": "Nytt torg 1"}

    response = client.post(edit_url(kommunen), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Laholms kommun är part även i andra överenskommelser. Namn, organisationsnummer och "
        "adress ändras därför av systemförvaltaren."
    ]
    assert input_value(response.content.decode(), "address") == "Nytt torg 1"
    assert Party.objects.get(pk=kommunen.party_id).address == "Humlegången 6, 312 23 Laholm"


def test_details_shared_with_the_municipalitys_own_renewal_are_changed_for_both(
    client_as, kommunen, laholm_renewal
):
    client = client_as("samordnare")
    data = opened_form(client, kommunen) | {"address": "Nytt torg 1"}

    response = client.post(edit_url(kommunen), data)

    assert response.status_code == 302
    renewal_party = laholm_renewal.parties.select_related("party").get(short_name="Kommunen")
    assert renewal_party.party.address == "Nytt torg 1"


def test_a_stale_version_is_refused_and_nothing_is_overwritten(client_as, user, kommunen):
    client = client_as("samordnare")
    data = opened_form(client, kommunen)
    services.agreement_party_update(
        agreement_party=kommunen,
        by=user("ks-ordforande"),
        name="Laholms kommun",
        organisation_number="212000-1223",
        address="Humlegången 6, 312 23 Laholm",
        short_name="Kommunen",
        party_description="Laholms kommun",
        signatory_name="Ove Bengtsson",
        signatory_title="Kommunstyrelsens ordförande, Laholms kommun",
    )
    data["signatory_title"] = "Ordförande"

    response = client.post(edit_url(kommunen), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [STALE]
    assert input_value(response.content.decode(), "signatory_title") == "Ordförande"
    assert (
        AgreementParty.objects.get(pk=kommunen.pk).signatory_title
        == "Kommunstyrelsens ordförande, Laholms kommun"
    )


def test_a_council_member_may_not_edit_a_party(client_as, kommunen):
    client = client_as("sakerhetschef")
    assert client.get(edit_url(kommunen)).status_code == 403
    assert client.post(edit_url(kommunen), {"name": "X"}).status_code == 403
    assert Party.objects.get(pk=kommunen.party_id).name == "Laholms kommun"


def test_the_party_form_offers_no_choice_of_who_signs_but_links_to_the_designation(
    client_as, kommunen
):
    html = client_as("samordnare").get(edit_url(kommunen)).content.decode()
    assert 'name="signatory_user"' not in html
    designate = reverse("samverkan:signatory_designate", args=[kommunen.agreement_id, kommunen.pk])
    assert f'href="{designate}"' in html


def test_the_designation_forms_empty_choice_is_in_swedish(client_as, kommunen):
    url = reverse("samverkan:signatory_designate", args=[kommunen.agreement_id, kommunen.pk])
    html = client_as("samordnare").get(url).content.decode()
    assert "Select an option" not in html
    assert '<option value="" selected>– Välj person –</option>' in html


def test_a_signing_user_posted_with_the_party_form_changes_nothing(client_as, kommunen, user):
    # Who signs takes effect only when the party confirms it: a forged field is ignored.
    client = client_as("samordnare")
    data = opened_form(client, kommunen) | {"signatory_user": user("sakerhetschef").pk}
    response = client.post(edit_url(kommunen), data)
    assert response.status_code == 302
    kommunen.refresh_from_db()
    assert kommunen.signatory_user.username == "ks-ordforande"
    assert not kommunen.designations.exclude(state="confirmed").exists()


def test_the_party_service_no_longer_sets_who_signs(laholm, kommunen, user):
    with pytest.raises(TypeError):
        services.agreement_party_update(
            agreement_party=kommunen,
            by=user("samordnare"),
            name=kommunen.party.name,
            organisation_number=kommunen.party.organisation_number,
            address=kommunen.party.address,
            short_name=kommunen.short_name,
            party_description=kommunen.party_description,
            signatory_name=kommunen.signatory_name,
            signatory_title=kommunen.signatory_title,
            signatory_user=user("sakerhetschef"),
        )
    kommunen.refresh_from_db()
    assert kommunen.signatory_user.username == "ks-ordforande"
