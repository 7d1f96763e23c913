from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.forms import model_to_dict
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import annexes, services, signatories, views_lifecycle
from .access import agreement_perm_view, agreement_view
from .documents import agreement_filename, render_agreement
from .formpage import form_page
from .forms import AgreementForm, AgreementPartyForm
from .history import changed_under, history_entries
from .models import (
    Agreement,
    AgreementParty,
    Annex,
    Clause,
    Party,
    SignatoryDesignation,
)
from .panels import panels_for


@agreement_view
def agreement_detail(request, agreement):
    parties = list(agreement.parties.select_related("party"))
    # Each document's version in force and the one on its way, with their signatures, in
    # a fixed number of queries; every version shown has its hash recomputed.
    documents = annexes.in_force_and_open(agreement)
    shown = [v for slot in documents.values() for v in slot.values() if v is not None]
    checks = annexes.integrity(shown)
    for version in shown:
        version.integrity_check = checks[version.pk]
    return render(
        request,
        "samverkan/agreement_detail.html",
        {
            "agreement": agreement,
            "parties": parties,
            "annexes": [(annex, documents.get(annex.pk, {})) for annex in agreement.annexes.all()],
            "text_versions": documents.get(None, {}),
            "clauses": agreement.clauses.all(),
            # What higher apps show here (the lägesbild's freshness, say): samverkan.panels.
            "panels": panels_for(request, agreement),
            **views_lifecycle.periods_context(request, agreement),
        },
    )


def agreement_pdf_bytes(agreement: Agreement) -> bytes:
    """The agreement as an archival PDF (PDF/A-3a), as the agreement page shows it."""
    return render_agreement(agreement)


@agreement_view
@require_GET
def agreement_pdf(request, agreement):
    """The agreement's PDF, as a download."""
    response = HttpResponse(agreement_pdf_bytes(agreement), content_type="application/pdf")
    filename = agreement_filename(agreement)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
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


def _with_pending_designation(parties):
    """The parties with `pending`, each one's designation awaiting confirmation or None
    (one query for all)."""
    waiting = SignatoryDesignation.objects.filter(
        state__in=SignatoryDesignation.PENDING_STATES
    ).select_related("user")
    parties = list(parties.prefetch_related(Prefetch("designations", waiting, to_attr="waiting")))
    for ap in parties:
        ap.pending = ap.waiting[0] if ap.waiting else None
    return parties


@agreement_view
def party_list(request, agreement):
    parties = _with_pending_designation(agreement.parties.select_related("party", "signatory_user"))
    # The successors this user confirms as their party's signatory; rights are asked only
    # for a party the user signs for, so the list costs no more for everyone else.
    confirmable = {
        ap.pk
        for ap in parties
        if ap.pending is not None
        and ap.pending.state == SignatoryDesignation.State.AWAITING_SIGNATORY
        and ap.signatory_user_id == request.user.pk
        and signatories.is_current_signatory(
            ap, request.user, may_sign=request.rights.has("samverkan.sign_for_party", ap)
        )
    }
    return render(
        request,
        "samverkan/party_list.html",
        {
            "agreement": agreement,
            "parties": parties,
            "confirmable": confirmable,
            "now": timezone.now(),
        },
    )


@agreement_perm_view("samverkan.change_agreement")
@require_http_methods(["GET", "POST"])
def party_edit(request, agreement, party_pk):
    agreement_party = get_object_or_404(
        agreement.parties.select_related("party", "signatory_user"), pk=party_pk
    )
    party = agreement_party.party
    initial = model_to_dict(party, fields=["name", "organisation_number", "address"])
    initial |= model_to_dict(agreement_party) | {"version": services.version_of(agreement_party)}
    form = AgreementPartyForm(request.POST or None, initial=initial)
    agreement_party.pending = (
        agreement_party.designations.filter(state__in=SignatoryDesignation.PENDING_STATES)
        .select_related("user")
        .first()
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
        intro=_(
            "Firmatecknarens namn och titel är texten i överenskommelsen. Vem som undertecknar "
            "i tjänsten utses och bekräftas under Firmatecknare."
        ),
        template="samverkan/signatories/party_edit.html",
        context={"agreement_party": agreement_party, "now": timezone.now()},
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
        # Organisations are shared: only what was changed under this agreement.
        Party.history.filter(changed_under(agreement), id__in=agreement.parties.values("party_id")),
        Clause.history.filter(agreement_id=agreement.pk),
        Annex.history.filter(agreement_id=agreement.pk),
        SignatoryDesignation.history.filter(
            agreement_party__agreement_id=agreement.pk
        ).select_related("user", "agreement_party"),
        # Named from the rows fetched with it, not a query per row.
        labels={
            SignatoryDesignation: lambda record: (
                _("%(person)s för %(party)s")
                % {
                    "person": record.user.get_full_name() or record.user.get_username(),
                    "party": record.agreement_party.short_name,
                }
            )
        },
    )
    page = Paginator(entries, 50).get_page(request.GET.get("sida"))
    note = _(
        "Organisationernas namn, organisationsnummer och adress delas med de andra "
        "överenskommelser de är part i. Här visas bara de ändringar som gjorts i den här."
    )
    return render(
        request,
        "samverkan/history.html",
        {"agreement": agreement, "page": page, "subject": agreement.title, "note": note},
    )
