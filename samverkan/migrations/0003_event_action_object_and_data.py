import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("samverkan", "0002_person_agreement_directory"),
    ]

    operations = [
        # Rows written so far hold a sentence only: they become legacy events (see 0004).
        migrations.AddField(
            model_name="event",
            name="action",
            field=models.CharField(
                db_index=True,
                default="samverkan.legacy",
                max_length=100,
                verbose_name="händelsekod",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="event",
            name="content_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="objekttyp",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="object_id",
            field=models.PositiveBigIntegerField(
                blank=True, null=True, verbose_name="objektets id"
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="data",
            field=models.JSONField(blank=True, default=dict, verbose_name="uppgifter"),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["content_type", "object_id"], name="event_object"),
        ),
    ]
