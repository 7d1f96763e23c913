"""Where a user is logged in, and logging out of every one of those sessions.

A login records its session key (the user_logged_in signal, after Django has given the
session a new key); a logout forgets it. "Logga ut överallt" deletes every recorded
session of the user from the session store, so each of their browsers is logged out at its
next request, this one included."""

from importlib import import_module

from django.conf import settings
from django.db import transaction

from .models import LoginSession


def _store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def session_recorded(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is None:
        return
    if session.session_key is None:
        session.save()
    LoginSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "user_agent": request.headers.get("User-Agent", "")[:300] if request.headers else "",
        },
    )


def session_forgotten(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        LoginSession.objects.filter(session_key=session.session_key).delete()


def active_sessions(user) -> list[LoginSession]:
    """The user's recorded sessions still in the store, newest first (expired ones are
    forgotten on the way)."""
    store = _store()
    found, gone = [], []
    for login in LoginSession.objects.filter(user=user):
        (found if store().exists(login.session_key) else gone).append(login)
    if gone:
        LoginSession.objects.filter(pk__in=[login.pk for login in gone]).delete()
    return found


def rotate(request) -> None:
    """Give the session a new key (at a step up in trust: a second factor given), keeping
    its record so "logga ut överallt" still finds it."""
    old = request.session.session_key
    request.session.cycle_key()
    if old:
        LoginSession.objects.filter(session_key=old).update(session_key=request.session.session_key)


@transaction.atomic
def logout_everywhere(*, user, keep: str | None = None) -> int:
    """End every session of the user but `keep` (a session key); how many ended."""
    store = _store()
    logins = list(
        LoginSession.objects.select_for_update().filter(user=user).exclude(session_key=keep)
    )
    for login in logins:
        store(session_key=login.session_key).delete()
    LoginSession.objects.filter(pk__in=[login.pk for login in logins]).delete()
    return len(logins)
