"""The account's own pages: where the user is logged in, logging out everywhere, and the
invitations to agreements sent to the user's address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import services, sessions
from .formpage import post_action
from .models import PersonInvitation


@login_required
@require_http_methods(["GET", "POST"])
def account_sessions(request):
    if request.method == "POST":
        count = sessions.logout_everywhere(user=request.user)
        # This session was one of them: it is gone from the store; start a clean one for
        # the message on the login page.
        request.session.flush()
        messages.success(
            request,
            _("Du är utloggad från alla dina inloggningar (%(count)s).") % {"count": count},
        )
        return redirect("login")
    return render(
        request,
        "registration/sessions.html",
        {
            "logins": sessions.active_sessions(request.user),
            "current": request.session.session_key,
        },
    )


@login_required
@require_GET
def account_invitations(request):
    """Invitations to agreements' people lists sent to the user's own address."""
    invitations = (
        PersonInvitation.objects.open()
        .for_user(request.user)
        .select_related("agreement", "agreement_party__party", "invited_by")
    )
    return render(request, "registration/invitations.html", {"invitations": invitations})


@login_required
@require_POST
def account_invitation_answer(request, invitation_pk):
    """Accept or decline one of the user's own invitations (anyone else's is not found)."""
    invitation = get_object_or_404(
        PersonInvitation.objects.for_user(request.user).select_related("agreement"),
        pk=invitation_pk,
    )
    accept = request.POST.get("answer") == "accept"

    def run():
        if accept:
            services.invitation_accept(invitation=invitation, user=request.user)
            return _("Du finns nu i personlistan för %(agreement)s.") % {
                "agreement": invitation.agreement.title
            }
        services.invitation_decline(invitation=invitation, user=request.user)
        return _("Du har tackat nej till inbjudan.")

    return post_action(request, run, redirect_to=reverse("account_invitations"))
