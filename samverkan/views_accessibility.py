"""The accessibility statement (tillgänglighetsredogörelse, lag (2018:1937) om tillgänglighet
till digital offentlig service, after DIGG's model) and the barrier report form: public
pages, linked from every footer."""

from datetime import date

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from . import accessibility
from .formpage import form_page
from .forms_accessibility import BarrierReportForm, page_from_query

# When the statement was made and last reviewed (DIGG's model asks for the date): change it
# whenever the statement's text or the known gaps change.
STATEMENT_UPDATED_ON = date(2026, 11, 27)
# Where the public reports to the supervisory authority, DIGG (its "anmälan" page).
DIGG_REPORT_URL = "https://www.digg.se/tdosanmalan"


@require_safe
def statement(request):
    return render(
        request,
        "samverkan/accessibility.html",
        {
            "updated_on": STATEMENT_UPDATED_ON,
            "report_email": settings.ACCESSIBILITY_REPORT_EMAIL,
            "digg_report_url": DIGG_REPORT_URL,
            "idle_hours": settings.SESSION_COOKIE_AGE // 3600,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def report(request):
    if request.method == "POST":
        form = BarrierReportForm(request.POST)
        # Counted only when a report would be sent: a mistyped form costs nothing.
        if form.is_valid():
            client = settings.AXES_CLIENT_IP_CALLABLE(request) or "unknown"
            if not accessibility.report_allowed(client=client):
                return render(request, "registration/too_many.html", status=429)
    else:
        form = BarrierReportForm(initial={"page": page_from_query(request.GET.get("sida", ""))})

    def save(data: dict) -> str:
        accessibility.barrier_report_record(**data, by=request.user)
        return _("Tack! Din rapport har tagits emot.")

    statement_url = reverse("accessibility")
    return form_page(
        request,
        form,
        save=save,
        success_url=statement_url,
        title=_("Rapportera en brist i tillgängligheten"),
        cancel_url=statement_url,
        intro=_(
            "Berätta om något i Samverkan som du inte kan använda eller som är svårt att "
            "använda. Rapporten går till kommunen som driver Samverkan."
        ),
        submit_label=_("Skicka rapporten"),
        template="samverkan/accessibility_report.html",
        context={"report_email": settings.ACCESSIBILITY_REPORT_EMAIL},
    )
