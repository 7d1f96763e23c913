"""The Django admin for superusers who have signed in with two factors, nobody else.

A staff user who is no superuser gets no admin at all (so cannot grant themselves object
permissions there); a superuser without a verified second factor is led to enrol or to
the code page first. Signing in goes through the app's own login page (with its lockout)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse


class AdminSite(admin.AdminSite):
    def has_permission(self, request):
        from . import twofactor  # not at import: this module is loaded before the models

        user = request.user
        return bool(user.is_active and user.is_superuser and twofactor.is_verified(request))

    def login(self, request, extra_context=None):
        """The admin's own login form is not used: the app's login (lockout, code)."""
        from . import twofactor

        target = request.GET.get("next") or reverse("admin:index")
        user = request.user
        if not user.is_authenticated:
            return redirect(twofactor.with_next("login", target))
        if not (user.is_active and user.is_superuser):
            raise PermissionDenied
        name = "two_factor_verify" if twofactor.has_two_factor(user) else "two_factor_enrol"
        return redirect(twofactor.with_next(name, target))


class AdminConfig(DjangoAdminConfig):
    default_site = "samverkan.admin_site.AdminSite"
