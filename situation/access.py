"""Resolve the agreement (samverkan.access) and ask guardian what the user may see of its
situation picture. The rights themselves come from councils/roles.py."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from samverkan.access import Rights, agreement_view
from samverkan.models import Agreement

from .models import MANAGE, SUBMIT, VIEW, SituationInput

REPORT_WEEKLY = "samverkan.report_weekly_for_party"


def submit_parties(rights) -> list:
    """The agreement's parties the user may submit input for (read once per request)."""
    cached = getattr(rights, "_submit_parties", None)
    if cached is None:
        cached = rights._submit_parties = [
            party for party in rights.agreement.parties.all() if rights.has(SUBMIT, party)
        ]
    return cached


def reads_situation(rights) -> bool:
    """Whether the user has any part in the situation picture: reads it, or brings input
    for a party (and so sees their party's drafts)."""
    return rights.has(VIEW) or bool(submit_parties(rights))


def situation_view(view):
    """Decorator: as agreement_view, then 403 for a member with no part in the situation
    picture (a signatory who holds no seat, say)."""

    @agreement_view
    @wraps(view)
    def wrapper(request, agreement, *args, **kwargs):
        if not reads_situation(request.rights):
            request.rights.require(VIEW)
        return view(request, agreement, *args, **kwargs)

    return wrapper


def situation_perm_view(perm: str = MANAGE):
    """Decorator: as agreement_view, then 403 without `perm` on the agreement."""

    def decorator(view):
        @agreement_view
        @wraps(view)
        def wrapper(request, agreement, *args, **kwargs):
            request.rights.require(perm)
            return view(request, agreement, *args, **kwargs)

        return wrapper

    return decorator


def input_view(view):
    """Decorator: as situation_view, then the input through what the user may see of the
    agreement's input: another party's draft, confidential input for an operative-only
    member, or another agreement's input is 404, never 403."""

    @situation_view
    @wraps(view)
    def wrapper(request, agreement, input_pk, *args, **kwargs):
        visible = SituationInput.objects.visible_to(request.rights)
        situation_input = get_object_or_404(visible.select_related("party__party"), pk=input_pk)
        return view(request, agreement, situation_input, *args, **kwargs)

    return wrapper


def weekly_parties(rights) -> list:
    """The agreement's parties the user reports weekly for (read once per request)."""
    cached = getattr(rights, "_weekly_parties", None)
    if cached is None:
        cached = rights._weekly_parties = [
            party for party in rights.agreement.parties.all() if rights.has(REPORT_WEEKLY, party)
        ]
    return cached


def staff_view(view):
    """Decorator for the weekly follow-up's pages the parties' staff use (report, their
    reports, the feedback): as agreement_view, but a person of a party who only reports
    weekly (in the people directory, no seat, so no view_agreement) gets in too. Anyone
    else is 404."""

    @login_required
    @wraps(view)
    def wrapper(request, agreement_pk, *args, **kwargs):
        agreement = get_object_or_404(Agreement, pk=agreement_pk)
        request.rights = Rights(request.user, agreement)
        if not (request.rights.has("samverkan.view_agreement") or weekly_parties(request.rights)):
            raise Http404
        request.agreement = agreement
        return view(request, agreement, *args, **kwargs)

    return wrapper


def service_requires(by, perm: str, agreement) -> None:
    """For services: refuse an actor without `perm` on the agreement, whoever calls them
    (a view, a command, an admin action). `by=None` is the installation itself (the demo,
    cron). Once the agreement has ended the service refuses with its own message."""
    from councils.access import agreement_runs

    if by is None or not agreement_runs(agreement):
        return
    if not (by.is_active and by.has_perm(perm, agreement)):
        raise PermissionDenied
