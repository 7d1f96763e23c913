from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionplanConfig(AppConfig):
    name = "actionplan"
    verbose_name = _("Åtgärdsplan och medborgarlöften")

    def ready(self):
        from councils.demo import DEMO_LOADERS
        from samverkan import compliance
        from samverkan.navigation import register as register_navigation
        from samverkan.panels import register as register_panel

        from . import events  # noqa: F401 (registers how the action plan's events read)
        from .clocks import agreement_panel
        from .compliance import follow_up_check, promise_check
        from .demo import load_actionplan_demo
        from .demo_annexes import load_annexes_demo
        from .navigation import actionplan_entries
        from .panels import meeting_measures_panel
        from .start import register as register_start

        register_navigation(130, actionplan_entries)
        # The plan's follow-up clock and the promise's renewal on the agreement page.
        register_panel(110, agreement_panel)
        # The same two clocks on the compliance clock (actionplan/compliance.py).
        compliance.register(40, follow_up_check)
        compliance.register(41, promise_check)
        # The party's measures awaiting a status update on the start page (actionplan/start.py).
        register_start()
        # The measures, taking status updates in place, on a meeting whose agenda has an
        # "åtgärdsplanens status" item.
        register_panel(110, meeting_measures_panel, place="meeting")
        if load_actionplan_demo not in DEMO_LOADERS:
            DEMO_LOADERS.append(load_actionplan_demo)
        # Last: the versions of the agreement and its annexes are made from every source
        # the loaders before it load (situation's lägesbild, the plan and the promise).
        if load_annexes_demo in DEMO_LOADERS:
            DEMO_LOADERS.remove(load_annexes_demo)
        DEMO_LOADERS.append(load_annexes_demo)
