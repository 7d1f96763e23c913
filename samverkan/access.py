"""Resolve the agreement once per request and ask guardian about every object served.

A user with no part in the agreement gets 404 (its existence is not revealed);
a member who may see but not act gets 403. What the user may do in the agreement
is read once per request into `request.rights`, which views and templates ask.
"""

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from guardian.core import ObjectPermissionChecker

from .models import Agreement, AgreementParty

# The objects of one agreement whose rights are read together, per model: asking about
# one body loads the user's rights on every body of the agreement in the same queries.
# Higher apps register theirs (samverkan cannot import them).
RIGHTS_SCOPES: dict[type, Callable[[Agreement], Iterable]] = {
    Agreement: lambda agreement: [agreement],
    AgreementParty: lambda agreement: agreement.parties.all(),
}


# Django names the permission to read a model "view_…"; every right councils/roles.py
# grants for reading is one, every right to act is not.
READING_PREFIX = "view_"


def _reads(perm: str) -> bool:
    return perm.rpartition(".")[2].startswith(READING_PREFIX)


class Rights:
    """The user's object permissions inside one agreement, loaded once per request."""

    def __init__(self, user, agreement: Agreement):
        self.user = user
        self.agreement = agreement
        # An ended agreement (terminated, or past its last day) is read-only from the first
        # request after, whatever guardian still holds until `syncroles` next runs.
        self.read_only = agreement.state() == Agreement.State.ENDED
        self._checker = ObjectPermissionChecker(user)
        self._loaded: set = set()

    def _load(self, obj) -> None:
        model = type(obj)
        scope = RIGHTS_SCOPES.get(model)
        key = model if scope else (model, obj.pk)
        if key not in self._loaded:
            self._checker.prefetch_perms(list(scope(self.agreement)) if scope else [obj])
            self._loaded.add(key)

    def has(self, perm: str, obj=None) -> bool:
        """Whether the user holds `perm` ("app.codename") on obj (default: the agreement)."""
        obj = self.agreement if obj is None else obj
        if not self.user.is_active or (self.read_only and not _reads(perm)):
            return False
        if not self.user.is_superuser:
            self._load(obj)
        return self._checker.has_perm(perm, obj)

    def codenames(self, obj=None) -> frozenset[str]:
        """Every permission codename the user holds on obj (default: the agreement)."""
        obj = self.agreement if obj is None else obj
        if not self.user.is_active:
            return frozenset()
        if not self.user.is_superuser:
            self._load(obj)
        held = self._checker.get_perms(obj)
        return frozenset(filter(_reads, held) if self.read_only else held)

    @property
    def on_agreement(self) -> frozenset[str]:
        """For templates: `{% if "change_agreement" in rights.on_agreement %}`."""
        return self.codenames()

    def require(self, perm: str, obj=None, *, hide: bool = False) -> None:
        """403 (or 404 with hide=True, for objects the user may not even see) without perm."""
        if not self.has(perm, obj):
            raise Http404 if hide else PermissionDenied


def agreement_view(view):
    """Decorator: login, load `agreement_pk`, require view_agreement, pass `agreement`."""

    @login_required
    @wraps(view)
    def wrapper(request, agreement_pk, *args, **kwargs):
        agreement = get_object_or_404(Agreement, pk=agreement_pk)
        request.rights = Rights(request.user, agreement)
        request.rights.require("samverkan.view_agreement", hide=True)
        request.agreement = agreement
        return view(request, agreement, *args, **kwargs)

    return wrapper


def agreement_perm_view(perm: str):
    """Decorator: as agreement_view, then 403 without `perm` on the agreement."""

    def decorator(view):
        @agreement_view
        @wraps(view)
        def wrapper(request, agreement, *args, **kwargs):
            request.rights.require(perm)
            return view(request, agreement, *args, **kwargs)

        return wrapper

    return decorator
