from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SituationConfig(AppConfig):
    name = "situation"
    verbose_name = _("Lägesbild")

    def ready(self):
        from samverkan.navigation import register as register_navigation

        from . import events  # noqa: F401 (registers how the situation events read)
        from .navigation import situation_entries

        register_navigation(120, situation_entries)
