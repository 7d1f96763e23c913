"""The agreement pack: one archival PDF (PDF/A-3a, tagged, Swedish, fonts embedded) of a
contents page, the agreement and every annex version in force, each part laid out as it
is alone; every version's canonical JSON embedded as its source; made once for what it
shows and served from storage after; only for members of the agreement."""

import hashlib
import io
import re
from unittest import mock

import pikepdf
import pytest
from django.core.files.storage import storages
from django.urls import reverse
from pypdf import PdfReader

from samverkan import documents, pdf, seal
from samverkan.models import Agreement, AnnexVersion, Signature
from samverkan.views import agreement_pdf_bytes
from tests.samverkan.test_agreement_pdf import assert_archival_tagged_swedish_with_fonts_embedded

_made: dict = {}


@pytest.fixture
def made(laholm) -> dict:
    """The Laholm pack and, alone, each of its parts (the agreement, then each annex version
    in force): rendered once for the module, as rendering only reads."""
    if not _made:
        pack = documents.pack(laholm)
        assert [v.annex.number for v in pack.versions] == [1, 2, 3]
        _made["pack"] = documents.render_pack(pack, intact={})
        _made["parts"] = [agreement_pdf_bytes(laholm)] + [
            documents.render_version(version, intact=True) for version in pack.versions
        ]
        _made["titles"] = [laholm.title] + [
            f"Bilaga {v.annex.number}: {v.annex.title}, version {v.number}" for v in pack.versions
        ]
        # Extracting text is slow (pypdf): once per page.
        _made["text"] = texts(_made["pack"])
        _made["part_texts"] = [texts(part) for part in _made["parts"]]
    return _made


def pages(content: bytes):
    return PdfReader(io.BytesIO(content)).pages


def texts(content: bytes) -> list[str]:
    return [page.extract_text() for page in pages(content)]


def starts(made) -> list[int]:
    """The page each part begins on in the pack: after the contents page and the parts
    before it."""
    found, page = [], 2
    for part in made["part_texts"]:
        found.append(page)
        page += len(part)
    return found


def without_page_number(text: str) -> str:
    return re.sub(r"Sida \d+ av \d+", "", text)


def test_the_pack_is_a_contents_page_and_its_parts(made):
    assert len(pages(made["pack"])) == 1 + sum(len(pages(part)) for part in made["parts"])


def test_each_part_is_laid_out_in_the_pack_as_it_is_alone(made):
    for part, start in zip(made["part_texts"], starts(made), strict=True):
        for offset, text in enumerate(part):
            in_pack = made["text"][start - 1 + offset]
            assert without_page_number(in_pack) == without_page_number(text)


def test_the_contents_page_lists_each_part_with_the_page_it_begins_on(made):
    contents = made["text"][0]
    assert "Dokumentpaket".upper() in contents and "Innehåll" in contents
    for title, start in zip(made["titles"], starts(made), strict=True):
        assert re.search(rf"^{re.escape(title)}[ .]*\b{start}$", contents, re.MULTILINE), title
        heading = title.rsplit(", version", 1)[0]
        assert heading in made["text"][start - 1]


def test_every_page_is_numbered_over_the_whole_pack(made):
    total = len(made["text"])
    for number, text in enumerate(made["text"], 1):
        assert f"Sida {number} av {total}" in text


@pytest.fixture
def opened(made):
    with pikepdf.open(io.BytesIO(made["pack"])) as document:
        yield document


def test_the_contents_link_to_the_first_page_of_each_part(opened, made):
    destinations = pikepdf.NameTree(opened.Root.Names.Dests)
    page_numbers = {page.objgen: number for number, page in enumerate(opened.pages, 1)}
    linked = []
    for link in opened.pages[0].Annots:
        target = destinations[str(link.Dest)]
        target = target.D if isinstance(target, pikepdf.Dictionary) else target
        linked.append(page_numbers[target[0].objgen])
    assert sorted(set(linked)) == starts(made)


def test_the_pack_is_archival_tagged_swedish_with_its_fonts_embedded(opened):
    assert_archival_tagged_swedish_with_fonts_embedded(opened)


def test_the_metadata_name_the_pack_and_the_parties(opened, laholm):
    metadata = opened.open_metadata()
    assert metadata["dc:title"] == f"{laholm.title} – Dokumentpaket"
    assert set(metadata["dc:creator"]) == {
        ap.party.name for ap in laholm.parties.select_related("party")
    }


def test_the_outline_has_the_contents_and_each_part(opened, made):
    with opened.open_outline() as outline:
        titles = [item.title for item in outline.root]
    assert titles == ["Innehåll", made["titles"][0]] + [
        title.rsplit(", version", 1)[0] for title in made["titles"][1:]
    ]


def test_each_version_in_force_is_embedded_as_the_source_whose_hash_was_signed(
    opened, made, laholm
):
    in_force = laholm.document_versions.filter(state=AnnexVersion.State.IN_FORCE)
    assert in_force.count() == 4  # the agreement's own text and annexes 1–3
    attachments = opened.attachments
    contents = made["text"][0].replace("\n", " ")
    for version in in_force.select_related("annex"):
        name = (
            f"bilaga-{version.annex.number}-version-{version.number}.json"
            if version.annex_id
            else f"overenskommelse-version-{version.number}.json"
        )
        spec = attachments[name]
        embedded = spec.get_file().read_bytes()
        assert hashlib.sha256(embedded).hexdigest() == version.content_hash
        signed = {s.content_hash for s in version.signatures.all()}
        assert version.signatures.count() == 3 and signed == {version.content_hash}
        assert spec.obj.AFRelationship == "/Source"
        assert f"{name}: {version.content_hash}" in contents
    assert len(attachments) == 4


# Served: made once, then from storage.


def _drop_stored_packs():
    storage = storages[documents.STORAGE]
    if storage.exists("documents"):
        for name in storage.listdir("documents")[1]:
            if name.startswith("pack-"):
                storage.delete(f"documents/{name}")


@pytest.fixture
def no_stored_pack():
    """No pack stored by an earlier test, nor left for a later one (the storage outlives
    the database's rollback)."""
    _drop_stored_packs()
    yield
    _drop_stored_packs()


@pytest.fixture
def render(made, no_stored_pack):
    """Rendering counted and given the pack made above: the view's part is what is tested
    here, not WeasyPrint's."""
    with mock.patch.object(documents, "render_pack", return_value=made["pack"]) as counted:
        yield counted


def url(agreement) -> str:
    return reverse("samverkan:agreement_pack", kwargs={"agreement_pk": agreement.pk})


def test_the_pack_is_made_once_then_served_from_storage_with_an_etag(
    render, client_as, laholm, made
):
    client = client_as("laholmshem")
    first = client.get(url(laholm))
    second = client.get(url(laholm))

    assert render.call_count == 1
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert first["Content-Disposition"] == (
        'attachment; filename="samverkansoverenskommelse-2024-2026-dokumentpaket.pdf"'
    )
    assert first.content == second.content == made["pack"]
    assert first["ETag"] == second["ETag"] and not first["ETag"].startswith("W/")
    pack = documents.pack(laholm)
    assert storages[documents.STORAGE].exists(pack.stored_name)

    not_modified = client.get(url(laholm), HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304
    assert render.call_count == 1


def test_a_changed_agreement_gives_a_fresh_pack(render, client_as, laholm):
    client = client_as("samordnare")
    before = client.get(url(laholm))
    old = documents.pack(laholm)
    Agreement.objects.filter(pk=laholm.pk).update(signed_place="Halmstad")

    after = client.get(url(laholm), HTTP_IF_NONE_MATCH=before["ETag"])

    assert after.status_code == 200
    assert render.call_count == 2
    assert after["ETag"] != before["ETag"]
    storage = storages[documents.STORAGE]
    assert storage.exists(documents.pack(Agreement.objects.get(pk=laholm.pk)).stored_name)
    assert not storage.exists(old.stored_name)  # what no longer is, not kept


def test_the_key_changes_with_every_thing_the_pack_shows(laholm):
    keys = {documents.pack(laholm).key}

    def changed():
        key = documents.pack(Agreement.objects.get(pk=laholm.pk)).key
        assert key not in keys
        keys.add(key)

    clause = laholm.clauses.order_by("order").first()
    clause.body += " Tillägg."
    clause.save()
    changed()
    ap = laholm.parties.order_by("order").first()
    ap.signatory_title = "Ordförande"
    ap.save()
    changed()
    annex = laholm.annexes.get(number=3)
    annex.title = "Åtgärdsplan 2024–2026"
    annex.save()
    changed()
    # A version leaves (superseded) or comes into force, a signature is added.
    version = laholm.document_versions.get(annex=annex, state=AnnexVersion.State.IN_FORCE)
    AnnexVersion.objects.filter(pk=version.pk).update(state=AnnexVersion.State.SUPERSEDED)
    changed()
    AnnexVersion.objects.filter(pk=version.pk).update(state=AnnexVersion.State.IN_FORCE)
    assert documents.pack(laholm).key in keys  # the same again: what it showed before
    signature = version.signatures.first()
    Signature.objects.filter(pk=signature.pk).delete()
    changed()


def test_a_pack_with_a_version_whose_integrity_is_broken_is_marked_and_not_stored(
    render, client_as, laholm
):
    broken = laholm.document_versions.get(annex__number=2, state=AnnexVersion.State.IN_FORCE)
    AnnexVersion.objects.filter(pk=broken.pk).update(html="<p>Något annat</p>")

    response = client_as("kommunpolis").get(url(laholm))

    assert response["ETag"].startswith("W/")
    (_pack,), kwargs = render.call_args
    assert kwargs["intact"][broken.pk] is False
    assert sum(kwargs["intact"].values()) == 3
    assert not storages[documents.STORAGE].exists(documents.pack(laholm).stored_name)


def test_a_broken_part_is_marked_by_a_running_head_not_a_fixed_watermark(laholm):
    pack = documents.pack(laholm)
    broken = pack.versions[1]
    with mock.patch.object(documents, "render_pdf", return_value=b"%PDF-") as rendered:
        documents.render_pack(pack, intact={broken.pk: False})
    parts = rendered.call_args.args[1]["parts"]
    assert [part["marked"] for part in parts] == [False, False, True, False]
    # A running element (static/css/pdf.css), never a fixed one, which would show on
    # every page of the pack.
    assert 'class="part-watermark"' in parts[2]["html"]
    assert "INTEGRITETEN BRUTEN" in parts[2]["html"]
    assert "watermark" not in parts[1]["html"]


def test_the_pack_of_an_agreement_without_versions_in_force_is_contents_and_agreement(
    other_agreement,
):
    pack = documents.pack(other_agreement)
    assert pack.text_version is None and pack.versions == []

    content = documents.render_pack(pack, intact={})

    assert len(pages(content)) == 1 + len(pages(agreement_pdf_bytes(other_agreement)))
    with pikepdf.open(io.BytesIO(content)) as document:
        assert not document.attachments


def test_every_pdf_is_sealed_once_before_it_is_stored(client_as, laholm, no_stored_pack):
    """Sealed where every PDF leaves samverkan.pdf: WeasyPrint's part replaced by a stub."""

    class Converted:
        def __init__(self, *args, **kwargs):
            pass

        def write_pdf(self, **kwargs):
            return b"%PDF-1.7 made"

    sealed = mock.Mock(side_effect=lambda content: content + b" sealed")
    with (
        mock.patch.object(pdf, "HTML", Converted),
        mock.patch.object(seal, "seal_pdf", sealed),
    ):
        client = client_as("samordnare")
        first = client.get(url(laholm))
        second = client.get(url(laholm))
    assert first.content == second.content == b"%PDF-1.7 made sealed"
    assert sealed.call_count == 1


@pytest.mark.parametrize(("username", "status"), [("annan-kommun", 404), ("installation", 404)])
def test_only_members_of_the_agreement_get_the_pack(client_as, laholm, username, status):
    assert client_as(username).get(url(laholm)).status_code == status


def test_anonymous_is_sent_to_log_in(client, laholm):
    assert client.get(url(laholm)).status_code == 302


def test_the_agreement_page_links_to_the_pack_beside_the_pdf(client_as, laholm):
    page = client_as("laholmshem").get(reverse("samverkan:agreement", args=[laholm.pk]))
    html = page.content.decode()
    agreement_pdf = reverse("samverkan:agreement_pdf", args=[laholm.pk])
    assert re.search(
        rf'<a href="{agreement_pdf}"[^>]*>Exportera PDF</a>\s*'
        rf'<a href="{url(laholm)}"[^>]*>Exportera dokumentpaket \(PDF\)</a>',
        html,
    )
