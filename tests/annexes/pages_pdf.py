"""The PDF of a version and the agreement pack in the one registry (tests/pages.py): every
member of the agreement downloads them, as they read the version's page and the agreement's.
Neither is scanned: a PDF, not a web page (tests/annexes/test_version_pdf.py,
tests/samverkan/test_pack_pdf.py)."""

from samverkan import annexes
from samverkan.models import AnnexVersion
from tests.pages import GET, K, Objects, Page


def version(o: Objects) -> AnnexVersion:
    """A version of the agreement's own text: the latest one, or a new draft (made directly
    once the agreement has ended, when the service refuses new versions)."""
    key = "pdf_version"
    if key not in o.__dict__:
        found = o.agreement.document_versions.filter(annex=None).order_by("-number").first()
        if found is None and o.agreement.state() == o.agreement.State.ENDED:
            snapshot = annexes.agreement_snapshot(o.agreement)
            html = annexes.render_snapshot(snapshot)
            found = AnnexVersion.objects.create(
                agreement=o.agreement,
                number=1,
                title=snapshot["title"],
                dated_on=o.agreement.valid_from,
                snapshot=snapshot,
                html=html,
                content_hash=annexes.content_hash({"html": html, "snapshot": snapshot}),
            )
        o.__dict__[key] = found or annexes.agreement_version_make(agreement=o.agreement, by=None)
    return o.__dict__[key]


def _version_kwargs(o: Objects) -> dict:
    return K.agreement(o) | {"version_pk": version(o).pk}


# fmt: off
PAGES = [
    Page("samverkan:version_pdf", _version_kwargs, GET, 302, 200, 200, 404,
         queries=14, label="version pdf"),
    Page("samverkan:agreement_pack", K.agreement, GET, 302, 200, 200, 404,
         queries=12, label="agreement pack"),
]
# fmt: on
