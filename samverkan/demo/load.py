"""Create or refresh the Laholm agreements' core data (idempotent)."""

from types import ModuleType

from django.db import transaction

from ..models import Agreement, AgreementParty, Annex, Clause, Party
from . import laholm, laholm_renewal

# The signed agreement 2024–2026 (history once it has ended) and its renewal 2027–2029.
AGREEMENTS: list[ModuleType] = [laholm, laholm_renewal]


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
def load_agreement(source: ModuleType = laholm) -> Agreement:
    """One agreement as `source` (laholm or laholm_renewal) describes it."""
    defaults = dict(source.AGREEMENT)
    if getattr(source, "PREDECESSOR", None):
        # The period it renews ("föregående period"), loaded before it.
        defaults["predecessor"] = Agreement.objects.get(key=source.PREDECESSOR)
    # Found by its key, which no edit in the app changes (the coordinator may retitle it
    # or move its dates), so a reload restores the demo instead of adding an agreement.
    agreement = upsert(Agreement, defaults, key=source.KEY)
    for order, (name, kind, orgnr, address, short, described, signer, signer_title) in enumerate(
        source.PARTIES, start=1
    ):
        existing = agreement.parties.filter(order=order).select_related("party").first()
        details = {"name": name, "kind": kind, "address": address, "organisation_number": orgnr}
        if existing is not None:
            party = upsert(Party, details, pk=existing.party_id)
        else:
            party = upsert(Party, details, organisation_number=orgnr)
        upsert(
            AgreementParty,
            agreement=agreement,
            order=order,
            defaults={
                "party": party,
                "short_name": short,
                "party_description": described,
                "signatory_name": signer,
                "signatory_title": signer_title,
            },
        )
    for number, title, kind in source.ANNEXES:
        upsert(Annex, {"title": title, "kind": kind}, agreement=agreement, number=number)
    for order, (heading, body) in enumerate(source.CLAUSES, start=1):
        upsert(Clause, {"heading": heading, "body": body}, agreement=agreement, order=order)
    agreement.clauses.filter(order__gt=len(source.CLAUSES)).delete()
    return agreement
