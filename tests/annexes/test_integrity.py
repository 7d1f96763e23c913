"""Integrity of a version's content (samverkan/annexes.py integrity): every page that shows a
version recomputes its hash from what is stored, and says "Integriteten bruten", with the
date of the last good check, when the stored content no longer matches what was made,
decided and signed — a change made straight in the database, past every service."""

from datetime import timedelta

import pytest
from django.urls import reverse

import tests.pages  # noqa: F401 (first: it joins the registry, pages_versions with it)
from samverkan import annexes
from samverkan.models import AnnexVersion, Signature
from tests.annexes.conftest import snapshot
from tests.annexes.pages_versions import decided_by_council, new_annex, sign_as
from tests.helpers import TODAY, at_ten
from tests.html_helpers import section, text_of

BROKEN = "Integriteten bruten"


@pytest.fixture
def annex(laholm):
    return new_annex(laholm)


@pytest.fixture
def signed(laholm, annex, coordinator, user):
    """A version decided and signed by every party, checked (intact) this morning."""
    version = decided_by_council(laholm, annex, snapshot(), coordinator)
    for party in ("Kommunen", "Polisen", "Kriminalvården"):
        sign_as(version, party, user)
    annexes.integrity([version])
    version.refresh_from_db()
    return version


def pages(version):
    """The version page, what it changes, its document's history and the agreement page."""
    return {
        "version": reverse("samverkan:version", args=[version.agreement_id, version.pk]),
        "compare": reverse("samverkan:version_compare", args=[version.agreement_id, version.pk]),
        "history": reverse(
            "samverkan:annex_history", args=[version.agreement_id, version.annex_id]
        ),
        "agreement": reverse("samverkan:agreement", args=[version.agreement_id]),
    }


def test_an_intact_version_reads_as_intact_everywhere(client_as, signed):
    client = client_as("kommunpolis")
    for name, path in pages(signed).items():
        assert BROKEN not in client.get(path).content.decode(), name


def test_a_change_in_the_database_shows_integrity_broken_with_the_last_good_check(
    client_as, signed, time_machine
):
    checked = signed.integrity_checked_at
    AnnexVersion.objects.filter(pk=signed.pk).update(html="<p>Ändrat i databasen</p>")
    time_machine.move_to(at_ten(TODAY + timedelta(days=3)))
    client = client_as("kommunpolis")
    paths = pages(signed)
    for name in ("version", "compare", "history"):
        html = client.get(paths[name]).content.decode()
        alert = section(html, 'class="integrity integrity--broken" role="alert"')
        alert = text_of(alert.split("</div>")[0])
        assert f"> {BROKEN}: det lagrade innehållet stämmer inte längre" in alert, name
        assert f"Senast kontrollerat utan avvikelse {checked:%Y-%m-%d}" in alert, name
        assert "2025-03-12" in alert, name
    html = client.get(paths["agreement"]).content.decode()
    item = section(html, f'<li value="{signed.annex.number}">').split("</li>")[0]
    assert BROKEN in text_of(item)
    # A broken version is not recorded as checked: the date of the last good check stays.
    signed.refresh_from_db()
    assert signed.integrity_checked_at == checked


def test_a_changed_snapshot_is_broken_too(signed):
    changed = dict(signed.snapshot, title="Något annat")
    AnnexVersion.objects.filter(pk=signed.pk).update(snapshot=changed)
    signed.refresh_from_db()
    check = annexes.integrity([signed])[signed.pk]
    assert not check.ok
    assert check.checked_at == signed.integrity_checked_at


def test_a_stored_hash_made_to_match_changed_content_still_differs_from_what_was_signed(
    client_as, signed
):
    html = "<p>Ändrat</p>"
    forged = annexes.content_hash({"html": html, "snapshot": signed.snapshot})
    AnnexVersion.objects.filter(pk=signed.pk).update(html=html, content_hash=forged)
    page = client_as("kommunpolis").get(pages(signed)["version"]).content.decode()
    assert BROKEN in page


def test_a_signature_of_another_hash_breaks_the_integrity(signed):
    Signature.objects.filter(version=signed, party__short_name="Polisen").update(
        content_hash="0" * 64
    )
    version = AnnexVersion.objects.prefetch_related("signatures").get(pk=signed.pk)
    assert not annexes.integrity([version])[version.pk].ok


def test_a_version_never_found_intact_says_so(client_as, signed):
    AnnexVersion.objects.filter(pk=signed.pk).update(html="x", integrity_checked_at=None)
    page = client_as("kommunpolis").get(pages(signed)["version"]).content.decode()
    assert "Det har aldrig kontrollerats utan avvikelse." in text_of(page)


def test_checking_versions_already_checked_today_writes_nothing(signed, django_assert_num_queries):
    versions = list(AnnexVersion.objects.prefetch_related("signatures").filter(pk=signed.pk))
    with django_assert_num_queries(0):
        assert annexes.integrity(versions)[signed.pk].ok


def test_the_next_days_check_is_one_update_for_many_versions(
    laholm, coordinator, signed, time_machine, django_assert_num_queries
):
    for n in range(5):
        annexes.annex_version_make(
            agreement=laholm,
            annex=new_annex(laholm),
            snapshot=snapshot(f"Plan {n}"),
            by=coordinator,
        )
    time_machine.move_to(at_ten(TODAY + timedelta(days=1)))
    versions = list(AnnexVersion.objects.filter(agreement=laholm).prefetch_related("signatures"))
    assert len(versions) >= 6
    with django_assert_num_queries(1):
        checks = annexes.integrity(versions)
    assert all(check.ok for check in checks.values())
