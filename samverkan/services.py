"""State changes of the core domain. Each runs in one transaction and checks its rules."""

from smtplib import SMTPException

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Agreement, AgreementParty, Event, Party, Person
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


# Checks that higher apps register (samverkan cannot import them) to refuse a change of
# the agreement's period that would leave their data outside it. Each takes the
# agreement with its new dates and raises ValidationError on valid_from / valid_to.
AGREEMENT_PERIOD_CHECKS: list = []


@transaction.atomic
def agreement_update(
    *, agreement: Agreement, by, expected_version: int | None = None, **fields
) -> Agreement:
    """Change the agreement's register data (title, validity, signing place and date, status)."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    version_check(instance=agreement, expected=expected_version)
    for name, value in fields.items():
        setattr(agreement, name, value)
    agreement.full_clean()
    for check in AGREEMENT_PERIOD_CHECKS:
        check(agreement)
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
    new_details = (name, organisation_number, address)
    if new_details != (party.name, party.organisation_number, party.address):
        # An organisation that is party to other agreements too is shared data: one
        # municipality's coordinator must not rewrite what another agreement shows.
        if party.agreements.exclude(agreement_id=agreement_party.agreement_id).exists():
            raise ValidationError(
                _(
                    "%(party)s är part även i andra överenskommelser. Namn, "
                    "organisationsnummer och adress ändras därför av systemförvaltaren."
                )
                % {"party": party.name}
            )
        party.name, party.organisation_number, party.address = new_details
        _save(party, by)
    if (
        signatory_user is not None
        and not agreement_party.agreement.people.filter(
            user=signatory_user, party=agreement_party.party
        ).exists()
    ):
        raise ValidationError(
            {
                "signatory_user": _(
                    "Den som undertecknar måste arbeta hos parten och finnas i personlistan."
                )
            }
        )
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


def _send_or_refuse(*, subject: str, template: str, context: dict, to: str) -> None:
    """Send now, inside the caller's transaction: if the mail server refuses, the whole
    change is rolled back and the user sees why, with the form as they typed it."""
    try:
        send_mail(
            subject=subject,
            message=render_to_string(template, context),
            from_email=None,
            recipient_list=[to],
        )
    except (SMTPException, OSError) as exc:
        raise ValidationError(
            _("E-postmeddelandet kunde inte skickas (%(reason)s). Inget har sparats; försök igen.")
            % {"reason": exc}
        ) from exc


def person_directory_add(*, person: Person, agreement: Agreement, by=None) -> bool:
    """Put a person in an agreement's directory; False if they already were (no history row)."""
    if person.agreements.filter(pk=agreement.pk).exists():
        return False
    person._history_user = by if getattr(by, "pk", None) else None
    person.agreements.add(agreement)
    return True


def _unique_username(email: str) -> str:
    from django.contrib.auth import get_user_model

    base = slugify(email.split("@")[0]) or "anvandare"
    username, n = base, 1
    while get_user_model().objects.filter(username=username).exists():
        n += 1
        username = f"{base}{n}"
    return username


@transaction.atomic
def person_invite(
    *,
    agreement: Agreement,
    first_name: str,
    last_name: str,
    email: str,
    agreement_party: AgreementParty,
    title: str = "",
    by,
    login_url: str,
) -> Person:
    """Create an account for someone at one of the agreement's parties and e-mail them
    a link to choose their own password (nobody else ever knows it)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.tokens import default_token_generator

    if agreement_party.agreement_id != agreement.pk:
        raise ValidationError({"agreement_party": _("Välj en av överenskommelsens parter.")})
    email = email.strip().lower()
    User = get_user_model()
    existing = User.objects.filter(email__iexact=email).select_related("person").first()
    if existing is not None:
        person = getattr(existing, "person", None)
        # Someone who already works with another agreement (a police officer covering two
        # municipalities, say) joins this one's directory instead of getting a second account.
        if person is None or person.party_id != agreement_party.party_id:
            raise ValidationError(
                {"email": _("E-postadressen hör till ett konto hos en annan organisation.")}
            )
        if not person_directory_add(person=person, agreement=agreement, by=by):
            raise ValidationError(
                {"email": _("Personen finns redan i den här överenskommelsens personlista.")}
            )
        _send_or_refuse(
            subject=_("Du har lagts till i Samverkan – %(agreement)s")
            % {"agreement": agreement.title},
            template="samverkan/email/added.txt",
            context={
                "person": person,
                "agreement": agreement,
                "by": by,
                "username": existing.username,
            },
            to=existing.email,
        )
        event_log(
            agreement=agreement,
            actor=by,
            message=_("%(person)s (%(party)s) lades till i personlistan")
            % {"person": person.name, "party": agreement_party.short_name},
        )
        return person
    user = User(
        username=_unique_username(email), first_name=first_name, last_name=last_name, email=email
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    person = _save(Person(user=user, party=agreement_party.party, title=title), by)
    person_directory_add(person=person, agreement=agreement, by=by)
    link = login_url.format(
        uid=urlsafe_base64_encode(force_bytes(user.pk)),
        token=default_token_generator.make_token(user),
    )
    _send_or_refuse(
        subject=_("Välkommen till Samverkan – %(agreement)s") % {"agreement": agreement.title},
        template="samverkan/email/invitation.txt",
        context={
            "person": person,
            "agreement": agreement,
            "link": link,
            "by": by,
            "username": user.username,
        },
        to=email,
    )
    event_log(
        agreement=agreement,
        actor=by,
        message=_("%(person)s (%(party)s) fick ett konto och en inbjudan per e-post")
        % {"person": person.name, "party": agreement_party.short_name},
    )
    return person
