from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0002_fill_person_directory"),
    ]

    operations = [
        migrations.AlterField(
            model_name="function",
            name="title",
            field=models.CharField(
                help_text="Till exempel ”Kommunpolis”.", max_length=200, verbose_name="funktion"
            ),
        ),
        migrations.AlterField(
            model_name="historicalfunction",
            name="title",
            field=models.CharField(
                help_text="Till exempel ”Kommunpolis”.", max_length=200, verbose_name="funktion"
            ),
        ),
        migrations.AlterField(
            model_name="seat",
            name="valid_to",
            field=models.DateField(
                blank=True,
                help_text="Lämna tomt om uppdraget gäller tills vidare.",
                null=True,
                verbose_name="till och med",
            ),
        ),
        migrations.AlterField(
            model_name="historicalseat",
            name="valid_to",
            field=models.DateField(
                blank=True,
                help_text="Lämna tomt om uppdraget gäller tills vidare.",
                null=True,
                verbose_name="till och med",
            ),
        ),
    ]
