"""Signing a version (samverkan/annexes.py annex_version_sign and the signing form): each
party's signatory signs for that party only, with their password re-entered, a decided
version only, once; the signature records who, as what, when, from where and the hash; the
last party's signature puts the version in force. The agreement's own text is signed the
same way and the agreement is then signed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

import tests.pages  # noqa: F401 (first: it joins the registry, pages_versions with it)
from councils.roles import agreement_sync_permissions
from samverkan import annexes
from samverkan.models import Agreement, AgreementParty, AnnexVersion, Event, Signature
from tests.annexes.conftest import snapshot
from tests.annexes.pages_versions import SIGNS_FOR, decided_by_council, new_annex, sign_as
from tests.helpers import TODAY
from tests.html_helpers import field_errors, text_of

State = AnnexVersion.State
PARTIES = ("Kommunen", "Polisen", "Kriminalvården")


@pytest.fixture
def annex(laholm):
    return new_annex(laholm)


@pytest.fixture
def decided(laholm, annex, coordinator):
    return decided_by_council(laholm, annex, snapshot(), coordinator)


def sign_url(version):
    return reverse("samverkan:version_sign", args=[version.agreement_id, version.pk])


def party(version, short_name):
    return version.agreement.parties.get(short_name=short_name)


# --- who signs -------------------------------------------------------------------------


def test_a_signature_records_the_signer_their_title_the_time_the_hash_and_where_from(
    client_as, decided
):
    response = client_as("lpo-chef").post(
        sign_url(decided),
        {"password": "samverkan"},
        REMOTE_ADDR="10.1.2.3",
        HTTP_USER_AGENT="Mozilla/5.0 (Testwebbläsare)",
    )
    assert response.status_code == 302
    [signature] = decided.signatures.all()
    assert signature.party == party(decided, "Polisen")
    assert signature.signer.username == "lpo-chef"
    assert signature.signer_name == "Anna Kvist"
    # The title Polisen confirmed for its signatory (the demo's designation).
    assert signature.signer_title == "Lokalpolisområdeschef"
    assert signature.content_hash == decided.content_hash
    assert signature.ip_address == "10.1.2.3"
    assert signature.user_agent == "Mozilla/5.0 (Testwebbläsare)"
    assert signature.signed_at is not None
    event = Event.objects.of_action("samverkan.annex_version.signed").about(decided).get()
    assert event.data["party"] == "Polisen"


def test_the_signing_form_asks_for_the_password_again_and_shows_the_hash_signed(client_as, decided):
    response = client_as("lpo-chef").get(sign_url(decided))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'autocomplete="current-password"' in html
    assert decided.content_hash in text_of(html)
    assert "Underteckna för Polisen" in text_of(html)
    # One party: nothing to choose.
    assert 'name="party"' not in html


def test_a_signatory_for_two_parties_chooses_which_to_sign_for(client_as, user, laholm, decided):
    kriminalvarden = party(decided, "Kriminalvården")
    kriminalvarden.signatory_user = user("lpo-chef")
    kriminalvarden.save()
    agreement_sync_permissions(agreement=laholm)
    client = client_as("lpo-chef")
    html = client.get(sign_url(decided)).content.decode()
    assert '<select name="party"' in html
    response = client.post(sign_url(decided), {"party": kriminalvarden.pk, "password": "samverkan"})
    assert response.status_code == 302
    assert [s.party for s in decided.signatures.all()] == [kriminalvarden]


def test_signing_for_another_party_is_refused(user, decided):
    with pytest.raises(PermissionDenied):
        annexes.annex_version_sign(
            version=decided,
            party=party(decided, "Kommunen"),
            by=user("lpo-chef"),
            password="samverkan",
        )
    assert not decided.signatures.exists()


def test_the_form_signs_only_for_the_signers_own_party_whatever_party_is_posted(client_as, decided):
    kommunen = party(decided, "Kommunen")
    client_as("lpo-chef").post(sign_url(decided), {"party": kommunen.pk, "password": "samverkan"})
    assert [s.party.short_name for s in decided.signatures.all()] == ["Polisen"]


@pytest.mark.parametrize("username", ["kommunpolis", "samordnare", "sakerhetschef"])
def test_who_signs_for_no_party_gets_403_on_the_signing_form(client_as, decided, username):
    client = client_as(username)
    assert client.get(sign_url(decided)).status_code == 403
    response = client.post(sign_url(decided), {"password": "samverkan"})
    assert response.status_code == 403
    assert not decided.signatures.exists()


def test_a_signatory_named_without_the_right_to_sign_may_not_sign(client_as, user, decided):
    # Named the party's signatory, but the right is not (yet) granted: no signature.
    AgreementParty.objects.filter(short_name="Polisen", agreement=decided.agreement).update(
        signatory_user=user("kommunpolis")
    )
    polisen = party(decided, "Polisen")
    with pytest.raises(PermissionDenied):
        annexes.annex_version_sign(
            version=decided, party=polisen, by=user("kommunpolis"), password="samverkan"
        )
    assert client_as("kommunpolis").get(sign_url(decided)).status_code == 403
    assert not decided.signatures.exists()


def test_the_former_signatory_may_not_sign_once_another_is_named(user, laholm, decided):
    polisen = party(decided, "Polisen")
    polisen.signatory_user = user("kommunpolis")
    polisen.save()
    agreement_sync_permissions(agreement=laholm)
    with pytest.raises(PermissionDenied):
        sign_as(decided, "Polisen", user)
    assert not decided.signatures.exists()


# --- the password ----------------------------------------------------------------------


def test_a_wrong_password_is_refused_on_the_password_field_and_nothing_is_saved(
    client_as, user, decided
):
    error = pytest.raises(ValidationError, sign_as, decided, "Polisen", user, password="fel")
    assert error.value.message_dict == {"password": ["Lösenordet stämmer inte."]}
    response = client_as("lpo-chef").post(sign_url(decided), {"password": "fel"})
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "password") == ["Lösenordet stämmer inte."]
    assert not decided.signatures.exists()
    assert not Event.objects.of_action("samverkan.annex_version.signed").about(decided).exists()
    decided.refresh_from_db()
    assert decided.state == State.DECIDED


def test_an_empty_password_is_asked_for(client_as, decided):
    response = client_as("lpo-chef").post(sign_url(decided), {"password": ""})
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "password")
    assert not decided.signatures.exists()


# --- what may be signed ----------------------------------------------------------------


def test_a_draft_or_presented_version_cannot_be_signed(client_as, user, laholm, annex, coordinator):
    version = annexes.annex_version_make(
        agreement=laholm, annex=annex, snapshot=snapshot(), by=coordinator
    )
    for step in ("draft", "presented"):
        if step == "presented":
            version = annexes.annex_version_present(version=version, to="Rådet", by=coordinator)
        error = pytest.raises(ValidationError, sign_as, version, "Polisen", user)
        assert "kan undertecknas först när den är beslutad" in error.value.messages[0]
        response = client_as("lpo-chef").post(sign_url(version), {"password": "samverkan"})
        assert response.status_code == 200
        assert "kan undertecknas först när den är beslutad" in text_of(response.content.decode())
        assert not version.signatures.exists()


def test_a_party_does_not_sign_twice(user, decided):
    sign_as(decided, "Polisen", user)
    error = pytest.raises(ValidationError, sign_as, decided, "Polisen", user)
    assert error.value.messages == ["Polisen har redan undertecknat version 1."]
    assert decided.signatures.count() == 1


def test_the_database_refuses_a_second_signature_of_the_same_party(user, decided):
    from django.db import IntegrityError, transaction

    signature = sign_as(decided, "Polisen", user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(
            version=decided,
            party=signature.party,
            signer=signature.signer,
            signer_name="Igen",
            content_hash=decided.content_hash,
        )


def test_a_version_in_force_is_not_signed_again(user, decided):
    for short_name in PARTIES:
        sign_as(decided, short_name, user)
    error = pytest.raises(ValidationError, sign_as, decided, "Polisen", user)
    assert error.value.messages == ["Versionen är redan undertecknad av alla parter."]


def test_content_changed_after_the_decision_cannot_be_signed(user, decided):
    AnnexVersion.objects.filter(pk=decided.pk).update(html="<p>Annat innehåll</p>")
    error = pytest.raises(ValidationError, sign_as, decided, "Polisen", user)
    assert "stämmer inte med det som beslutades" in error.value.messages[0]
    assert not decided.signatures.exists()


# --- in force --------------------------------------------------------------------------


def test_the_last_partys_signature_puts_the_version_in_force_and_supersedes_the_one_before(
    user, laholm, annex, decided, coordinator
):
    for short_name in PARTIES:
        sign_as(decided, short_name, user)
    newer = decided_by_council(laholm, annex, snapshot(measures=("Kameror",)), coordinator)
    sign_as(newer, "Kommunen", user)
    sign_as(newer, "Polisen", user)
    newer.refresh_from_db()
    assert newer.state == State.DECIDED
    sign_as(newer, "Kriminalvården", user)
    newer.refresh_from_db()
    decided.refresh_from_db()
    assert (newer.state, decided.state) == (State.IN_FORCE, State.SUPERSEDED)
    assert newer.in_force_at is not None and decided.superseded_at is not None
    in_force = Event.objects.of_action("samverkan.annex_version.in_force").about(newer)
    assert in_force.count() == 1


# --- editing a signed version is refused -----------------------------------------------


def content_of(version):
    version.refresh_from_db()
    return (version.snapshot, version.html, version.content_hash, version.state)


def test_a_new_version_is_refused_while_one_awaits_signatures_and_the_decided_one_is_untouched(
    user, laholm, annex, decided, coordinator
):
    sign_as(decided, "Polisen", user)
    before = content_of(decided)
    with pytest.raises(ValidationError) as error:
        annexes.annex_version_make(
            agreement=laholm, annex=annex, snapshot=snapshot(measures=("Annat",)), by=coordinator
        )
    assert "innan en ny version görs" in error.value.messages[0]
    assert content_of(decided) == before
    assert annex.versions.count() == 1


def test_a_new_version_after_one_in_force_is_a_new_draft_and_the_signed_one_stays(
    user, laholm, annex, decided, coordinator
):
    for short_name in PARTIES:
        sign_as(decided, short_name, user)
    before = content_of(decided)
    draft = annexes.annex_version_make(
        agreement=laholm, annex=annex, snapshot=snapshot(measures=("Annat",)), by=coordinator
    )
    assert (draft.number, draft.state) == (2, State.DRAFT)
    assert content_of(decided) == before
    assert annexes.integrity([decided])[decided.pk].ok


def test_the_admin_offers_no_form_to_change_a_version_or_a_signature():
    from django.contrib import admin

    assert not admin.site.is_registered(AnnexVersion)
    assert not admin.site.is_registered(Signature)


# --- the agreement's own text ----------------------------------------------------------


def test_the_agreements_text_made_opened_and_signed_by_all_makes_the_agreement_signed(
    client_as, user, laholm_renewal, coordinator
):
    assert laholm_renewal.status == Agreement.Status.DRAFT
    version = annexes.agreement_version_make(agreement=laholm_renewal, by=coordinator)
    error = pytest.raises(ValidationError, sign_as, version, "Polisen", user)
    assert "kan undertecknas först när den är beslutad" in error.value.messages[0]
    annexes.agreement_version_open(version=version, by=coordinator)
    for short_name in PARTIES:
        response = client_as(SIGNS_FOR[short_name]).post(
            sign_url(version), {"password": "samverkan"}
        )
        assert response.status_code == 302, short_name
    version.refresh_from_db()
    laholm_renewal.refresh_from_db()
    assert version.state == State.IN_FORCE
    assert version.signatures.count() == 3
    assert laholm_renewal.status == Agreement.Status.SIGNED
    assert laholm_renewal.signed_on == TODAY
    assert Event.objects.of_action("samverkan.annex_version.in_force").about(version).count() == 1
