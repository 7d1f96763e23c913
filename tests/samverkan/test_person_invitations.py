"""The people list's invitation form reveals no account (issue 13): an address that has an
account, in this organisation or another, is answered exactly as a new one; its owner is
asked from their own login and joins only as the organisation they work for. Until then
the coordinator sees only the address and the name they typed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from councils.selectors import eligible_people
from samverkan.models import Event, PersonInvitation
from tests.factories import PersonFactory


@pytest.fixture
def strategic(laholm):
    return laholm.bodies.get(kind="strategic")


@pytest.fixture
def police(laholm):
    return laholm.parties.get(short_name="Polisen")


@pytest.fixture
def officer(police, other_agreement):
    """A police officer already working with another municipality's agreement."""
    return PersonFactory(
        party=police.party,
        agreements=[other_agreement],
        user__first_name="Hemliga",
        user__last_name="Kontot",
    )


def invite(client, laholm, strategic, party, email, first="Kim", last="Nyström"):
    return client.post(
        reverse("councils:person_invite", args=[laholm.pk, strategic.pk]),
        {"first_name": first, "last_name": last, "email": email, "agreement_party": party.pk},
        follow=True,
    )


def message_of(response) -> list[str]:
    """The messages shown on the page a POST led to (shown, so not shown again)."""
    return [str(m) for m in response.context["messages"]]


def test_an_address_with_an_account_is_answered_as_a_new_one(
    client_as, laholm, strategic, police, officer
):
    client = client_as("samordnare")
    new = invite(client, laholm, strategic, police, "ny.person@polisen.example.se")
    known = invite(client, laholm, strategic, police, officer.user.email)
    assert new.redirect_chain[0][1] == known.redirect_chain[0][1] == 302
    assert message_of(new) == [
        "En inbjudan har skickats till Kim Nyström, ny.person@polisen.example.se."
    ]
    assert message_of(known) == [
        f"En inbjudan har skickats till Kim Nyström, {officer.user.email}."
    ]
    # Nothing of the account reaches this agreement until its owner says yes.
    assert officer not in eligible_people(laholm)
    page = client.get(reverse("samverkan:events", args=[laholm.pk])).content.decode()
    assert "Hemliga" not in page and "Kontot" not in page
    [invitation] = PersonInvitation.objects.filter(agreement=laholm)
    assert (invitation.email, invitation.typed_name) == (officer.user.email, "Kim Nyström")
    assert mail.outbox[-1].to == [officer.user.email]
    assert "/konto/inbjudningar/" in mail.outbox[-1].body


def test_an_address_of_another_organisation_is_answered_alike_and_cannot_join(
    client_as, client, laholm, strategic, police, user
):
    stranger = user("annan-kommun")  # the other municipality's coordinator
    response = invite(client_as("samordnare"), laholm, strategic, police, stranger.email)
    assert message_of(response) == [f"En inbjudan har skickats till Kim Nyström, {stranger.email}."]

    client.force_login(stranger)
    invitation = PersonInvitation.objects.get(email=stranger.email)
    answer = client.post(
        reverse("account_invitation_answer", args=[invitation.pk]),
        {"answer": "accept"},
        follow=True,
    )
    assert answer.redirect_chain[0][1] == 302
    assert "ditt konto hör inte dit" in message_of(answer)[0]
    assert stranger.person not in eligible_people(laholm)
    invitation.refresh_from_db()
    assert invitation.state == PersonInvitation.State.PENDING


def test_the_owner_accepts_from_their_own_login_and_joins_the_people_list(
    client_as, client, laholm, strategic, police, officer
):
    invite(client_as("samordnare"), laholm, strategic, police, officer.user.email.upper())
    client.force_login(officer.user)
    page = client.get(reverse("account_invitations")).content.decode()
    assert laholm.title in page and "Polismyndigheten" in page
    invitation = PersonInvitation.objects.get(agreement=laholm)
    answer = client.post(
        reverse("account_invitation_answer", args=[invitation.pk]),
        {"answer": "accept"},
        follow=True,
    )
    assert answer.redirect_chain[0][1] == 302
    assert officer in eligible_people(laholm)
    invitation.refresh_from_db()
    assert invitation.state == PersonInvitation.State.ACCEPTED
    assert Event.objects.of_action("samverkan.person.added").filter(agreement=laholm).exists()
    # Answered once: the list is empty and a second answer changes nothing.
    assert "inga inbjudningar" in client.get(reverse("account_invitations")).content.decode()
    again = client.post(
        reverse("account_invitation_answer", args=[invitation.pk]),
        {"answer": "decline"},
        follow=True,
    )
    assert "redan besvarad" in message_of(again)[0]


def test_the_owner_may_decline(client_as, client, laholm, strategic, police, officer):
    invite(client_as("samordnare"), laholm, strategic, police, officer.user.email)
    client.force_login(officer.user)
    invitation = PersonInvitation.objects.get(agreement=laholm)
    client.post(reverse("account_invitation_answer", args=[invitation.pk]), {"answer": "decline"})
    invitation.refresh_from_db()
    assert invitation.state == PersonInvitation.State.DECLINED
    assert officer not in eligible_people(laholm)


def test_someone_elses_invitation_is_not_found(client_as, laholm, strategic, police, officer):
    invite(client_as("samordnare"), laholm, strategic, police, officer.user.email)
    invitation = PersonInvitation.objects.get(agreement=laholm)
    other = client_as("kommunpolis")
    url = reverse("account_invitation_answer", args=[invitation.pk])
    assert other.post(url, {"answer": "accept"}).status_code == 404
    assert laholm.title not in other.get(reverse("account_invitations")).content.decode()


def test_an_invitation_expires_after_thirty_days(
    client_as, client, laholm, strategic, police, officer, time_machine
):
    invite(client_as("samordnare"), laholm, strategic, police, officer.user.email)
    invitation = PersonInvitation.objects.get(agreement=laholm)
    time_machine.move_to(timezone.now() + timedelta(days=PersonInvitation.VALID_DAYS, minutes=1))
    client.force_login(officer.user)
    assert "inga inbjudningar" in client.get(reverse("account_invitations")).content.decode()
    answer = client.post(
        reverse("account_invitation_answer", args=[invitation.pk]),
        {"answer": "accept"},
        follow=True,
    )
    assert "gått ut" in message_of(answer)[0]
    assert officer not in eligible_people(laholm)


def test_a_second_invitation_while_one_is_open_is_refused(
    client_as, laholm, strategic, police, officer
):
    client = client_as("samordnare")
    invite(client, laholm, strategic, police, officer.user.email)
    response = invite(client, laholm, strategic, police, officer.user.email)
    assert response.redirect_chain == []
    assert response.context["form"].errors["email"] == [
        "En inbjudan till den här adressen väntar redan på svar."
    ]
    assert response.context["form"]["first_name"].value() == "Kim"
