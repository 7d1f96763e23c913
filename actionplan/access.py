"""Resolve the agreement (samverkan.access) and ask guardian what the user may do with its
åtgärdsplan and medborgarlöften. The rights come from councils/roles.py: every member reads
them (the signatories too: they sign annexes 2 and 3), the coordinator keeps them, and
whoever holds a seat for a party updates the status of that party's measures."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from samverkan.access import agreement_perm_view, agreement_view

from .models import MANAGE, UPDATE_FOR_PARTY


def updatable_parties(rights) -> list:
    """The agreement's parties whose measures the user may update (read once per request);
    the coordinator may update every party's."""
    cached = getattr(rights, "_measure_parties", None)
    if cached is None:
        parties = list(rights.agreement.parties.all())
        if rights.has(MANAGE):
            cached = parties
        else:
            cached = [party for party in parties if rights.has(UPDATE_FOR_PARTY, party)]
        rights._measure_parties = cached
    return cached


def may_update(rights, measure) -> bool:
    """Whether the user may give `measure` a status update (no query once the parties are
    read)."""
    return any(party.pk == measure.responsible_id for party in updatable_parties(rights))


def plan_view(perm: str | None = None):
    """Decorator: as agreement_view (every member reads the plan), then 403 without `perm`
    on the agreement, then the plan through the agreement (another agreement's is 404)."""

    def decorator(view):
        outer = agreement_perm_view(perm) if perm else agreement_view

        @outer
        @wraps(view)
        def wrapper(request, agreement, plan_pk, *args, **kwargs):
            plan = get_object_or_404(agreement.action_plans.select_related("report"), pk=plan_pk)
            plan.agreement = agreement
            return view(request, agreement, plan, *args, **kwargs)

        return wrapper

    return decorator


def measure_view(perm: str | None = None):
    """Decorator: as plan_view, then the measure through the plan."""

    def decorator(view):
        @plan_view(perm)
        @wraps(view)
        def wrapper(request, agreement, plan, measure_pk, *args, **kwargs):
            measure = get_object_or_404(
                plan.measures.select_related("responsible__party", "cause", "commitment"),
                pk=measure_pk,
            )
            measure.plan = plan
            return view(request, agreement, plan, measure, *args, **kwargs)

        return wrapper

    return decorator


def promise_view(perm: str | None = None):
    """Decorator: as agreement_view, then 403 without `perm`, then the promise through the
    agreement (another agreement's is 404)."""

    def decorator(view):
        outer = agreement_perm_view(perm) if perm else agreement_view

        @outer
        @wraps(view)
        def wrapper(request, agreement, promise_pk, *args, **kwargs):
            promise = get_object_or_404(agreement.citizen_promises.all(), pk=promise_pk)
            promise.agreement = agreement
            return view(request, agreement, promise, *args, **kwargs)

        return wrapper

    return decorator


def service_requires_update(by, measure) -> None:
    """For services: refuse a status update from anyone who is neither of the measure's
    responsible party nor the coordinator. `by=None` is the installation (the demo)."""
    if by is None:
        return
    agreement = measure.plan.agreement
    if not by.is_active or not (
        by.has_perm(MANAGE, agreement) or by.has_perm(UPDATE_FOR_PARTY, measure.responsible)
    ):
        raise PermissionDenied
