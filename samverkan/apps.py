from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SamverkanConfig(AppConfig):
    name = "samverkan"
    verbose_name = _("Samverkansöverenskommelser")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out
        from django.core import checks

        from . import compliance, logins  # logins connects the failed-login counter
        from .middleware import session_seen
        from .panels import register as register_panel
        from .seal import check_seal_certificate
        from .sessions import session_forgotten, session_recorded

        # A named seal certificate that is missing shows at start-up, not at the first export.
        checks.register(check_seal_certificate)

        # The compliance clock's own lines (samverkan/compliance.py) and its panel on the
        # agreement page, above the apps' panels: what is soon, overdue or waiting.
        compliance.register(0, compliance.validity_check, always=True)
        compliance.register(50, compliance.annex_versions_check)
        register_panel(10, compliance.compliance_panel)

        assert logins  # imported for its receiver
        # Reminder e-mails can be switched off by each user (samverkan/reminders.py).
        from .navigation import register_account

        register_account(_("Påminnelser"), "account_reminders")
        # The session's idle expiry starts at login (samverkan/middleware.py).
        user_logged_in.connect(session_seen, dispatch_uid="samverkan.session_seen")
        # Where the user is logged in, for "logga ut överallt" (samverkan/sessions.py).
        user_logged_in.connect(session_recorded, dispatch_uid="samverkan.session_recorded")
        user_logged_out.connect(session_forgotten, dispatch_uid="samverkan.session_forgotten")

        # Two-factor sign-in: a user with an app is held at the code page after the
        # password (samverkan/twofactor.py).
        from .twofactor import hold_at_login

        user_logged_in.connect(hold_at_login, dispatch_uid="samverkan.two_factor_hold")

        # The security log (samverkan/security.py): a line per sign-in event.
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_login_failed

        from . import security

        user_logged_in.connect(security.logged_in, dispatch_uid="samverkan.security_in")
        user_logged_out.connect(security.logged_out, dispatch_uid="samverkan.security_out")
        user_login_failed.connect(security.login_failed, dispatch_uid="samverkan.security_fail")
        user_locked_out.connect(security.locked_out, dispatch_uid="samverkan.security_lock")
