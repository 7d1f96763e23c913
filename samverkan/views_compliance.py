"""The Efterlevnad page: an agreement's compliance clock (samverkan/compliance.py)."""

from django.shortcuts import render
from django.utils import timezone

from . import compliance
from .access import agreement_perm_view


@agreement_perm_view(compliance.READ_PERMISSION)
def compliance_page(request, agreement):
    today = timezone.localdate()
    items = compliance.clock(agreement, today)
    return render(
        request,
        "samverkan/compliance.html",
        {
            "agreement": agreement,
            "today": today,
            "rows": compliance.rows(items, request.rights),
            "attention": len(compliance.attention(items)),
        },
    )
