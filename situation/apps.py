from django.apps import AppConfig


class SituationConfig(AppConfig):
    name = "situation"
    verbose_name = "Lägesbild"
