"""Signatories the parties confirm (samverkan/signatories.py): a designation takes effect,
and with it the right to sign, only when the party's current signatory confirms it, or,
the first time, when the designee confirms through their one-time link and an
installation administrator approves. Every step is in the history and the event log."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection

from councils.demo import load_demo
from samverkan import annexes, signatories
from samverkan import services as core_services
from samverkan.lifecycle import agreement_renew
from samverkan.models import Agreement, AgreementParty, SignatoryDesignation
from tests.factories import PersonFactory
from tests.helpers import at_ten, refusal, rights

State = SignatoryDesignation.State


# --- shared pieces ------------------------------------------------------------------------


def party(agreement, short_name) -> AgreementParty:
    return agreement.parties.select_related("party", "signatory_user").get(short_name=short_name)


@pytest.fixture
def polisen(laholm) -> AgreementParty:
    return party(laholm, "Polisen")


@pytest.fixture
def kriminalvarden(laholm) -> AgreementParty:
    """Kriminalvården with its signatory gone: the next designation is a first one."""
    kv = party(laholm, "Kriminalvården")
    kv.signatory_user = None
    kv.save(update_fields=["signatory_user"])
    return kv


@pytest.fixture
def admin(user):
    return user("installation")


def designate(agreement_party, user, by, title=""):
    return signatories.signatory_designate(
        agreement_party=agreement_party, user=user, title=title, by=by
    )


@pytest.fixture
def successor(polisen, user, coordinator):
    """The kommunpolis designated to succeed lpo-chef for Polisen."""
    return designate(polisen, user("kommunpolis"), coordinator)


@pytest.fixture
def first(kriminalvarden, user, coordinator):
    """frivard designated the first time for Kriminalvården; the link is in the mail."""
    mail.outbox.clear()
    return designate(kriminalvarden, user("frivard"), coordinator)


def decided_version(agreement, by):
    """The agreement's own text, sent out for signing (decided without a council)."""
    version = annexes.agreement_version_make(agreement=agreement, by=by)
    return annexes.agreement_version_open(version=version, by=by)


def sign(version, agreement_party, by):
    return annexes.annex_version_sign(
        version=version, party=agreement_party, by=by, password="samverkan"
    )


def history(designation) -> list[tuple]:
    return [
        (row.history_type, row.state, row.history_user.username if row.history_user else None)
        for row in designation.history.order_by("history_id")
    ]


def logged(designation) -> list[tuple]:
    events = designation.agreement_party.agreement.events.about(designation).order_by("pk")
    return [(e.action, e.actor.username if e.actor else None, e.data) for e in events]


def fresh(designation) -> SignatoryDesignation:
    return SignatoryDesignation.objects.get(pk=designation.pk)


# --- a successor, confirmed by the party's signatory ---------------------------------------


def test_a_pending_successor_has_no_right_to_sign_and_the_signatory_is_unchanged(
    successor, polisen, user, coordinator, laholm
):
    assert successor.state == State.AWAITING_SIGNATORY
    assert successor.token is None and successor.token_hash == ""  # no link: no mail
    assert "sign_for_party" not in rights("kommunpolis", polisen)
    assert "sign_for_party" in rights("lpo-chef", polisen)
    assert party(laholm, "Polisen").signatory_user == user("lpo-chef")
    version = decided_version(laholm, coordinator)
    with pytest.raises(PermissionDenied):
        sign(version, polisen, user("kommunpolis"))
    assert not version.signatures.exists()


def test_the_signatory_confirms_the_successor_who_then_signs_and_the_predecessor_may_not(
    successor, polisen, user, coordinator, laholm
):
    signatories.signatory_confirm(designation=successor, by=user("lpo-chef"))

    assert fresh(successor).state == State.CONFIRMED
    assert party(laholm, "Polisen").signatory_user == user("kommunpolis")
    assert "sign_for_party" in rights("kommunpolis", polisen)
    assert "sign_for_party" not in rights("lpo-chef", polisen)
    version = decided_version(laholm, coordinator)
    with pytest.raises(PermissionDenied):
        sign(version, party(laholm, "Polisen"), user("lpo-chef"))
    signature = sign(version, party(laholm, "Polisen"), user("kommunpolis"))
    assert signature.signer == user("kommunpolis")


@pytest.mark.parametrize("username", ["samordnare", "frivardschef", "kommunpolis", "installation"])
def test_nobody_but_the_partys_signatory_confirms_or_declines_a_successor(
    successor, polisen, user, username
):
    for step in (signatories.signatory_confirm, signatories.signatory_decline):
        with pytest.raises(PermissionDenied):
            step(designation=successor, by=user(username))
    assert fresh(successor).state == State.AWAITING_SIGNATORY
    assert "sign_for_party" not in rights("kommunpolis", polisen)


def test_a_signatory_who_has_lost_the_right_to_sign_confirms_nothing(successor, polisen, user):
    from guardian.shortcuts import remove_perm

    remove_perm("samverkan.sign_for_party", user("lpo-chef"), polisen)
    with pytest.raises(PermissionDenied):
        signatories.signatory_confirm(designation=successor, by=user("lpo-chef"))


def test_the_signatory_declines_the_successor_and_keeps_signing(successor, polisen, user):
    signatories.signatory_decline(designation=successor, by=user("lpo-chef"))
    assert fresh(successor).state == State.DECLINED
    assert "sign_for_party" in rights("lpo-chef", polisen)
    assert "sign_for_party" not in rights("kommunpolis", polisen)
    error = refusal(signatories.signatory_confirm, designation=successor, by=user("lpo-chef"))
    assert error.messages == ["Det går inte: utseendet av Erik Sand har status ”Avböjd”."]


def test_a_successors_steps_are_in_the_history_and_the_log_with_who_took_them(
    successor, polisen, user
):
    before = [d.pk for d in polisen.designations.filter(state=State.CONFIRMED)]
    signatories.signatory_confirm(designation=successor, by=user("lpo-chef"))

    assert history(successor) == [
        ("+", "awaiting_signatory", "samordnare"),
        ("~", "confirmed", "lpo-chef"),
    ]
    [demo] = before  # the demo's confirmed designation of lpo-chef is replaced
    assert history(SignatoryDesignation.objects.get(pk=demo))[-1] == ("~", "replaced", "lpo-chef")
    record = polisen.history.order_by("-history_id").first()
    assert (record.signatory_user_id, record.history_user) == (
        user("kommunpolis").pk,
        user("lpo-chef"),
    )
    assert logged(successor) == [
        (
            "samverkan.signatory.designated",
            "samordnare",
            {"person": "Erik Sand", "party": "Polisen"},
        ),
        (
            "samverkan.signatory.confirmed",
            "lpo-chef",
            {"person": "Erik Sand", "party": "Polisen", "confirmed_by": "Anna Kvist"},
        ),
    ]
    event = polisen.agreement.events.about(successor).order_by("pk").last()
    assert event.sentence == "Erik Sand bekräftades som firmatecknare för Polisen av Anna Kvist"


# --- who may be designated ------------------------------------------------------------------


def test_someone_of_another_party_is_not_designated(laholm, user, coordinator):
    error = refusal(designate, party(laholm, "Kommunen"), user("kommunpolis"), coordinator)
    assert error.message_dict == {
        "user": ["Den som undertecknar måste arbeta hos Kommunen och finnas i personlistan."]
    }
    assert not SignatoryDesignation.objects.filter(user=user("kommunpolis")).exists()


def test_staff_outside_the_agreements_people_directory_are_not_designated(
    polisen, coordinator, other_agreement
):
    stranger = PersonFactory(party=polisen.party, agreements=[other_agreement])
    error = refusal(designate, polisen, stranger.user, coordinator)
    assert list(error.message_dict) == ["user"]


def test_the_current_signatory_is_not_designated_again(polisen, user, coordinator):
    error = refusal(designate, polisen, user("lpo-chef"), coordinator)
    assert error.message_dict == {"user": ["Anna Kvist undertecknar redan för Polisen."]}


def test_a_party_has_one_pending_designation_at_a_time(successor, polisen, coordinator):
    other = PersonFactory(party=polisen.party, agreements=[polisen.agreement])
    error = refusal(designate, polisen, other.user, coordinator)
    assert error.messages == [
        "Polisen har redan ett utseende som väntar på bekräftelse. "
        "Återkalla det först om någon annan ska utses."
    ]
    signatories.signatory_withdraw(designation=successor, by=coordinator)
    assert designate(polisen, other.user, coordinator).state == State.AWAITING_SIGNATORY


def test_the_title_defaults_to_the_persons_title_in_the_directory(successor):
    assert successor.title == "Kommunpolis"


# --- a first designation: the designee's link, then an administrator ------------------------


def token_in(message) -> str:
    [found] = re.findall(r"/firmatecknare/bekrafta/([A-Za-z0-9_-]+)/", message.body)
    return found


def test_a_first_designation_mails_the_designee_a_one_time_link_stored_only_as_its_hash(first):
    assert first.state == State.AWAITING_DESIGNEE
    [message] = mail.outbox
    assert message.to == ["frivard@example.se"]
    assert message.subject == (
        "Bekräfta att du undertecknar för Kriminalvården – Samverkansöverenskommelse 2024–2026"
    )
    token = token_in(message)
    assert token == first.token and len(token) >= 43
    assert "Sara Lind har utsett dig att underteckna för Kriminalvården" in message.body
    assert re.search(r"gäller till 2025-03-19 \d\d:\d\d\.", message.body)
    stored = fresh(first)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert stored.token_expires_at == stored.designated_at + timedelta(days=7)
    table = SignatoryDesignation._meta.db_table
    with connection.cursor() as cursor:  # the token itself is in no column of the row
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [first.pk])
        assert token not in repr(cursor.fetchone())
    assert not hasattr(stored.history.first(), "token_hash")


def test_the_designee_confirms_then_the_administrator_approves_and_only_then_they_sign(
    first, kriminalvarden, user, admin, coordinator, laholm
):
    signatories.signatory_accept(token=first.token, by=user("frivard"))
    assert fresh(first).state == State.AWAITING_ADMIN
    assert fresh(first).designee_confirmed_at is not None
    assert "sign_for_party" not in rights("frivard", kriminalvarden)

    signatories.signatory_approve(designation=first, by=admin)

    assert fresh(first).state == State.CONFIRMED
    assert party(laholm, "Kriminalvården").signatory_user == user("frivard")
    assert "sign_for_party" in rights("frivard", kriminalvarden)
    version = decided_version(laholm, coordinator)
    assert sign(version, party(laholm, "Kriminalvården"), user("frivard")).signer_name == "Nora Ek"


def test_the_link_is_nobody_elses(first, user):
    for username in ("frivardschef", "samordnare", "installation"):
        assert signatories.designation_for_token(token=first.token, user=user(username)) is None
        error = refusal(signatories.signatory_accept, token=first.token, by=user(username))
        assert error.messages == ["Länken gäller inte längre."]
    assert fresh(first).state == State.AWAITING_DESIGNEE


def test_a_wrong_token_finds_nothing(first, user):
    assert (
        signatories.designation_for_token(token=first.token[:-1] + "x", user=user("frivard"))
        is None
    )
    assert signatories.designation_for_token(token="", user=user("frivard")) is None


def test_the_link_works_once(first, user):
    signatories.signatory_accept(token=first.token, by=user("frivard"))
    error = refusal(signatories.signatory_accept, token=first.token, by=user("frivard"))
    assert error.messages == ["Länken gäller inte längre."]
    assert fresh(first).token_hash == ""


def test_an_expired_link_is_refused(first, user, time_machine):
    assert first.token_expires_at - first.designated_at == timedelta(days=7)
    time_machine.move_to(first.token_expires_at + timedelta(minutes=1))
    error = refusal(signatories.signatory_accept, token=first.token, by=user("frivard"))
    assert error.messages == ["Länken har gått ut. Be den som utsåg dig att göra om utseendet."]
    assert fresh(first).state == State.AWAITING_DESIGNEE


def test_a_link_on_its_last_minute_still_works(first, user, time_machine):
    time_machine.move_to(first.token_expires_at - timedelta(minutes=1))
    assert signatories.signatory_accept(token=first.token, by=user("frivard")).state == (
        State.AWAITING_ADMIN
    )


def test_a_withdrawn_designations_link_no_longer_works(first, user, coordinator):
    signatories.signatory_withdraw(designation=first, by=coordinator)
    assert fresh(first).state == State.WITHDRAWN
    assert signatories.designation_for_token(token=first.token, user=user("frivard")) is None
    refusal(signatories.signatory_accept, token=first.token, by=user("frivard"))


@pytest.mark.parametrize("username", ["samordnare", "frivard", "frivardschef"])
def test_only_an_installation_administrator_approves(first, user, username):
    accepted = signatories.signatory_accept(token=first.token, by=user("frivard"))
    with pytest.raises(PermissionDenied):
        signatories.signatory_approve(designation=accepted, by=user(username))
    assert fresh(first).state == State.AWAITING_ADMIN


def test_nothing_is_approved_before_the_designee_has_confirmed(first, admin):
    error = refusal(signatories.signatory_approve, designation=first, by=admin)
    assert error.messages == [
        "Det går inte: utseendet av Nora Ek har status ”Väntar på den utseddas bekräftelse”."
    ]


def test_the_designee_or_the_administrator_may_decline(first, kriminalvarden, user, admin):
    signatories.signatory_decline(designation=first, by=user("frivard"))
    assert fresh(first).state == State.DECLINED
    again = designate(kriminalvarden, user("frivard"), user("samordnare"))
    signatories.signatory_accept(token=again.token, by=user("frivard"))
    with pytest.raises(PermissionDenied):  # no longer the designee's to decline
        signatories.signatory_decline(designation=again, by=user("frivard"))
    signatories.signatory_decline(designation=again, by=admin)
    assert fresh(again).state == State.DECLINED
    assert "sign_for_party" not in rights("frivard", kriminalvarden)


def test_a_mail_that_cannot_be_sent_saves_no_designation(
    kriminalvarden, user, coordinator, monkeypatch
):
    def refuse(**kwargs):
        raise OSError("anslutningen nekades")

    monkeypatch.setattr(core_services, "send_mail", refuse)
    events = kriminalvarden.agreement.events.count()
    error = refusal(designate, kriminalvarden, user("frivard"), coordinator)
    assert "E-postmeddelandet kunde inte skickas" in error.messages[0]
    assert not kriminalvarden.designations.filter(user=user("frivard")).exists()
    assert kriminalvarden.agreement.events.count() == events


def test_a_first_designations_steps_are_in_the_history_and_the_log(first, user, admin):
    signatories.signatory_accept(token=first.token, by=user("frivard"))
    signatories.signatory_approve(designation=first, by=admin)
    assert history(first) == [
        ("+", "awaiting_designee", "samordnare"),
        ("~", "awaiting_admin", "frivard"),
        ("~", "confirmed", "installation"),
    ]
    facts = {"person": "Nora Ek", "party": "Kriminalvården"}
    assert logged(first) == [
        ("samverkan.signatory.designated", "samordnare", facts),
        ("samverkan.signatory.designee_confirmed", "frivard", facts),
        (
            "samverkan.signatory.approved",
            "installation",
            facts | {"confirmed_by": "Ida Installation"},
        ),
    ]


def test_withdrawing_and_declining_are_in_the_history_and_the_log(
    first, successor, user, coordinator
):
    signatories.signatory_withdraw(designation=first, by=coordinator)
    signatories.signatory_decline(designation=successor, by=user("lpo-chef"))
    assert history(first)[-1] == ("~", "withdrawn", "samordnare")
    assert history(successor)[-1] == ("~", "declined", "lpo-chef")
    assert logged(first)[-1] == (
        "samverkan.signatory.withdrawn",
        "samordnare",
        {"person": "Nora Ek", "party": "Kriminalvården"},
    )
    assert logged(successor)[-1] == (
        "samverkan.signatory.declined",
        "lpo-chef",
        {"person": "Erik Sand", "party": "Polisen", "declined_by": "Anna Kvist"},
    )
    event = first.agreement_party.agreement.events.about(first).order_by("pk").last()
    assert event.sentence == (
        "Utseendet av Nora Ek som firmatecknare för Kriminalvården återkallades"
    )


def test_a_party_whose_signatorys_account_is_closed_designates_the_first_way(
    polisen, user, coordinator
):
    lpo = user("lpo-chef")
    lpo.is_active = False
    lpo.save(update_fields=["is_active"])
    mail.outbox.clear()
    designation = designate(polisen, user("kommunpolis"), coordinator)
    assert designation.state == State.AWAITING_DESIGNEE
    assert [m.to for m in mail.outbox] == [["kommunpolis@example.se"]]


# --- the demo and the renewal --------------------------------------------------------------


def confirmed_signatories(agreement) -> list[tuple]:
    """(party, its signatory, the users of its confirmed designations) per party."""
    rows = []
    for ap in agreement.parties.select_related("signatory_user"):
        confirmed = ap.designations.filter(state=State.CONFIRMED).select_related("user")
        rows.append(
            (ap.short_name, ap.signatory_user.username, [d.user.username for d in confirmed])
        )
    return rows


def test_the_demos_signatories_are_designations_their_parties_confirmed(laholm, laholm_renewal):
    expected = [
        ("Kommunen", "ks-ordforande", ["ks-ordforande"]),
        ("Polisen", "lpo-chef", ["lpo-chef"]),
        ("Kriminalvården", "frivardschef", ["frivardschef"]),
    ]
    assert confirmed_signatories(laholm) == expected
    assert confirmed_signatories(laholm_renewal) == expected


def test_reloading_the_demo_restores_its_signatory_and_replaces_the_one_confirmed_since(
    successor, user, laholm
):
    signatories.signatory_confirm(designation=successor, by=user("lpo-chef"))
    load_demo()
    assert confirmed_signatories(laholm)[1] == ("Polisen", "lpo-chef", ["lpo-chef"])
    assert fresh(successor).state == State.REPLACED
    count = SignatoryDesignation.objects.count()
    load_demo()
    assert SignatoryDesignation.objects.count() == count


@pytest.fixture
def renewed(laholm, laholm_renewal, user, time_machine):
    """Laholm renewed by its coordinator on 2026-11-27, the demo's renewal set aside."""
    Agreement.objects.filter(pk=laholm_renewal.pk).update(
        predecessor=None, status=Agreement.Status.TERMINATED
    )
    laholm.refresh_from_db()
    day = laholm.valid_to - timedelta(days=34)
    time_machine.move_to(at_ten(day))
    return agreement_renew(agreement=laholm, by=user("samordnare"), on=day)


def test_a_renewal_keeps_each_partys_confirmed_signatory_carried_over(renewed, laholm):
    assert confirmed_signatories(renewed) == confirmed_signatories(laholm)
    for ap in renewed.parties.all():
        [carried] = ap.designations.all()
        [source] = party(laholm, ap.short_name).designations.filter(state=State.CONFIRMED)
        assert (carried.user_id, carried.title, carried.confirmed_at) == (
            source.user_id,
            source.title,
            source.confirmed_at,
        )
        record = carried.history.get()
        assert record.history_change_reason == ("Överförd från Samverkansöverenskommelse 2024–2026")
        assert record.history_user.username == "samordnare"
