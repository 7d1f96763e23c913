"""The login's guard against guessing across many usernames from one address: django-axes
locks a username after a few failures (settings.AXES_*); this caps the failures from one
address at LOGIN_ADDRESS_FAILURE_LIMIT an hour, high enough for a whole office behind one
address, and refuses further attempts from it with 429 until they age out. And a password
chosen through the reset link lifts the username's lockout."""

from datetime import timedelta

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.shortcuts import render

from . import security, throttle

WINDOW = timedelta(hours=1)


def _key(request) -> str:
    return throttle.key_for("login-client", settings.AXES_CLIENT_IP_CALLABLE(request) or "unknown")


class LoginView(auth_views.LoginView):
    def post(self, request, *args, **kwargs):
        if throttle.recent(_key(request), WINDOW) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return render(request, "registration/too_many.html", status=429)
        return super().post(request, *args, **kwargs)


@receiver(user_login_failed, dispatch_uid="samverkan.logins.failed")
def _count_failure(sender, credentials, request=None, **kwargs):
    if request is not None:
        throttle.record(_key(request))


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a new password through the e-mailed link proves the mailbox: the username's
    failed logins are cleared, so a lockout someone else caused ends there."""

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        security.log("password_reset", self.request, user=form.user)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's, with a line in the security log; the session's new key (Django gives one
    to keep this session signed in) is carried over to its record for "logga ut
    överallt"."""

    def form_valid(self, form):
        from .models import LoginSession

        old = self.request.session.session_key
        response = super().form_valid(form)
        LoginSession.objects.filter(session_key=old).update(
            session_key=self.request.session.session_key
        )
        security.log("password_changed", self.request, user=form.user)
        return response


# --- a password asked again (signing) -------------------------------------------------


def password_locked(request, user) -> bool:
    """Whether the user's username is locked out by failed passwords (login or signing)."""
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.is_locked(request, {"username": user.get_username()})


def password_failed(request, user) -> None:
    """A wrong password typed again to sign counts as a failed login: guessing through the
    signing form locks the username as guessing at the login does."""
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )
