"""State changes of the core domain. Each runs in one transaction and checks its rules."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Agreement, AgreementParty, Event, Party
from .validators import normalize_organisation_number


def event_log(*, agreement: Agreement, actor, message: str) -> Event:
    """Record a readable business event in the agreement's log."""
    return Event.objects.create(
        agreement=agreement, actor=actor if getattr(actor, "pk", None) else None, message=message
    )


def version_of(instance) -> int:
    """The object's current version: its latest history row, 0 if it has none."""
    latest = instance.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return latest or 0


def version_check(*, instance, expected: int | None) -> None:
    """Refuse to overwrite a change someone else saved after this user opened the form."""
    if expected is not None and version_of(instance) != expected:
        raise ValidationError(
            _(
                "Någon annan har ändrat uppgifterna sedan du öppnade formuläret. "
                "Ladda om sidan och gör din ändring igen."
            ),
            code="stale",
        )


def _save(instance, by):
    instance._history_user = by if getattr(by, "pk", None) else None
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def agreement_update(
    *, agreement: Agreement, by, expected_version: int | None = None, **fields
) -> Agreement:
    """Change the agreement's register data (title, validity, signing place and date, status)."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    version_check(instance=agreement, expected=expected_version)
    for name, value in fields.items():
        setattr(agreement, name, value)
    _save(agreement, by)
    event_log(agreement=agreement, actor=by, message=_("Överenskommelsens uppgifter ändrades"))
    return agreement


@transaction.atomic
def agreement_party_update(
    *,
    agreement_party: AgreementParty,
    by,
    expected_version: int | None = None,
    name: str,
    organisation_number: str,
    address: str,
    short_name: str,
    party_description: str,
    signatory_name: str,
    signatory_title: str,
    signatory_user=None,
) -> AgreementParty:
    """Change a party's details and who signs for it in this agreement."""
    agreement_party = (
        AgreementParty.objects.select_for_update()
        .select_related("party")
        .get(pk=agreement_party.pk)
    )
    version_check(instance=agreement_party, expected=expected_version)
    party: Party = agreement_party.party
    try:
        organisation_number = normalize_organisation_number(organisation_number)
    except ValidationError as exc:
        raise ValidationError({"organisation_number": exc.messages}) from exc
    party.name, party.organisation_number, party.address = name, organisation_number, address
    _save(party, by)
    agreement_party.short_name = short_name
    agreement_party.party_description = party_description
    agreement_party.signatory_name = signatory_name
    agreement_party.signatory_title = signatory_title
    agreement_party.signatory_user = signatory_user
    _save(agreement_party, by)
    event_log(
        agreement=agreement_party.agreement,
        actor=by,
        message=_("Uppgifterna för %(party)s ändrades") % {"party": agreement_party.short_name},
    )
    return agreement_party
