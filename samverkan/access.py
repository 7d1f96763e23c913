"""Resolve the agreement once per request and ask guardian about every object served.

A user with no part in the agreement gets 404 (its existence is not revealed);
a member who may see but not act gets 403.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Agreement


def agreement_view(view):
    """Decorator: login, load `agreement_pk`, require view_agreement, pass `agreement`."""

    @login_required
    @wraps(view)
    def wrapper(request, agreement_pk, *args, **kwargs):
        agreement = get_object_or_404(Agreement, pk=agreement_pk)
        if not request.user.has_perm("samverkan.view_agreement", agreement):
            raise Http404
        request.agreement = agreement
        return view(request, agreement, *args, **kwargs)

    return wrapper


def agreement_perm_view(perm: str):
    """Decorator: as agreement_view, then 403 without `perm` on the agreement."""

    def decorator(view):
        @agreement_view
        @wraps(view)
        def wrapper(request, agreement, *args, **kwargs):
            require_perm(request.user, perm, agreement)
            return view(request, agreement, *args, **kwargs)

        return wrapper

    return decorator


def require_perm(user, perm: str, obj, *, hide: bool = False) -> None:
    """403 (or 404 with hide=True, for objects the user may not even see) without `perm`."""
    if not user.has_perm(perm, obj):
        raise Http404 if hide else PermissionDenied
