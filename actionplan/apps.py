from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionplanConfig(AppConfig):
    name = "actionplan"
    verbose_name = _("Åtgärdsplan och medborgarlöften")

    def ready(self):
        from samverkan.navigation import register as register_navigation

        from . import events  # noqa: F401 (registers how the action plan's events read)
        from .navigation import actionplan_entries

        register_navigation(130, actionplan_entries)
        # Panels (the plan's and the promise's clocks on the agreement page, the measures
        # on a meeting's "åtgärdsplanens status" item) and the demo are registered here
        # as they land.
