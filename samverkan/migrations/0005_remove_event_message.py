from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("samverkan", "0004_event_message_into_data")]

    operations = [
        # A default first, so that unapplying can add the column back to existing rows.
        migrations.AlterField(
            model_name="event",
            name="message",
            field=models.CharField(default="", max_length=500, verbose_name="händelse"),
        ),
        migrations.RemoveField(model_name="event", name="message"),
    ]
