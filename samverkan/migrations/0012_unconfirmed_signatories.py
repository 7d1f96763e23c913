"""A signatory set before designations existed was never confirmed by their party: from
now on only a confirmed designation lets someone sign (samverkan/signatories.py), so such a
signatory is cleared and the party designates again. The rights follow at the next
`syncroles`. The printed name and title of the signatory stay as they are."""

from django.db import migrations


def clear_unconfirmed(apps, schema_editor):
    AgreementParty = apps.get_model("samverkan", "AgreementParty")
    Designation = apps.get_model("samverkan", "SignatoryDesignation")
    confirmed = set(
        Designation.objects.filter(state="confirmed").values_list("agreement_party_id", "user_id")
    )
    unconfirmed = [
        party.pk
        for party in AgreementParty.objects.exclude(signatory_user=None).only(
            "pk", "signatory_user_id"
        )
        if (party.pk, party.signatory_user_id) not in confirmed
    ]
    AgreementParty.objects.filter(pk__in=unconfirmed).update(signatory_user=None)


class Migration(migrations.Migration):
    dependencies = [("samverkan", "0011_login_sessions")]

    operations = [migrations.RunPython(clear_unconfirmed, migrations.RunPython.noop)]
