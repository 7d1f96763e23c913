import re

import pytest
from django.core import mail
from django.http import HttpRequest
from django.urls import reverse

from samverkan.models import Event, Person
from tests.factories import PersonFactory
from tests.helpers import INVALID_CHOICE


@pytest.fixture
def strategic(laholm):
    return laholm.bodies.get(kind="strategic")


def invite_url(laholm, body):
    return reverse("councils:person_invite", args=[laholm.pk, body.pk])


def test_the_coordinator_adds_a_person_who_gets_an_invitation_to_choose_a_password(
    client_as, laholm, strategic
):
    police = laholm.parties.get(short_name="Polisen")
    response = client_as("samordnare").post(
        invite_url(laholm, strategic),
        {
            "first_name": "Kim",
            "last_name": "Nyström",
            "email": "Kim.Nystrom@polisen.example.se",
            "agreement_party": police.pk,
            "title": "Kommunpolis",
        },
    )
    assert response.status_code == 302
    person = Person.objects.select_related("user").get(user__email="kim.nystrom@polisen.example.se")
    assert person.party == police.party
    assert not person.user.has_usable_password()
    assert (
        Event.objects.of_action("samverkan.person.invitation_sent")
        .get(agreement=laholm)
        .data["person"]
        == "Kim Nyström"
    )

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kim.nystrom@polisen.example.se"]
    assert "Samverkansöverenskommelse 2024–2026" in message.subject
    link = re.search(r"http://testserver(/konto/aterstall/\S+/)", message.body).group(1)

    # The link lets the new person choose a password and log in.
    client = client_as(None)
    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Trygg-Laholm-2026", "new_password2": "Trygg-Laholm-2026"},
    )
    assert response.status_code == 302
    assert client.login(
        request=HttpRequest(), username=person.user.username, password="Trygg-Laholm-2026"
    )


def test_the_new_person_can_then_be_appointed_to_a_function(client_as, laholm, strategic):
    client = client_as("samordnare")
    client.post(
        invite_url(laholm, strategic),
        {
            "first_name": "Kim",
            "last_name": "Nyström",
            "email": "kim@polisen.example.se",
            "agreement_party": laholm.parties.get(short_name="Polisen").pk,
        },
    )
    function = strategic.functions.get(title="Lokal representant för polisen")
    form = client.get(reverse("councils:seat_assign", args=[laholm.pk, strategic.pk, function.pk]))
    assert "Kim Nyström" in form.content.decode()


def test_someone_already_in_the_agreement_is_refused_on_the_e_mail_field(
    client_as, laholm, strategic, user
):
    response = client_as("samordnare").post(
        invite_url(laholm, strategic),
        {
            "first_name": "Kim",
            "last_name": "Nyström",
            "email": user("kommunpolis").email.upper(),
            "agreement_party": laholm.parties.get(short_name="Polisen").pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "Personen finns redan i den här överenskommelsens personlista."
    ]
    assert response.context["form"]["first_name"].value() == "Kim"
    assert len(mail.outbox) == 0


def test_staff_added_in_another_agreement_are_not_offered_here(client_as, laholm, other_agreement):
    police = laholm.parties.get(short_name="Polisen")
    stranger = PersonFactory(
        party=police.party, agreements=[other_agreement], user__first_name="Hemlig"
    )
    strategic = laholm.bodies.get(kind="strategic")
    function = strategic.functions.get(title="Lokal representant för polisen")
    page = client_as("samordnare").get(
        reverse("councils:seat_assign", args=[laholm.pk, strategic.pk, function.pk])
    )
    assert stranger.name not in page.content.decode()
    party_page = client_as("samordnare").get(
        reverse("samverkan:party_edit", args=[laholm.pk, police.pk])
    )
    assert stranger.name not in party_page.content.decode()


def test_a_party_of_another_agreement_cannot_be_chosen(
    client_as, laholm, strategic, other_agreement
):
    response = client_as("samordnare").post(
        invite_url(laholm, strategic),
        {
            "first_name": "Kim",
            "last_name": "Nyström",
            "email": "kim@example.se",
            "agreement_party": other_agreement.parties.get().pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["agreement_party"] == [INVALID_CHOICE]
    assert not Person.objects.filter(user__email="kim@example.se").exists()


@pytest.mark.parametrize("username", ["kommunpolis", "frivard", "ks-ordforande"])
def test_members_who_do_not_keep_the_roster_may_not_add_people(
    client_as, laholm, strategic, username
):
    assert client_as(username).get(invite_url(laholm, strategic)).status_code == 403


def test_forgotten_password_sends_a_reset_link(client, user, django_capture_on_commit_callbacks):
    # The e-mail goes out from a task queued once the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": user("frivard").email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/konto/aterstall/" in mail.outbox[0].body
    assert "frivard" in mail.outbox[0].body
