"""Agreements made before the situation picture get the default problem categories and the
default weekly checklist, as every new agreement does (situation/apps.py)."""

from django.db import migrations

CATEGORIES = [
    "Våld i offentlig miljö",
    "Narkotika",
    "Skadegörelse och klotter",
    "Inbrott",
    "Ungdomsbrottslighet",
    "Otrygghet",
    "Annat",
]
CHECKLIST = [
    ("Skadegörelse", "count"),
    ("Klotter", "count"),
    ("Nedskräpning", "scale"),
    ("Bränder", "count"),
    ("Trasig belysning", "count"),
    ("Ordningsstörning", "count"),
    ("Narkotika", "count"),
    ("Otrygghet", "scale"),
    ("Ungdomar som samlas", "scale"),
    ("Annat", "count"),
]


def add_defaults(apps, schema_editor):
    Agreement = apps.get_model("samverkan", "Agreement")
    Category = apps.get_model("situation", "Category")
    ObservationCategory = apps.get_model("situation", "ObservationCategory")
    for agreement in Agreement.objects.all():
        if not Category.objects.filter(agreement=agreement).exists():
            Category.objects.bulk_create(
                Category(agreement=agreement, name=name, order=number)
                for number, name in enumerate(CATEGORIES, start=1)
            )
        if not ObservationCategory.objects.filter(agreement=agreement).exists():
            ObservationCategory.objects.bulk_create(
                ObservationCategory(agreement=agreement, name=name, measure=measure, order=n)
                for n, (name, measure) in enumerate(CHECKLIST, start=1)
            )


def remove_unused_defaults(apps, schema_editor):
    Category = apps.get_model("situation", "Category")
    ObservationCategory = apps.get_model("situation", "ObservationCategory")
    Category.objects.filter(name__in=CATEGORIES, situation_inputs__isnull=True).delete()
    ObservationCategory.objects.filter(
        name__in=[name for name, _measure in CHECKLIST], observations__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("situation", "0001_situation_picture")]

    operations = [migrations.RunPython(add_defaults, remove_unused_defaults)]
