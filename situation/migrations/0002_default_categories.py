"""Agreements made before the situation picture get the default problem categories, as
every new agreement does (situation/apps.py)."""

from django.db import migrations

DEFAULTS = [
    "Våld i offentlig miljö",
    "Narkotika",
    "Skadegörelse och klotter",
    "Inbrott",
    "Ungdomsbrottslighet",
    "Otrygghet",
    "Annat",
]


def add_defaults(apps, schema_editor):
    Agreement = apps.get_model("samverkan", "Agreement")
    Category = apps.get_model("situation", "Category")
    for agreement in Agreement.objects.all():
        if not Category.objects.filter(agreement=agreement).exists():
            Category.objects.bulk_create(
                Category(agreement=agreement, name=name, order=number)
                for number, name in enumerate(DEFAULTS, start=1)
            )


def remove_unused_defaults(apps, schema_editor):
    Category = apps.get_model("situation", "Category")
    Category.objects.filter(name__in=DEFAULTS, situation_inputs__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("situation", "0001_situation_picture")]

    operations = [migrations.RunPython(add_defaults, remove_unused_defaults)]
