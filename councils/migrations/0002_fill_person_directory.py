"""People already seated in, substituting in or signing for an agreement belong to its
directory (samverkan 0002 added the directory; the rosters live here)."""

from django.db import migrations


def fill(apps, schema_editor):
    Seat = apps.get_model("councils", "Seat")
    Substitute = apps.get_model("councils", "Substitute")
    AgreementParty = apps.get_model("samverkan", "AgreementParty")
    Person = apps.get_model("samverkan", "Person")
    for seat in Seat.objects.select_related("function__body", "person"):
        seat.person.agreements.add(seat.function.body.agreement_id)
    for sub in Substitute.objects.select_related("seat__function__body", "person"):
        sub.person.agreements.add(sub.seat.function.body.agreement_id)
    for party in AgreementParty.objects.exclude(signatory_user=None):
        person = Person.objects.filter(user_id=party.signatory_user_id).first()
        if person is not None:
            person.agreements.add(party.agreement_id)


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0001_initial"),
        ("samverkan", "0002_person_agreement_directory"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
