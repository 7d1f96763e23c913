"""The signatory pages: the party list and the party's page show a pending designation as
pending, with the actions for whoever may take them; the coordinator designates and
withdraws, the party's signatory confirms, the designee opens their link, an installation
administrator approves. The party form no longer sets who signs."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan import annexes, signatories
from samverkan.models import AgreementParty, SignatoryDesignation
from tests.factories import AgreementPartyFactory, PersonFactory
from tests.helpers import INVALID_CHOICE, rights
from tests.html_helpers import text_of

State = SignatoryDesignation.State


def party(agreement, short_name) -> AgreementParty:
    return agreement.parties.select_related("party", "signatory_user").get(short_name=short_name)


@pytest.fixture
def polisen(laholm):
    return party(laholm, "Polisen")


@pytest.fixture
def successor(polisen, user, coordinator):
    return signatories.signatory_designate(
        agreement_party=polisen, user=user("kommunpolis"), by=coordinator
    )


@pytest.fixture
def first(laholm, user, coordinator):
    """frivard designated the first time for Kriminalvården, its signatory gone."""
    kv = party(laholm, "Kriminalvården")
    kv.signatory_user = None
    kv.save(update_fields=["signatory_user"])
    mail.outbox.clear()
    return signatories.signatory_designate(agreement_party=kv, user=user("frivard"), by=coordinator)


def parties_url(agreement) -> str:
    return reverse("samverkan:parties", args=[agreement.pk])


def designate_url(agreement_party) -> str:
    return reverse(
        "samverkan:signatory_designate", args=[agreement_party.agreement_id, agreement_party.pk]
    )


def confirm_url(designation) -> str:
    agreement_id = designation.agreement_party.agreement_id
    return reverse("samverkan:signatory_confirm", args=[agreement_id, designation.pk])


def cancel_url(designation) -> str:
    agreement_id = designation.agreement_party.agreement_id
    return reverse("samverkan:signatory_cancel", args=[agreement_id, designation.pk])


def accept_url(token) -> str:
    return reverse("samverkan:signatory_accept", args=[token])


def approve_url(designation) -> str:
    return reverse("samverkan:signatory_approve", args=[designation.pk])


def polisen_row(html: str) -> str:
    [row] = [r for r in re.findall(r"<tr>(.*?)</tr>", html, re.S) if "Polismyndigheten" in r]
    return row


def state_of(designation) -> str:
    return SignatoryDesignation.objects.get(pk=designation.pk).state


# --- the party list and the party's page -------------------------------------------------


def test_every_member_sees_a_pending_successor_as_pending_with_no_action(
    client_as, laholm, successor
):
    html = client_as("sakerhetschef").get(parties_url(laholm)).content.decode()
    row = text_of(polisen_row(html))
    assert "Undertecknar i tjänsten: Anna Kvist" in row
    assert "Väntar på nuvarande firmatecknare Utsedd: Erik Sand (2025-03-12), Kommunpolis" in row
    assert confirm_url(successor) not in html
    assert cancel_url(successor) not in html


def test_the_partys_signatory_is_offered_to_confirm_or_decline_their_successor(
    client_as, laholm, successor
):
    html = client_as("lpo-chef").get(parties_url(laholm)).content.decode()
    row = polisen_row(html)
    assert row.count(f'action="{confirm_url(successor)}"') == 2
    assert 'value="confirm"' in row and 'value="decline"' in row
    assert cancel_url(successor) not in html


def test_the_coordinator_is_offered_to_withdraw_and_to_designate_but_not_to_confirm(
    client_as, laholm, successor, polisen
):
    html = client_as("samordnare").get(parties_url(laholm)).content.decode()
    row = polisen_row(html)
    assert f'action="{cancel_url(successor)}"' in row
    assert f'href="{designate_url(polisen)}"' in row
    assert confirm_url(successor) not in html


def test_the_party_form_sets_no_signatory_and_shows_who_signs_and_what_is_pending(
    client_as, laholm, successor, polisen, user
):
    client = client_as("samordnare")
    url = reverse("samverkan:party_edit", args=[laholm.pk, polisen.pk])
    html = client.get(url).content.decode()
    assert 'name="signatory_user"' not in html
    assert "Väntande utseende" in text_of(html)
    assert f'href="{designate_url(polisen)}"' in html


# --- designating ------------------------------------------------------------------------


def test_the_coordinator_designates_a_successor_who_waits_for_the_signatory(
    client_as, laholm, user
):
    kommunen = party(laholm, "Kommunen")
    response = client_as("samordnare").post(
        designate_url(kommunen), {"user": user("sakerhetschef").pk, "title": ""}, follow=True
    )
    assert response.redirect_chain == [(parties_url(laholm), 302)]
    assert (
        "Johan Berg är utsedd att underteckna för Kommunen. Utseendet gäller när Per Alm har "
        "bekräftat det." in text_of(response.content.decode())
    )
    designation = kommunen.designations.get(state=State.AWAITING_SIGNATORY)
    assert (designation.user, designation.title) == (user("sakerhetschef"), "Säkerhetschef")
    assert mail.outbox == []
    assert "sign_for_party" not in rights("sakerhetschef", kommunen)


def test_a_first_designation_from_the_page_says_a_link_was_sent(client_as, laholm, user):
    kv = party(laholm, "Kriminalvården")
    kv.signatory_user = None
    kv.save(update_fields=["signatory_user"])
    response = client_as("samordnare").post(
        designate_url(kv), {"user": user("frivard").pk, "title": "Frivårdsinspektör"}, follow=True
    )
    assert "har fått en länk till frivard@example.se" in text_of(response.content.decode())
    [message] = mail.outbox
    assert message.to == ["frivard@example.se"]


def test_only_the_partys_staff_in_the_directory_are_offered(client_as, laholm, user):
    kommunen = party(laholm, "Kommunen")
    client = client_as("samordnare")
    html = client.get(designate_url(kommunen)).content.decode()
    options = re.findall(r'<option value="(\d+)"', html)
    assert str(user("sakerhetschef").pk) in options
    assert str(user("kommunpolis").pk) not in options  # Polisen's
    assert str(user("ks-ordforande").pk) not in options  # signs already
    response = client.post(designate_url(kommunen), {"user": user("kommunpolis").pk})
    assert response.status_code == 200
    assert response.context["form"].errors == {"user": [INVALID_CHOICE]}
    assert not kommunen.designations.exclude(state=State.CONFIRMED).exists()


def test_the_designation_page_shows_the_pending_one_and_no_form_until_it_is_withdrawn(
    client_as, successor, polisen
):
    client = client_as("samordnare")
    html = client.get(designate_url(polisen)).content.decode()
    assert "Väntar på nuvarande firmatecknare" in text_of(html)
    assert 'name="user"' not in html
    assert f'action="{cancel_url(successor)}"' in html
    other = PersonFactory(party=polisen.party, agreements=[polisen.agreement])
    response = client.post(designate_url(polisen), {"user": other.user_id})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Polisen har redan ett utseende som väntar på bekräftelse. "
        "Återkalla det först om någon annan ska utses."
    ]


def test_the_coordinator_withdraws_a_pending_designation(client_as, laholm, successor):
    response = client_as("samordnare").post(cancel_url(successor), follow=True)
    assert response.redirect_chain == [(parties_url(laholm), 302)]
    assert "Utseendet av Erik Sand är återkallat." in text_of(response.content.decode())
    assert state_of(successor) == State.WITHDRAWN


def test_the_pages_say_until_when_the_link_is_valid_and_when_it_has_expired(
    client_as, first, laholm, time_machine
):
    client = client_as("samordnare")
    page = designate_url(first.agreement_party)
    assert "Länken gäller till 2025-03-19" in text_of(client.get(page).content.decode())
    time_machine.move_to(first.token_expires_at + timedelta(seconds=1))
    client = client_as("samordnare")  # a week later: logged in again
    expired = "Länken har gått ut. Återkalla utseendet och gör om det."
    assert expired in text_of(client.get(page).content.decode())
    assert expired in text_of(client.get(parties_url(laholm)).content.decode())


# --- confirming a successor -------------------------------------------------------------


def test_the_signatory_confirms_the_successor_from_the_party_list(
    client_as, laholm, successor, polisen
):
    response = client_as("lpo-chef").post(
        confirm_url(successor), {"decision": "confirm"}, follow=True
    )
    assert response.redirect_chain == [(parties_url(laholm), 302)]
    assert "Erik Sand undertecknar för Polisen från och med nu." in text_of(
        response.content.decode()
    )
    assert state_of(successor) == State.CONFIRMED
    assert "sign_for_party" in rights("kommunpolis", polisen)
    assert "sign_for_party" not in rights("lpo-chef", polisen)


def test_the_signatory_declines_the_successor_from_the_party_list(client_as, successor, polisen):
    response = client_as("lpo-chef").post(confirm_url(successor), {"decision": "decline"})
    assert response.status_code == 302
    assert state_of(successor) == State.DECLINED
    assert "sign_for_party" in rights("lpo-chef", polisen)


@pytest.mark.parametrize("username", ["samordnare", "frivardschef", "kommunpolis", "sakerhetschef"])
def test_nobody_else_confirms_a_successor(client_as, successor, username):
    response = client_as(username).post(confirm_url(successor), {"decision": "confirm"})
    assert response.status_code == 403
    assert state_of(successor) == State.AWAITING_SIGNATORY


def test_a_designation_of_another_agreement_is_not_found(client_as, successor, other_agreement):
    url = reverse("samverkan:signatory_cancel", args=[other_agreement.pk, successor.pk])
    assert client_as("annan-kommun").post(url).status_code == 404


# --- the pending designee may not sign ----------------------------------------------------


def test_a_pending_designee_is_refused_the_signing_page(client_as, laholm, successor, coordinator):
    version = annexes.agreement_version_make(agreement=laholm, by=coordinator)
    version = annexes.agreement_version_open(version=version, by=coordinator)
    url = reverse("samverkan:version_sign", args=[laholm.pk, version.pk])
    client = client_as("kommunpolis")
    assert client.get(url).status_code == 403
    assert client.post(url, {"password": "samverkan"}).status_code == 403
    assert not version.signatures.exists()


# --- the designee's link ----------------------------------------------------------------


def test_the_link_in_the_mail_opens_the_designees_page(client_as, first):
    [message] = mail.outbox
    path = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
    assert path == accept_url(first.token)
    response = client_as("frivard").get(path)
    assert response.status_code == 200
    text = text_of(response.content.decode())
    assert "Underteckna för Kriminalvården" in text
    assert "Samverkansöverenskommelse 2024–2026" in text
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("username", ["frivardschef", "samordnare", "installation"])
def test_the_link_opened_by_someone_else_is_not_found_and_reveals_nothing(
    client_as, first, username, laholm
):
    client = client_as(username)
    for response in (
        client.get(accept_url(first.token)),
        client.post(accept_url(first.token), {"decision": "confirm"}),
    ):
        assert response.status_code == 404
        html = response.content.decode()
        assert laholm.title not in html
        assert "Underteckna för" not in html and "Nora Ek" not in html
    assert state_of(first) == State.AWAITING_DESIGNEE


def test_the_link_sends_someone_not_logged_in_to_log_in(client, first):
    response = client.get(accept_url(first.token))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_designee_confirms_through_the_link_once(client_as, first, user):
    client = client_as("frivard")
    response = client.post(accept_url(first.token), {"decision": "confirm"}, follow=True)
    assert response.redirect_chain == [(reverse("samverkan:home"), 302)]
    assert "Du har bekräftat att du undertecknar för Kriminalvården" in text_of(
        response.content.decode()
    )
    assert state_of(first) == State.AWAITING_ADMIN
    assert client.get(accept_url(first.token)).status_code == 404  # used


def test_the_designee_declines_through_the_link(client_as, first):
    response = client_as("frivard").post(accept_url(first.token), {"decision": "decline"})
    assert response.status_code == 302
    assert state_of(first) == State.DECLINED


def test_an_expired_link_says_so_and_confirms_nothing(client_as, first, time_machine):
    time_machine.move_to(first.token_expires_at + timedelta(seconds=1))
    client = client_as("frivard")
    response = client.get(accept_url(first.token))
    assert response.status_code == 410
    assert "Länken har gått ut." in text_of(response.content.decode())
    assert client.post(accept_url(first.token), {"decision": "confirm"}).status_code == 410
    assert state_of(first) == State.AWAITING_DESIGNEE


def test_a_withdrawn_designations_link_is_not_found(client_as, first, coordinator):
    signatories.signatory_withdraw(designation=first, by=coordinator)
    assert client_as("frivard").get(accept_url(first.token)).status_code == 404


# --- the administrator's approvals ------------------------------------------------------


@pytest.fixture
def confirmed_by_designee(first, user):
    return signatories.signatory_accept(token=first.token, by=user("frivard"))


def test_the_installation_page_links_to_the_approvals(client_as):
    html = client_as("installation").get(reverse("samverkan:installation")).content.decode()
    assert f'href="{reverse("samverkan:signatory_approvals")}"' in html


def test_the_administrator_sees_and_approves_a_designation_the_designee_confirmed(
    client_as, confirmed_by_designee, laholm, user
):
    client = client_as("installation")
    html = client.get(reverse("samverkan:signatory_approvals")).content.decode()
    assert "Nora Ek" in text_of(html) and laholm.title in text_of(html)
    assert f'action="{approve_url(confirmed_by_designee)}"' in html
    response = client.post(approve_url(confirmed_by_designee), {"decision": "approve"}, follow=True)
    assert "Nora Ek undertecknar för Kriminalvården från och med nu." in text_of(
        response.content.decode()
    )
    assert state_of(confirmed_by_designee) == State.CONFIRMED
    assert "sign_for_party" in rights("frivard", party(laholm, "Kriminalvården"))
    assert "Inga utseenden väntar på godkännande." in text_of(response.content.decode())


@pytest.mark.parametrize("username", ["samordnare", "frivard", "frivardschef"])
def test_nobody_but_an_administrator_approves(client_as, confirmed_by_designee, username):
    client = client_as(username)
    assert client.get(reverse("samverkan:signatory_approvals")).status_code == 403
    response = client.post(approve_url(confirmed_by_designee), {"decision": "approve"})
    assert response.status_code == 403
    assert state_of(confirmed_by_designee) == State.AWAITING_ADMIN


def test_the_administrator_declines(client_as, confirmed_by_designee):
    client_as("installation").post(approve_url(confirmed_by_designee), {"decision": "decline"})
    assert state_of(confirmed_by_designee) == State.DECLINED


def awaiting_admin_elsewhere():
    """A first designation in an agreement of its own, confirmed by its designee."""
    other = AgreementPartyFactory()
    person = PersonFactory(party=other.party, agreements=[other.agreement])
    designation = signatories.signatory_designate(agreement_party=other, user=person.user, by=None)
    return signatories.signatory_accept(token=designation.token, by=person.user)


def test_the_approvals_page_runs_the_same_queries_for_one_or_many(
    client_as, confirmed_by_designee, django_assert_max_num_queries
):
    client = client_as("installation")
    url = reverse("samverkan:signatory_approvals")
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(5):
        awaiting_admin_elsewhere()
    with django_assert_max_num_queries(len(one)):
        html = client.get(url).content.decode()
    assert html.count('value="approve"') == 6
