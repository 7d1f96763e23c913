from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import model_to_dict
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import services, views_lifecycle
from .access import agreement_perm_view, agreement_view
from .formpage import form_page
from .forms import AgreementForm, AgreementPartyForm
from .history import history_entries
from .models import Agreement, AgreementParty, Annex, Clause, Party
from .panels import panels_for
from .pdf import render_pdf


@login_required
def home(request):
    agreements = (
        Agreement.objects.visible_to(request.user)
        .select_related("successor")
        .order_by("-valid_from")
    )
    context = {"agreements": agreements} | views_lifecycle.home_context(request.user, agreements)
    return render(request, "samverkan/home.html", context)


@agreement_view
def agreement_detail(request, agreement):
    return render(
        request,
        "samverkan/agreement_detail.html",
        {
            "agreement": agreement,
            "parties": agreement.parties.select_related("party"),
            "annexes": agreement.annexes.all(),
            "clauses": agreement.clauses.all(),
            # What higher apps show here (the lägesbild's freshness, say): samverkan.panels.
            "panels": panels_for(request, agreement),
            **views_lifecycle.periods_context(request, agreement),
        },
    )


def agreement_pdf_bytes(agreement: Agreement) -> bytes:
    """The agreement as an archival PDF (PDF/A-3a), as the agreement page shows it."""
    parties = list(agreement.parties.select_related("party"))
    with translation.override("sv"):  # the document's language, whatever the app's
        subject = _("Brottsförebyggande samverkan i %(municipality)s") % {
            "municipality": agreement.municipality
        }
    return render_pdf(
        "pdf/agreement.html",
        {
            "agreement": agreement,
            "parties": parties,
            "annexes": agreement.annexes.all(),
            "clauses": agreement.clauses.all(),
        },
        title=agreement.title,
        author=[ap.party.name for ap in parties],
        subject=subject,
    )


@agreement_view
@require_GET
def agreement_pdf(request, agreement):
    """The agreement's PDF, as a download."""
    years = f"{agreement.valid_from.year}-{agreement.valid_to.year}"
    response = HttpResponse(agreement_pdf_bytes(agreement), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="samverkansoverenskommelse-{years}.pdf"'
    )
    return response


@agreement_perm_view("samverkan.change_agreement")
@require_http_methods(["GET", "POST"])
def agreement_edit(request, agreement):
    form = AgreementForm(
        request.POST or None,
        instance=Agreement.objects.get(pk=agreement.pk),
        initial={"version": services.version_of(agreement)},
    )

    def save(data):
        services.agreement_update(agreement=agreement, by=request.user, **data)
        return _("Överenskommelsens uppgifter är sparade.")

    return form_page(
        request,
        form,
        save=save,
        success_url=reverse("samverkan:agreement", args=[agreement.pk]),
        cancel_url=reverse("samverkan:agreement", args=[agreement.pk]),
        title=_("Ändra överenskommelsens uppgifter"),
    )


@agreement_view
def party_list(request, agreement):
    return render(
        request,
        "samverkan/party_list.html",
        {
            "agreement": agreement,
            "parties": agreement.parties.select_related("party", "signatory_user"),
        },
    )


@agreement_perm_view("samverkan.change_agreement")
@require_http_methods(["GET", "POST"])
def party_edit(request, agreement, party_pk):
    agreement_party = get_object_or_404(agreement.parties.select_related("party"), pk=party_pk)
    party = agreement_party.party
    initial = model_to_dict(party, fields=["name", "organisation_number", "address"])
    initial |= model_to_dict(agreement_party) | {"version": services.version_of(agreement_party)}
    form = AgreementPartyForm(
        request.POST or None,
        initial=initial,
        people=agreement.people.filter(party=party).select_related("user"),
    )

    def save(data):
        services.agreement_party_update(agreement_party=agreement_party, by=request.user, **data)
        return _("Uppgifterna för %(party)s är sparade.") % {"party": data["short_name"]}

    return form_page(
        request,
        form,
        save=save,
        success_url=reverse("samverkan:parties", args=[agreement.pk]),
        cancel_url=reverse("samverkan:parties", args=[agreement.pk]),
        title=_("Ändra %(party)s") % {"party": agreement_party.short_name},
    )


@agreement_view
def event_list(request, agreement):
    page = Paginator(agreement.events.select_related("actor"), 50).get_page(request.GET.get("sida"))
    return render(request, "samverkan/event_list.html", {"agreement": agreement, "page": page})


@agreement_view
def agreement_history(request, agreement):
    entries = history_entries(
        Agreement.history.filter(id=agreement.pk),
        AgreementParty.history.filter(agreement_id=agreement.pk),
        Party.history.filter(id__in=agreement.parties.values("party_id")),
        Clause.history.filter(agreement_id=agreement.pk),
        Annex.history.filter(agreement_id=agreement.pk),
    )
    page = Paginator(entries, 50).get_page(request.GET.get("sida"))
    return render(
        request,
        "samverkan/history.html",
        {"agreement": agreement, "page": page, "subject": agreement.title},
    )
