"""Agreements made before the weekly follow-up get the default checklist, as every new
agreement does (situation/apps.py)."""

from django.db import migrations

DEFAULTS = [
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
    ObservationCategory = apps.get_model("situation", "ObservationCategory")
    for agreement in Agreement.objects.all():
        if not ObservationCategory.objects.filter(agreement=agreement).exists():
            ObservationCategory.objects.bulk_create(
                ObservationCategory(agreement=agreement, name=name, measure=measure, order=n)
                for n, (name, measure) in enumerate(DEFAULTS, start=1)
            )


def remove_unused_defaults(apps, schema_editor):
    ObservationCategory = apps.get_model("situation", "ObservationCategory")
    ObservationCategory.objects.filter(
        name__in=[name for name, _measure in DEFAULTS], observations__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("situation", "0003_weekly_follow_up")]

    operations = [migrations.RunPython(add_defaults, remove_unused_defaults)]
