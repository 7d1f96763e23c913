"""The plan as XLSX and CSV, for reports to the municipal board: every member who reads
the plan may download it (404 outside the agreement)."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from .. import export
from ..access import plan_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, content_type: str, plan, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = export.attachment_header(plan.title, extension)
    # The plan is the agreement's, not the public's: no shared cache keeps a copy.
    patch_cache_control(response, private=True, no_store=True)
    return response


@plan_view()
@require_GET
def plan_xlsx(request, agreement, plan):
    rows = export.plan_rows(plan, timezone.localdate())
    return _download(export.xlsx_bytes(plan, rows), XLSX, plan, "xlsx")


@plan_view()
@require_GET
def plan_csv(request, agreement, plan):
    rows = export.plan_rows(plan, timezone.localdate())
    return _download(export.csv_bytes(rows), "text/csv; charset=utf-8", plan, "csv")
