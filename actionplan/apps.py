from django.apps import AppConfig


class ActionplanConfig(AppConfig):
    name = "actionplan"
    verbose_name = "Åtgärdsplan och medborgarlöften"
