"""Create or refresh the Laholm agreement's core data (idempotent)."""

from django.db import transaction

from ..models import Agreement, AgreementParty, Annex, Clause, Party
from . import laholm


@transaction.atomic
def load_agreement() -> Agreement:
    agreement, _ = Agreement.objects.update_or_create(
        title=laholm.AGREEMENT["title"],
        municipality=laholm.AGREEMENT["municipality"],
        defaults=laholm.AGREEMENT,
    )
    for order, (name, kind, orgnr, address, short, described, signer, signer_title) in enumerate(
        laholm.PARTIES, start=1
    ):
        party, _ = Party.objects.update_or_create(
            organisation_number=orgnr, defaults={"name": name, "kind": kind, "address": address}
        )
        AgreementParty.objects.update_or_create(
            agreement=agreement,
            party=party,
            defaults={
                "short_name": short,
                "party_description": described,
                "order": order,
                "signatory_name": signer,
                "signatory_title": signer_title,
            },
        )
    for number, title, kind in laholm.ANNEXES:
        Annex.objects.update_or_create(
            agreement=agreement, number=number, defaults={"title": title, "kind": kind}
        )
    for order, (heading, body) in enumerate(laholm.CLAUSES, start=1):
        Clause.objects.update_or_create(
            agreement=agreement, order=order, defaults={"heading": heading, "body": body}
        )
    agreement.clauses.filter(order__gt=len(laholm.CLAUSES)).delete()
    return agreement
