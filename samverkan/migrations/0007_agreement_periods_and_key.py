"""Agreements know the period they renew (`predecessor`, one successor each) and may carry
a stable key; the Laholm demo, found until now by its municipality and start date, gets
its keys here so that a reload after the dates were edited finds it again."""

import django.db.models.deletion
from django.db import migrations, models

# (key, start date) of the demo agreements as loaddemo found them before keys existed.
DEMO_MUNICIPALITY = "Laholms kommun"
DEMO = [("laholm-2024-2026", "2024-01-01"), ("laholm-2027-2029", "2027-01-01")]


def demo_keys(apps, schema_editor):
    Agreement = apps.get_model("samverkan", "Agreement")
    found = {}
    for key, start in DEMO:
        agreement = Agreement.objects.filter(
            municipality=DEMO_MUNICIPALITY, valid_from=start, key__isnull=True
        ).first()
        if agreement is not None:
            # An update, not a save: a technical backfill writes no history row.
            Agreement.objects.filter(pk=agreement.pk).update(key=key)
            found[key] = agreement.pk
    signed, renewal = (found.get(key) for key, _start in DEMO)
    if signed and renewal:
        Agreement.objects.filter(pk=renewal, predecessor__isnull=True).update(predecessor_id=signed)


class Migration(migrations.Migration):
    dependencies = [("samverkan", "0006_outbound_message")]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="key",
            field=models.SlugField(
                blank=True, editable=False, null=True, unique=True, verbose_name="nyckel"
            ),
        ),
        migrations.AddField(
            model_name="agreement",
            name="predecessor",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="successor",
                to="samverkan.agreement",
                verbose_name="föregående period",
            ),
        ),
        migrations.AddField(
            model_name="historicalagreement",
            name="key",
            field=models.SlugField(blank=True, editable=False, null=True, verbose_name="nyckel"),
        ),
        migrations.AddField(
            model_name="historicalagreement",
            name="predecessor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="samverkan.agreement",
                verbose_name="föregående period",
            ),
        ),
        migrations.RunPython(demo_keys, migrations.RunPython.noop),
    ]
