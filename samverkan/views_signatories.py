"""Pages of the signatory designations (samverkan/signatories.py): a party's signatory
designated, confirmed by the party's current signatory or, the first time, by the designee
through a one-time link and an installation administrator."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import signatories
from .access import agreement_perm_view, agreement_view
from .formpage import form_page, post_action
from .forms_signatories import SignatoryDesignateForm
from .models import SignatoryDesignation
from .twofactor import second_factor_first
from .views_lifecycle import installation_admin_required

State = SignatoryDesignation.State
CHANGE_PARTY = "samverkan.change_agreement"  # as party_edit asks


def _parties_url(agreement) -> str:
    return reverse("samverkan:parties", args=[agreement.pk])


def _designation(agreement, designation_pk) -> SignatoryDesignation:
    """One of this agreement's designations; another agreement's id is not found."""
    return get_object_or_404(
        SignatoryDesignation.objects.filter(agreement_party__agreement=agreement).select_related(
            "agreement_party", "user"
        ),
        pk=designation_pk,
    )


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


@agreement_perm_view(CHANGE_PARTY)
@require_http_methods(["GET", "POST"])
def signatory_designate(request, agreement, party_pk):
    """The party's signatory page for whoever keeps the parties: the confirmed signatory,
    a pending designation, the earlier ones, and the form to designate someone."""
    agreement_party = get_object_or_404(
        agreement.parties.select_related("party", "signatory_user"), pk=party_pk
    )
    designations = list(
        agreement_party.designations.select_related("user", "designated_by", "confirmed_by")
    )
    pending = next((d for d in designations if d.is_pending), None)
    people = (
        agreement.people.filter(party=agreement_party.party_id, user__is_active=True)
        .exclude(user_id=agreement_party.signatory_user_id or 0)
        .select_related("user")
    )
    form = SignatoryDesignateForm(request.POST or None, people=people)

    def save(data):
        designation = signatories.signatory_designate(
            agreement_party=agreement_party, user=data["user"], title=data["title"], by=request.user
        )
        names = {"person": _name(designation.user), "party": agreement_party.short_name}
        if designation.state == State.AWAITING_SIGNATORY:
            names["signatory"] = _name(agreement_party.signatory_user)
            return (
                _(
                    "%(person)s är utsedd att underteckna för %(party)s. Utseendet gäller när "
                    "%(signatory)s har bekräftat det."
                )
                % names
            )
        names["email"] = designation.user.email
        return (
            _(
                "%(person)s är utsedd att underteckna för %(party)s och har fått en länk till "
                "%(email)s. Utseendet gäller när hen har bekräftat det och en administratör "
                "har godkänt det."
            )
            % names
        )

    return form_page(
        request,
        form,
        save=save,
        success_url=_parties_url(agreement),
        cancel_url=_parties_url(agreement),
        title=_("Firmatecknare för %(party)s") % {"party": agreement_party.short_name},
        submit_label=_("Utse"),
        template="samverkan/signatories/designate.html",
        context={
            "agreement_party": agreement_party,
            "pending": pending,
            "earlier": [d for d in designations if not d.is_pending],
            "current": signatories.current_signatory(agreement_party),
            "now": timezone.now(),
        },
    )


@agreement_view
def signatory_confirm(request, agreement, designation_pk):
    """The party's current signatory confirms (or, with decision=decline, declines) the
    successor (POST); anyone else gets 403."""
    designation = _designation(agreement, designation_pk)
    party = designation.agreement_party
    may_sign = request.rights.has("samverkan.sign_for_party", party)
    if not signatories.is_current_signatory(party, request.user, may_sign=may_sign):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    # Handing the party's signing on takes a second factor, as signing does.
    if gate := second_factor_first(request, next_url=_parties_url(agreement)):
        return gate
    names = {"person": _name(designation.user), "party": party.short_name}

    def run():
        if request.POST.get("decision") == "decline":
            signatories.signatory_decline(designation=designation, by=request.user)
            return _("Du har avböjt att %(person)s undertecknar för %(party)s.") % names
        signatories.signatory_confirm(designation=designation, by=request.user)
        return _("%(person)s undertecknar för %(party)s från och med nu.") % names

    return post_action(request, run, redirect_to=_parties_url(agreement))


@agreement_perm_view(CHANGE_PARTY)
@require_POST
def signatory_cancel(request, agreement, designation_pk):
    """Whoever keeps the parties withdraws a pending designation (POST)."""
    designation = _designation(agreement, designation_pk)

    def run():
        signatories.signatory_withdraw(designation=designation, by=request.user)
        return _("Utseendet av %(person)s är återkallat.") % {"person": _name(designation.user)}

    return post_action(request, run, redirect_to=_parties_url(agreement))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def signatory_accept(request, token):
    """The designee's one-time link: they confirm (or decline) logged in as themself. A
    link of someone else's, used or withdrawn is not found; an expired one says so."""
    designation = signatories.designation_for_token(token=token, user=request.user)
    if designation is None:
        raise Http404
    expired = signatories.link_expired(designation)
    if request.method == "POST" and not expired:
        names = {"party": designation.agreement_party.short_name}
        try:
            if request.POST.get("decision") == "decline":
                signatories.signatory_decline(designation=designation, by=request.user)
                message = _("Du har avböjt att underteckna för %(party)s.") % names
            else:
                signatories.signatory_accept(token=token, by=request.user)
                message = (
                    _(
                        "Tack. Du har bekräftat att du undertecknar för %(party)s. När en "
                        "administratör har godkänt det kan du underteckna."
                    )
                    % names
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(request.path)
        messages.success(request, message)
        return redirect("samverkan:home")
    return render(
        request,
        "samverkan/signatories/accept.html",
        {"designation": designation, "expired": expired},
        status=410 if expired else 200,
    )


@installation_admin_required
def signatory_approvals(request):
    """The first designations the designees have confirmed, awaiting an installation
    administrator, across the installation."""
    waiting = SignatoryDesignation.objects.filter(state=State.AWAITING_ADMIN).select_related(
        "agreement_party__agreement", "agreement_party__party", "user", "designated_by"
    )
    return render(
        request,
        "samverkan/signatories/approvals.html",
        {"designations": waiting.order_by("designee_confirmed_at", "pk")},
    )


@installation_admin_required
def signatory_approve(request, designation_pk):
    """An installation administrator approves (or, with decision=decline, declines) a
    first designation (POST)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    designation = get_object_or_404(
        SignatoryDesignation.objects.select_related("agreement_party", "user"), pk=designation_pk
    )
    names = {"person": _name(designation.user), "party": designation.agreement_party.short_name}

    def run():
        if request.POST.get("decision") == "decline":
            signatories.signatory_decline(designation=designation, by=request.user)
            return _("Utseendet av %(person)s för %(party)s är avböjt.") % names
        signatories.signatory_approve(designation=designation, by=request.user)
        return _("%(person)s undertecknar för %(party)s från och med nu.") % names

    return post_action(request, run, redirect_to=reverse("samverkan:signatory_approvals"))
