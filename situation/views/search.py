"""Search across the input and reports the user may see (situation/search.py)."""

from django.core.paginator import Paginator
from django.shortcuts import render

from .. import search as finder
from ..access import situation_view

PER_PAGE = 25
MAX_QUERY = 200


@situation_view
def search(request, agreement):
    q = request.GET.get("q", "").strip()[:MAX_QUERY]
    page = Paginator(finder.search(request.rights, q), PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "situation/search.html",
        {
            "agreement": agreement,
            "q": q,
            "page": page,
            "hits": finder.hydrate(page.object_list) if q else [],
            "full_text": finder.full_text(),
        },
    )
