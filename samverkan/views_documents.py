"""Documents for download: the PDF of an annex version or of a version of the agreement,
and the agreement pack."""

from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from . import documents
from .access import agreement_view


@agreement_view
@require_GET
def version_pdf(request, agreement, version_pk):
    """Every member of the agreement reads its versions, and so their PDFs."""
    version = get_object_or_404(
        agreement.document_versions.select_related("annex", "agreement"), pk=version_pk
    )
    etag = documents.stored_etag(version)
    if etag is not None and etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    document = documents.version_document(version)
    response = HttpResponse(document.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["ETag"] = document.etag
    return response


@agreement_view
@require_GET
def agreement_pack(request, agreement):
    """The agreement pack: every member of the agreement reads the agreement and its
    versions, and so the pack of them. Made once for what it shows, then served stored."""
    pack = documents.pack(agreement)
    etag = documents.pack_stored_etag(pack)
    if etag is not None and etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    document = documents.pack_document(pack)
    response = HttpResponse(document.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["ETag"] = document.etag
    return response
