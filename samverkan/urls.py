"""Root URLconf: names every app (configuration may; the apps themselves may not)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.defaults import page_not_found

from samverkan import (
    logins,
    passwords,
    views_accessibility,
    views_account,
    views_compliance,
    views_reminders,
    views_twofactor,
)


def not_found(request, exception):
    """404 without the agreement's navigation: a page inside an agreement that the user
    may not see (another party's draft, say) must not show even the agreement's name."""
    request.agreement = None
    return page_not_found(request, exception)


handler404 = not_found

urlpatterns = [
    path(
        "konto/logga-in/",
        logins.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "konto/losenord/",
        logins.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "konto/losenord/klart/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "konto/aterstall/",
        passwords.ResetView.as_view(),
        name="password_reset",
    ),
    path(
        "konto/aterstall/skickat/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "konto/aterstall/<uidb64>/<token>/",
        logins.ResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "konto/aterstall/klart/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Two-factor sign-in (samverkan/twofactor.py, samverkan/views_twofactor.py).
    path("konto/logga-in/kod/", views_twofactor.two_factor_verify, name="two_factor_verify"),
    path("konto/tvastegsverifiering/", views_twofactor.two_factor, name="two_factor"),
    path(
        "konto/tvastegsverifiering/aktivera/",
        views_twofactor.two_factor_enrol,
        name="two_factor_enrol",
    ),
    path(
        "konto/tvastegsverifiering/reservkoder/",
        views_twofactor.two_factor_codes,
        name="two_factor_codes",
    ),
    path(
        "konto/tvastegsverifiering/stang-av/",
        views_twofactor.two_factor_off,
        name="two_factor_off",
    ),
    path("konto/inloggningar/", views_account.account_sessions, name="account_sessions"),
    # The compliance clock of an agreement (samverkan/compliance.py).
    path(
        "overenskommelser/<int:agreement_pk>/efterlevnad/",
        views_compliance.compliance_page,
        name="compliance",
    ),
    path("konto/inbjudningar/", views_account.account_invitations, name="account_invitations"),
    path("konto/paminnelser/", views_reminders.account_reminders, name="account_reminders"),
    path(
        "konto/inbjudningar/<int:invitation_pk>/svara/",
        views_account.account_invitation_answer,
        name="account_invitation_answer",
    ),
    # The accessibility statement and the barrier report (samverkan/views_accessibility.py).
    path("tillganglighet/", views_accessibility.statement, name="accessibility"),
    path(
        "tillganglighet/rapportera/",
        views_accessibility.report,
        name="accessibility_report",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("samverkan.core_urls")),
    path("", include("councils.urls")),
    path("", include("situation.urls")),
    path("", include("actionplan.urls")),
]
