"""The meeting documents for download: the kallelse and the protokoll as PDFs
(councils/documents.py). Whoever reads the meeting page reads them, with the same check
(meeting_view): a draft meeting is found only by its convener, another agreement's by
nobody. A meeting that has not begun, or was cancelled, has no protokoll (404)."""

from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.utils.http import parse_etags
from django.views.decorators.http import require_GET

from .. import documents
from ..access import meeting_view


def _not_modified(request, etag: str) -> bool:
    """If-None-Match compares weakly (RFC 9110): W/"x" matches "x"."""
    sent = parse_etags(request.headers.get("If-None-Match", ""))
    return "*" in sent or etag.removeprefix("W/") in {e.removeprefix("W/") for e in sent}


def _download(request, prepared: documents.Prepared) -> HttpResponse:
    if _not_modified(request, prepared.etag):
        response = HttpResponseNotModified()
        response["ETag"] = prepared.etag
        return response
    document = documents.document(prepared)
    response = HttpResponse(document.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["ETag"] = document.etag
    return response


@meeting_view("councils.view_body")
@require_GET
def meeting_pdf(request, agreement, body, meeting):
    return _download(request, documents.invitation(meeting))


@meeting_view("councils.view_body")
@require_GET
def minutes_pdf(request, agreement, body, meeting):
    if not meeting.has_minutes:
        raise Http404
    return _download(request, documents.minutes(meeting))
