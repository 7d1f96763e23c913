"""Create or refresh the Laholm agreement's core data (idempotent)."""

from django.db import transaction

from ..models import Agreement, AgreementParty, Annex, Clause, Party
from . import laholm


def upsert(model, defaults: dict, **lookup):
    """update_or_create that saves only what differs, so reloading the demo leaves no
    empty history rows and does not make open edit forms stale."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        return model.objects.create(**{**lookup, **defaults})
    changed = [name for name, value in defaults.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, defaults[name])
        instance.save(update_fields=changed)
    return instance


@transaction.atomic
def load_agreement() -> Agreement:
    agreement = upsert(
        Agreement,
        laholm.AGREEMENT,
        title=laholm.AGREEMENT["title"],
        municipality=laholm.AGREEMENT["municipality"],
    )
    for order, (name, kind, orgnr, address, short, described, signer, signer_title) in enumerate(
        laholm.PARTIES, start=1
    ):
        party = upsert(
            Party, {"name": name, "kind": kind, "address": address}, organisation_number=orgnr
        )
        upsert(
            AgreementParty,
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
        upsert(Annex, {"title": title, "kind": kind}, agreement=agreement, number=number)
    for order, (heading, body) in enumerate(laholm.CLAUSES, start=1):
        upsert(Clause, {"heading": heading, "body": body}, agreement=agreement, order=order)
    agreement.clauses.filter(order__gt=len(laholm.CLAUSES)).delete()
    return agreement
