"""A request for input's change history (the input's and the lägesbild's are
inputs.input_history and reports.report_history)."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from samverkan.history import history_entries

from ..access import situation_view
from ..models import InputRequest

HISTORY_PER_PAGE = 50


@situation_view
@require_safe
def request_history(request, agreement, request_pk):
    # Found as the request's page finds it (views/requests.py request_detail).
    input_request = get_object_or_404(agreement.input_requests.all(), pk=request_pk)
    entries = history_entries(InputRequest.history.filter(id=input_request.pk))
    page = Paginator(entries, HISTORY_PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "samverkan/history.html",
        {
            "agreement": agreement,
            "input_request": input_request,
            "page": page,
            "subject": input_request.title,
        },
    )
