from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _agreement_saved(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw:
        from .services.lists import categories_default

        categories_default(agreement=instance)


class SituationConfig(AppConfig):
    name = "situation"
    verbose_name = _("Lägesbild")

    def ready(self):
        from django.db.models.signals import post_save

        from councils.demo import DEMO_LOADERS
        from samverkan import compliance
        from samverkan.lifecycle import RENEWAL_COPIES
        from samverkan.models import Agreement
        from samverkan.navigation import register as register_navigation
        from samverkan.navigation import register_account
        from samverkan.panels import register as register_panel

        from . import events  # noqa: F401 (registers how the situation events read)
        from .compliance import full_update_check
        from .demo import load_situation_demo
        from .freshness import agreement_panel
        from .navigation import situation_entries
        from .selectors import meeting_requests_panel
        from .services.lists import lists_copy
        from .start import register as register_start

        register_navigation(120, situation_entries)
        # This week in every agreement one belongs to (a police officer in several).
        register_account(_("Mina veckor"), "situation:my_weeks")
        # The lägesbild's freshness on the agreement page.
        register_panel(100, agreement_panel)
        # The lägesbild's full update on the compliance clock (situation/compliance.py).
        compliance.register(30, full_update_check)
        # The requests for input due on the start page (situation/start.py).
        register_start()
        # The requests for input to a meeting, on the meeting's page.
        register_panel(100, meeting_requests_panel, place="meeting")
        # Every agreement starts with the default problem categories; a renewal takes over
        # the areas and categories of the period before.
        post_save.connect(_agreement_saved, sender=Agreement, dispatch_uid="situation-lists")
        if lists_copy not in RENEWAL_COPIES:
            RENEWAL_COPIES.append(lists_copy)
        if load_situation_demo not in DEMO_LOADERS:
            DEMO_LOADERS.append(load_situation_demo)
