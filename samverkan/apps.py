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
        # The session's idle expiry starts at login (samverkan/middleware.py).
        user_logged_in.connect(session_seen, dispatch_uid="samverkan.session_seen")
        # Where the user is logged in, for "logga ut överallt" (samverkan/sessions.py).
        user_logged_in.connect(session_recorded, dispatch_uid="samverkan.session_recorded")
        user_logged_out.connect(session_forgotten, dispatch_uid="samverkan.session_forgotten")
