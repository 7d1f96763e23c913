from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SamverkanConfig(AppConfig):
    name = "samverkan"
    verbose_name = _("Samverkansöverenskommelser")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import session_seen

        # The session's idle expiry starts at login (samverkan/middleware.py).
        user_logged_in.connect(session_seen, dispatch_uid="samverkan.session_seen")
