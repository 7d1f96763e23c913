"""The pages of the annex versions: a version with its state, content, hash, integrity and
signatures, the actions offered only to who may take them, what changes from the version in
force, the history of an annex and of the agreement's own text, and the agreement page's
annex list."""

import re

import pytest
from django.urls import reverse

import tests.pages  # noqa: F401 (first: it joins the registry, pages_versions with it)
from samverkan import annexes
from samverkan.models import AnnexVersion
from tests.annexes.conftest import snapshot
from tests.annexes.pages_versions import decided_by_council, new_annex, sign_as
from tests.html_helpers import field_errors, section, table_rows, text_of

State = AnnexVersion.State


@pytest.fixture
def annex(laholm):
    return new_annex(laholm)


@pytest.fixture
def in_force(laholm, annex, coordinator, user):
    """Version 1 of the annex, decided and signed by the three parties."""
    version = decided_by_council(
        laholm, annex, snapshot("Trygghetsplan 2024", ["Trygghetsvandringar"]), coordinator
    )
    for party in ("Kommunen", "Polisen", "Kriminalvården"):
        sign_as(version, party, user)
    version.refresh_from_db()
    assert version.state == State.IN_FORCE
    return version


@pytest.fixture
def awaiting(laholm, annex, in_force, coordinator, user):
    """Version 2, decided, signed by Polisen only."""
    content = snapshot("Trygghetsplan 2025", ["Trygghetsvandringar", "Ökad belysning"])
    version = decided_by_council(laholm, annex, content, coordinator)
    sign_as(version, "Polisen", user)
    return version


def url(name, version, *rest):
    return reverse(name, args=[version.agreement_id, version.pk, *rest])


def page_text(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


# --- the version page ------------------------------------------------------------------


def test_the_version_page_shows_the_version_its_content_hash_and_who_has_signed(
    client_as, awaiting
):
    html = page_text(client_as("kommunpolis"), url("samverkan:version", awaiting))
    text = text_of(html)
    assert f"Bilaga {awaiting.annex.number}: Trygghetsplan, version 2" in text
    assert "Trygghetsplan 2025" in text
    assert "Väntar på underskrifter" in text
    assert "Strategiskt råd 2025-03-19, punkt 4" in text
    assert awaiting.content_hash in text
    assert "Innehållet stämmer med kontrollsumman" in text
    assert "Integriteten bruten" not in text
    [row] = table_rows(section(html, 'class="table signature-table"'))
    assert [text_of(cell) for cell in row][:3] == ["Polisen", "Anna Kvist", "Lokalpolisområdeschef"]
    assert text_of(row[4]) == awaiting.content_hash
    assert "Har inte undertecknat ännu: Kommunen, Kriminalvården." in text
    # The content as stored, and a way to what changed.
    assert "<li>Ökad belysning</li>" in html
    assert url("samverkan:version_compare", awaiting) in html


def test_a_returned_version_shows_the_reason(client_as, laholm, annex, coordinator):
    version = annexes.annex_version_make(
        agreement=laholm, annex=annex, snapshot=snapshot(), by=coordinator
    )
    annexes.annex_version_present(version=version, to="Strategiskt råd", by=coordinator)
    annexes.annex_version_send_back(version=version, reason="Kostnaden saknas.", by=coordinator)
    text = text_of(page_text(client_as("sakerhetschef"), url("samverkan:version", version)))
    assert "Återremitterad. Skäl: Kostnaden saknas." in text


def test_a_signatory_is_offered_to_sign_for_their_party_until_they_have(client_as, awaiting):
    sign = url("samverkan:version_sign", awaiting)
    assert "Underteckna för Kommunen" in page_text(
        client_as("ks-ordforande"), url("samverkan:version", awaiting)
    )
    # Polisen has signed; the coordinator and a member sign for nobody.
    for username in ("lpo-chef", "samordnare", "kommunpolis"):
        assert sign not in page_text(client_as(username), url("samverkan:version", awaiting))


def test_only_the_coordinator_is_offered_to_send_back_or_reject_a_presented_version(
    client_as, laholm, annex, coordinator
):
    version = annexes.annex_version_make(
        agreement=laholm, annex=annex, snapshot=snapshot(), by=coordinator
    )
    annexes.annex_version_present(version=version, to="Strategiskt råd", by=coordinator)
    links = [url("samverkan:version_send_back", version), url("samverkan:version_reject", version)]
    html = page_text(client_as("samordnare"), url("samverkan:version", version))
    assert all(link in html for link in links)
    html = page_text(client_as("kommunpolis"), url("samverkan:version", version))
    assert not any(link in html for link in links)


def test_a_decided_version_offers_the_coordinator_neither_send_back_nor_discard(
    client_as, awaiting
):
    html = page_text(client_as("samordnare"), url("samverkan:version", awaiting))
    for name in ("version_send_back", "version_reject", "version_discard"):
        assert url(f"samverkan:{name}", awaiting) not in html


def test_a_version_of_another_agreement_is_not_found_under_laholm(
    client_as, laholm, other_agreement, coordinator
):
    foreign = annexes.annex_version_make(
        agreement=other_agreement,
        annex=new_annex(other_agreement),
        snapshot=snapshot(),
        by=coordinator,
    )
    client = client_as("samordnare")
    for name in ("samverkan:version", "samverkan:version_compare", "samverkan:version_reject"):
        path = reverse(name, args=[laholm.pk, foreign.pk])
        assert client.get(path).status_code == 404, name
    path = reverse("samverkan:version_discard", args=[laholm.pk, foreign.pk])
    assert client.post(path).status_code == 404
    assert AnnexVersion.objects.filter(pk=foreign.pk).exists()


# --- the coordinator's actions ---------------------------------------------------------


def test_the_coordinator_sends_a_presented_version_back_with_the_reason(
    client_as, laholm, annex, coordinator
):
    version = annexes.annex_version_make(
        agreement=laholm, annex=annex, snapshot=snapshot(), by=coordinator
    )
    annexes.annex_version_present(version=version, to="Strategiskt råd", by=coordinator)
    client = client_as("samordnare")
    response = client.post(url("samverkan:version_send_back", version), {"reason": " "})
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "reason")
    version.refresh_from_db()
    assert version.state == State.PRESENTED

    response = client.post(
        url("samverkan:version_send_back", version), {"reason": "Rådet vill se kostnaden."}
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert (version.state, version.state_reason) == (State.RETURNED, "Rådet vill se kostnaden.")


def test_the_coordinator_rejects_a_presented_version(client_as, laholm, annex, coordinator):
    version = annexes.annex_version_make(
        agreement=laholm, annex=annex, snapshot=snapshot(), by=coordinator
    )
    annexes.annex_version_present(version=version, to="Strategiskt råd", by=coordinator)
    response = client_as("samordnare").post(
        url("samverkan:version_reject", version), {"reason": "Rådet avslog."}
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.state == State.REJECTED


def test_a_decided_version_cannot_be_sent_back(client_as, awaiting):
    response = client_as("samordnare").post(
        url("samverkan:version_send_back", awaiting), {"reason": "För sent."}
    )
    assert response.status_code == 200
    assert "Bara en version som är föredragen" in text_of(response.content.decode())
    awaiting.refresh_from_db()
    assert awaiting.state == State.DECIDED


def test_the_coordinator_discards_a_draft_and_comes_back_to_the_annex_history(
    client_as, laholm, annex, coordinator
):
    version = annexes.annex_version_make(
        agreement=laholm, annex=annex, snapshot=snapshot(), by=coordinator
    )
    response = client_as("samordnare").post(url("samverkan:version_discard", version))
    assert response.status_code == 302
    assert response["Location"] == reverse("samverkan:annex_history", args=[laholm.pk, annex.pk])
    assert not AnnexVersion.objects.filter(pk=version.pk).exists()


def test_a_version_in_force_is_not_discarded(client_as, in_force):
    response = client_as("samordnare").post(url("samverkan:version_discard", in_force))
    assert response.status_code == 302
    in_force.refresh_from_db()
    assert in_force.state == State.IN_FORCE


def test_the_coordinator_makes_the_agreements_text_a_version_and_opens_it_for_signing(
    client_as, laholm_renewal
):
    client = client_as("samordnare")
    versions = reverse("samverkan:agreement_versions", args=[laholm_renewal.pk])
    assert "Gör en ny version av överenskommelsen" in page_text(client, versions)
    response = client.post(reverse("samverkan:agreement_version_make", args=[laholm_renewal.pk]))
    version = laholm_renewal.document_versions.get(annex=None, state=State.DRAFT)
    assert response["Location"] == url("samverkan:version", version)
    assert version.title == laholm_renewal.title
    html = page_text(client, url("samverkan:version", version))
    assert url("samverkan:agreement_version_open", version) in html

    response = client.post(url("samverkan:agreement_version_open", version))
    assert response["Location"] == url("samverkan:version", version)
    version.refresh_from_db()
    assert version.state == State.DECIDED


def test_a_member_is_not_offered_a_new_version_of_the_agreement(client_as, laholm):
    html = page_text(
        client_as("kommunpolis"), reverse("samverkan:agreement_versions", args=[laholm.pk])
    )
    assert reverse("samverkan:agreement_version_make", args=[laholm.pk]) not in html


# --- what changes ------------------------------------------------------------------------


def test_the_compare_page_marks_each_change_in_words_not_colour_alone(client_as, awaiting):
    html = page_text(client_as("kommunpolis"), url("samverkan:version_compare", awaiting))
    text = text_of(html)
    assert "Version 2 jämförs med version 1" in text
    assert "Åtgärder Ändrat" in text
    assert "Mål Oförändrat" in text
    assert re.search(
        r"<ins><span class=\"visually-hidden\">Tillagt: </span>• Ökad belysning</ins>", html
    )
    assert "Ändrade avsnitt: 1 av 2." in text


def test_the_compare_page_with_nothing_in_force_shows_everything_as_added(
    client_as, laholm, annex, coordinator
):
    version = annexes.annex_version_make(
        agreement=laholm, annex=annex, snapshot=snapshot(), by=coordinator
    )
    html = page_text(client_as("kommunpolis"), url("samverkan:version_compare", version))
    assert "Ingen version gäller ännu" in text_of(html)
    assert html.count("Nytt avsnitt") == 2
    assert html.count('<span class="visually-hidden">Tillagt: </span>') == 3
    assert "<del>" not in html


def test_a_version_in_force_is_compared_with_the_one_it_replaced(client_as, awaiting, user):
    for party in ("Kommunen", "Kriminalvården"):
        sign_as(awaiting, party, user)
    html = page_text(client_as("kommunpolis"), url("samverkan:version_compare", awaiting))
    assert "Version 2 jämförs med version 1" in text_of(html)


def test_removed_lines_are_marked_as_removed(client_as, laholm, annex, in_force, coordinator):
    fewer = snapshot("Trygghetsplan 2025", ["Ökad belysning"])
    version = annexes.annex_version_make(
        agreement=laholm, annex=annex, snapshot=fewer, by=coordinator
    )
    html = page_text(client_as("kommunpolis"), url("samverkan:version_compare", version))
    assert (
        '<del><span class="visually-hidden">Borttaget: </span>• Trygghetsvandringar</del>' in html
    )


# --- the history of a document ---------------------------------------------------------


def test_the_annex_history_lists_every_version_newest_first_with_dates_and_signatures(
    client_as, awaiting, in_force
):
    path = reverse("samverkan:annex_history", args=[awaiting.agreement_id, awaiting.annex_id])
    html = page_text(client_as("sakerhetschef"), path)
    entries = html.split('<article class="version-entry">')[1:]
    assert [text_of(e.split("</h2>")[0]) for e in entries] == [
        "Version 2: Trygghetsplan 2025 Väntar på underskrifter",
        "Version 1: Trygghetsplan 2024 Gäller",
    ]
    newest, oldest = (text_of(e) for e in entries)
    assert "Beslutad 2025-03-12, Strategiskt råd 2025-03-19, punkt 4" in newest
    assert "Polisen: Anna Kvist" in newest and "Kommunen" not in newest.split("Underskrifter")[1]
    assert "Gäller från 2025-03-12" in oldest
    for party in ("Kommunen", "Polisen", "Kriminalvården"):
        assert f"{party}: " in oldest
    assert html.count("Innehållet stämmer med kontrollsumman") == 2


def test_a_document_with_no_versions_says_so(client_as, annex):
    path = reverse("samverkan:annex_history", args=[annex.agreement_id, annex.pk])
    assert "Inga versioner ännu." in page_text(client_as("kommunpolis"), path)


def test_an_annex_of_another_agreement_is_not_found_under_laholm(
    client_as, laholm, other_agreement
):
    foreign = new_annex(other_agreement)
    path = reverse("samverkan:annex_history", args=[laholm.pk, foreign.pk])
    assert client_as("samordnare").get(path).status_code == 404


def _many_versions(laholm, annex, coordinator, user, count):
    """`count` versions of the annex, each decided and signed by every party."""
    for n in range(count):
        content = snapshot(f"Trygghetsplan {n}", [f"Åtgärd {n}"])
        version = decided_by_council(laholm, annex, content, coordinator)
        for party in ("Kommunen", "Polisen", "Kriminalvården"):
            sign_as(version, party, user)


def test_the_history_and_compare_pages_run_as_many_queries_for_40_versions_as_for_2(
    client_as, laholm, annex, coordinator, user, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("kommunpolis")
    history = reverse("samverkan:annex_history", args=[laholm.pk, annex.pk])

    def counts():
        newest = annex.versions.order_by("-number").first()
        paths = [
            history,
            url("samverkan:version_compare", newest),
            url("samverkan:version", newest),
        ]
        found = []
        for path in paths:
            client.get(path)  # the day's integrity check recorded (one UPDATE), caches warm
            with CaptureQueriesContext(connection) as captured:
                assert client.get(path).status_code == 200
            found.append(len(captured.captured_queries))
        return found

    _many_versions(laholm, annex, coordinator, user, 2)
    few = counts()
    _many_versions(laholm, annex, coordinator, user, 38)
    many = counts()
    assert many == few
    html = page_text(client, history)
    assert html.count('<article class="version-entry">') == 25
    assert "Sida 1 av 2" in text_of(html)
    assert html.count("Innehållet stämmer med kontrollsumman") == 25
    html = page_text(client, history + "?sida=2")
    assert html.count('<article class="version-entry">') == 15


def test_the_first_view_of_the_day_records_the_check_in_one_update(
    client_as, laholm, annex, coordinator, user
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _many_versions(laholm, annex, coordinator, user, 5)
    AnnexVersion.objects.filter(annex=annex).update(integrity_checked_at=None)
    history = reverse("samverkan:annex_history", args=[laholm.pk, annex.pk])
    client = client_as("kommunpolis")
    with CaptureQueriesContext(connection) as captured:
        client.get(history)
    updates = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith('UPDATE "samverkan_annexversion"')
    ]
    assert len(updates) == 1
    assert not AnnexVersion.objects.filter(annex=annex, integrity_checked_at=None).exists()


# --- the agreement page ----------------------------------------------------------------


def test_the_agreement_page_shows_each_annexs_version_in_force_and_the_one_awaiting(
    client_as, awaiting, in_force
):
    html = page_text(
        client_as("kommunpolis"), reverse("samverkan:agreement", args=[awaiting.agreement_id])
    )
    item = section(html, f'<li value="{awaiting.annex.number}">').split("</li>\n")[0]
    text = text_of(item)
    assert "Version 1 gäller sedan 2025-03-12, undertecknad av Kommunen 2025-03-12" in text
    assert "Polisen 2025-03-12" in text and "Kriminalvården 2025-03-12" in text
    assert "Version 2 väntar på underskrifter (1 av 3 parter har undertecknat)." in text
    assert url("samverkan:version", in_force) in item
    assert url("samverkan:version", awaiting) in item
    assert (
        reverse("samverkan:annex_history", args=[awaiting.agreement_id, awaiting.annex_id]) in item
    )


def test_the_agreement_page_says_which_version_awaits_the_councils_decision(
    client_as, laholm, annex, coordinator
):
    version = annexes.annex_version_make(
        agreement=laholm, annex=annex, snapshot=snapshot(), by=coordinator
    )
    annexes.annex_version_present(version=version, to="Strategiskt råd 2025-03-19", by=coordinator)
    html = page_text(client_as("kommunpolis"), reverse("samverkan:agreement", args=[laholm.pk]))
    item = text_of(section(html, f'<li value="{annex.number}">').split("</li>\n")[0])
    assert "Ingen version gäller ännu." in item
    assert "Version 1 väntar på beslut i strategiska rådet (Strategiskt råd 2025-03-19)." in item


def test_the_agreement_page_says_which_version_of_its_own_text_is_signed_by_whom(
    client_as, laholm_renewal, coordinator, user
):
    version = annexes.agreement_version_make(agreement=laholm_renewal, by=coordinator)
    annexes.agreement_version_open(version=version, by=coordinator)
    for party in ("Kommunen", "Polisen", "Kriminalvården"):
        sign_as(version, party, user)
    html = page_text(
        client_as("lpo-chef"), reverse("samverkan:agreement", args=[laholm_renewal.pk])
    )
    text = text_of(section(html, 'class="document-versions"').split("</div>")[0])
    assert (
        "> Överenskommelsen: Version 1 gäller sedan 2025-03-12, undertecknad av Kommunen "
        "2025-03-12, Polisen 2025-03-12, Kriminalvården 2025-03-12. "
    ) in text
    assert reverse("samverkan:agreement_versions", args=[laholm_renewal.pk]) in html
