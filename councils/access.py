"""Resolve a body through the agreement (samverkan.access) and ask guardian about it."""

from functools import wraps

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
