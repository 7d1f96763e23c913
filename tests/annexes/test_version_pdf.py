"""The PDF of an annex version: its content, decision and signature page, the canonical
snapshot embedded as its source, rendered once and stored when final, marked UTKAST
before, and only for members of the agreement."""

import hashlib
import io
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from pypdf import PdfReader

from councils.services import annexes as council_annexes
from councils.services import decisions
from samverkan import annexes, documents
from samverkan.models import AnnexVersion
from tests.councils.minutes_helpers import agree_all
from tests.helpers import TODAY, at_ten

SIGNERS = (
    ("ks-ordforande", "Kommunen"),
    ("lpo-chef", "Polisen"),
    ("frivardschef", "Kriminalvården"),
)


def in_force(version, meeting, coordinator, user, time_machine):
    item = council_annexes.annex_version_put_on_agenda(
        version=version, meeting=meeting, by=coordinator
    )
    time_machine.move_to(at_ten(TODAY + timedelta(days=7)) + timedelta(hours=1))
    decisions.decision_record(
        item=item, text="Rådet antar bilagan.", positions=agree_all(meeting), by=coordinator
    )
    for username, short in SIGNERS:
        annexes.annex_version_sign(
            version=version,
            party=version.agreement.parties.get(short_name=short),
            by=user(username),
            password="samverkan",
        )
    version.refresh_from_db()
    assert version.state == AnnexVersion.State.IN_FORCE
    return version


def url(version):
    return reverse(
        "samverkan:version_pdf",
        kwargs={"agreement_pk": version.agreement_id, "version_pk": version.pk},
    )


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_draft_is_rendered_on_request_and_marked_utkast(draft, client_as):
    response = client_as("kommunpolis").get(url(draft))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="bilaga-3-version-' in response["Content-Disposition"]
    text = text_of(response.content)
    assert "UTKAST" in text
    assert "Trygghetsvandringar" in text
    assert draft.content_hash in text.replace("\n", "")


def test_the_pdf_embeds_the_snapshot_whose_sha256_is_the_content_hash(draft, client_as):
    reader = PdfReader(io.BytesIO(client_as("samordnare").get(url(draft)).content))

    [(name, [embedded])] = reader.attachments.items()
    assert name == f"bilaga-3-version-{draft.number}.json"
    assert hashlib.sha256(embedded).hexdigest() == draft.content_hash
    assert embedded == annexes.canonical(draft)
    spec = reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"][1].get_object()
    assert spec["/AFRelationship"] == "/Source"
    assert reader.metadata.title.startswith(draft.agreement.title)


def test_a_version_in_force_is_rendered_once_then_served_from_storage_with_an_etag(
    draft, next_meeting, coordinator, user, client_as, time_machine
):
    version = in_force(draft, next_meeting, coordinator, user, time_machine)
    client = client_as("lpo-chef")
    with mock.patch.object(documents, "render_version", wraps=documents.render_version) as render:
        first = client.get(url(version))
        second = client.get(url(version))
    assert render.call_count == 1
    assert first.content == second.content
    assert first["ETag"] == second["ETag"] and not first["ETag"].startswith("W/")
    text = text_of(first.content)
    assert "UTKAST" not in text
    for signature in version.signatures.all():
        assert signature.signer_name in text
    assert "Strategiskt råd" in text  # the decision's meeting

    not_modified = client.get(url(version), HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304


def test_a_version_whose_content_was_changed_in_the_database_is_marked_and_not_stored(
    draft, next_meeting, coordinator, user, client_as, time_machine
):
    version = in_force(draft, next_meeting, coordinator, user, time_machine)
    AnnexVersion.objects.filter(pk=version.pk).update(html="<p>Något annat</p>")

    response = client_as("kommunpolis").get(url(version))

    assert "Integriteten bruten:" in text_of(response.content)
    assert response["ETag"].startswith("W/")


@pytest.mark.parametrize(("username", "status"), [("annan-kommun", 404), ("installation", 404)])
def test_only_members_of_the_agreement_get_the_pdf(draft, client_as, username, status):
    assert client_as(username).get(url(draft)).status_code == status


def test_anonymous_is_sent_to_log_in(draft, client):
    assert client.get(url(draft)).status_code == 302


def test_the_agreements_pdf_shows_the_signatures_made_in_the_app(laholm, client_as):
    signed = laholm.document_versions.get(annex=None, state=AnnexVersion.State.IN_FORCE)
    response = client_as("kommunpolis").get(
        reverse("samverkan:agreement_pdf", kwargs={"agreement_pk": laholm.pk})
    )

    text = text_of(response.content).replace("\n", " ")
    assert "Undertecknad i Samverkan som version" in text
    for signature in signed.signatures.all():
        assert f"Undertecknat i Samverkan av {signature.signer_name}" in text
    assert signed.content_hash in text.replace(" ", "")
