"""Resolve a body through the agreement (samverkan.access) and ask guardian about it."""

from functools import wraps

from django.http import Http404
from django.shortcuts import get_object_or_404

from samverkan.access import agreement_view


def body_view(perm: str):
    """Resolve the body through the agreement and require `perm` on it.

    Without view_body the body is hidden (404); with it but without `perm`, 403.
    """

    def decorator(view):
        @agreement_view
        @wraps(view)
        def wrapper(request, agreement, body_pk, *args, **kwargs):
            body = get_object_or_404(agreement.bodies.all(), pk=body_pk)
            request.rights.require("councils.view_body", body, hide=True)
            request.rights.require(perm, body)
            return view(request, agreement, body, *args, **kwargs)

        return wrapper

    return decorator


CONVENE = "councils.convene_body"


def meeting_view(perm: str):
    """Resolve the body through the agreement (body_view, requiring `perm` on the body),
    then the meeting through the body: a meeting of another body or agreement is 404, and
    so is a draft for whoever may not convene the body."""

    def decorator(view):
        @body_view(perm)
        @wraps(view)
        def wrapper(request, agreement, body, meeting_pk, *args, **kwargs):
            meeting = get_object_or_404(body.meetings.all(), pk=meeting_pk)
            if meeting.is_draft and not request.rights.has(CONVENE, body):
                raise Http404
            meeting.body, meeting.agreement = body, agreement
            return view(request, agreement, body, meeting, *args, **kwargs)

        return wrapper

    return decorator


def agreement_runs(agreement) -> bool:
    """Whether the agreement still runs: after its end nobody acts under it, also where a
    right comes from who one is (one's own apologies, one's own approval) and not a seat."""
    # Terminated early, or past its last day (the same rule as Rights.read_only).
    return agreement.state() != agreement.State.ENDED
