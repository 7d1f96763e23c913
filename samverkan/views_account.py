"""The account's own pages: where the user is logged in, and logging out everywhere."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import sessions


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
