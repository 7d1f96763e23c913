"""State changes of the core domain. Each runs in one transaction and checks its rules."""

import json
from datetime import date
from smtplib import SMTPException

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import events, throttle
from .models import Agreement, AgreementParty, Event, Party, Person, PersonInvitation
from .validators import normalize_organisation_number


def event_log(
    *, agreement: Agreement, actor, action: str, obj=None, data: dict | None = None
) -> Event:
    """Record a business event: its action code, the object it is about and the facts as
    they are now (names, dates), so that it reads the same later in any language."""
    if not events.is_registered(action):
        raise ValueError(f"Register how {action!r} reads in the app's events module first.")
    return Event.objects.create(
        agreement=agreement,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=obj.pk if obj is not None else None,
        # Stored as JSON reads it back (dates as ISO text), also on the returned event.
        data=json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder)),
    )


def _plain(value):
    """A field's value as an event records it: an object by its name, a date as ISO text."""
    if hasattr(value, "get_full_name"):  # a user, named as people are in the log
        return value.get_full_name() or value.get_username()
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def fields_check(*, service: str, fields: dict, allowed) -> None:
    """Refuse a field the service does not change (a typo, or a move such as a function
    to another body, which would bypass that service's rules)."""
    refused = sorted(set(fields) - set(allowed))
    if refused:
        raise TypeError(f"{service}() does not change {', '.join(refused)}.")


def changes_apply(instance, fields: dict) -> dict:
    """Set the fields whose value differs; return them as {name: {"old": …, "new": …}}."""
    changes = {}
    for name, value in fields.items():
        old = getattr(instance, name)
        if old != value:
            changes[name] = {"old": _plain(old), "new": _plain(value)}
            setattr(instance, name, value)
    return changes


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


def _save(instance, by, fields=None):
    """Validate and save with the acting user on the history row; `fields` limits the
    UPDATE to what changed."""
    instance._history_user = by if getattr(by, "pk", None) else None
    instance.full_clean()
    instance.save(update_fields=fields)
    return instance


# Checks that higher apps register (samverkan cannot import them) to refuse a change of
# the agreement's period that would leave their data outside it. Each takes the
# agreement with its new dates and raises ValidationError on valid_from / valid_to.
AGREEMENT_PERIOD_CHECKS: list = []

# The register data an edit may change; parties, clauses and annexes have services of their own.
AGREEMENT_FIELDS = (
    "title",
    "municipality",
    "valid_from",
    "valid_to",
    "signed_place",
    "signed_on",
    "status",
)


@transaction.atomic
def agreement_update(
    *, agreement: Agreement, by, expected_version: int | None = None, **fields
) -> Agreement:
    """Change the agreement's register data (any of AGREEMENT_FIELDS); saves and logs
    nothing when nothing differs."""
    fields_check(service="agreement_update", fields=fields, allowed=AGREEMENT_FIELDS)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    version_check(instance=agreement, expected=expected_version)
    changes = changes_apply(agreement, fields)
    if not changes:
        return agreement
    agreement.full_clean()
    for check in AGREEMENT_PERIOD_CHECKS:
        check(agreement)
    _save(agreement, by, fields=list(changes))
    event_log(
        agreement=agreement,
        actor=by,
        action="samverkan.agreement.changed",
        obj=agreement,
        data={"title": agreement.title, "changes": changes},
    )
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
) -> AgreementParty:
    """Change a party's details and its signatory as the agreement's text names them;
    saves and logs nothing when nothing differs. Who signs in the app is designated and
    confirmed by the party apart (samverkan/signatories.py)."""
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
    known_as = party.name
    party_changes = changes_apply(
        party, {"name": name, "organisation_number": organisation_number, "address": address}
    )
    # An organisation that is party to another municipality's agreement too (the Police)
    # is shared data: one municipality's coordinator must not rewrite what another
    # municipality's agreement shows. The same municipality's other periods are its own.
    if (
        party_changes
        and party.agreements.exclude(
            agreement__municipality=agreement_party.agreement.municipality
        ).exists()
    ):
        raise ValidationError(
            _(
                "%(party)s är part även i andra överenskommelser. Namn, "
                "organisationsnummer och adress ändras därför av systemförvaltaren."
            )
            % {"party": known_as}
        )
    changes = changes_apply(
        agreement_party,
        {
            "short_name": short_name,
            "party_description": party_description,
            "signatory_name": signatory_name,
            "signatory_title": signatory_title,
        },
    )
    if party_changes:
        # Other agreements share the organisation; its history row says whose change it is.
        party._history_agreement = agreement_party.agreement
        _save(party, by, fields=list(party_changes))
    if changes:
        _save(agreement_party, by, fields=list(changes))
    if party_changes or changes:
        event_log(
            agreement=agreement_party.agreement,
            actor=by,
            action="samverkan.agreement_party.changed",
            obj=agreement_party,
            data={"party": agreement_party.short_name, "changes": party_changes | changes},
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


def address_refused(party) -> str:
    """Why an address cannot be used for someone at `party`, revealing nothing else."""
    return _("E-postadressen kan inte användas här. Ange personens e-postadress hos %(party)s.") % {
        "party": party.name
    }


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
    ask_existing: bool = True,
) -> Person | None:
    """Invite someone at one of the agreement's parties: a new address gets an account and
    an e-mail with a link to choose their own password (nobody else ever knows it); an
    address that has an account gets an invitation its owner accepts from their own login
    (see `invitation_accept`), and None is returned. The coordinator is told the same in
    both cases, so the form reveals no account. `ask_existing=False` adds an account of the
    party at once: for the installation administrator's wizard, who sees every account."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.tokens import default_token_generator

    if agreement_party.agreement_id != agreement.pk:
        raise ValidationError({"agreement_party": _("Välj en av överenskommelsens parter.")})
    # Inside the transaction: an invitation refused further down is not counted.
    if getattr(by, "pk", None) and not throttle.allow(
        throttle.key_for("invite", str(by.pk)), throttle.INVITATIONS_PER_USER
    ):
        raise ValidationError(
            _("Du har skickat många inbjudningar på kort tid. Vänta en stund och försök igen.")
        )
    email = email.strip().lower()
    User = get_user_model()
    existing = User.objects.filter(email__iexact=email).select_related("person").first()
    if existing is not None:
        # An address with an account (a police officer covering two municipalities, say,
        # or someone of another organisation entirely): its owner is asked, from their own
        # login, and the coordinator learns nothing about the account meanwhile.
        person = getattr(existing, "person", None)
        if person is not None and person.agreements.filter(pk=agreement.pk).exists():
            # Only what the coordinator already sees in the agreement's people list.
            raise ValidationError(
                {"email": _("Personen finns redan i den här överenskommelsens personlista.")}
            )
        if not ask_existing:
            return _add_existing(
                agreement=agreement, agreement_party=agreement_party, user=existing, by=by
            )
        _invite_existing(
            agreement=agreement,
            agreement_party=agreement_party,
            email=email,
            first_name=first_name,
            last_name=last_name,
            title=title,
            by=by,
        )
        return None
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
    _log_invitation(agreement, agreement_party, f"{first_name} {last_name}", by)
    return person


def _add_existing(*, agreement, agreement_party, user, by) -> Person:
    person = getattr(user, "person", None)
    if person is None or person.party_id != agreement_party.party_id:
        raise ValidationError({"email": address_refused(agreement_party.party)})
    person_directory_add(person=person, agreement=agreement, by=by)
    _send_or_refuse(
        subject=_("Du har lagts till i Samverkan – %(agreement)s") % {"agreement": agreement.title},
        template="samverkan/email/added.txt",
        context={"person": person, "agreement": agreement, "by": by, "username": user.username},
        to=user.email,
    )
    event_log(
        agreement=agreement,
        actor=by,
        action="samverkan.person.added",
        obj=person,
        data={"person": person.name, "party": agreement_party.short_name},
    )
    return person


def _invite_existing(*, agreement, agreement_party, email, first_name, last_name, title, by):
    if PersonInvitation.objects.open().filter(agreement=agreement, email__iexact=email).exists():
        raise ValidationError(
            {"email": _("En inbjudan till den här adressen väntar redan på svar.")}
        )
    invitation = PersonInvitation(
        agreement=agreement,
        agreement_party=agreement_party,
        email=email,
        first_name=first_name,
        last_name=last_name,
        title=title,
        invited_by=by if getattr(by, "pk", None) else None,
    )
    _save(invitation, by)
    _send_or_refuse(
        subject=_("Inbjudan till Samverkan – %(agreement)s") % {"agreement": agreement.title},
        template="samverkan/email/invitation_existing.txt",
        context={
            "invitation": invitation,
            "agreement": agreement,
            "by": by,
            "link": settings.SITE_URL + reverse("account_invitations"),
        },
        to=email,
    )
    _log_invitation(agreement, agreement_party, invitation.typed_name, by)
    return invitation


def _log_invitation(agreement, agreement_party, typed_name: str, by) -> None:
    """One event, alike whether the address had an account or not: every member reads the
    agreement's events, so it holds only what the coordinator typed."""
    event_log(
        agreement=agreement,
        actor=by,
        action="samverkan.person.invitation_sent",
        obj=agreement_party,
        data={"person": typed_name.strip(), "party": agreement_party.short_name},
    )


def _open_invitation(invitation: PersonInvitation, user) -> PersonInvitation:
    """The invitation locked for an answer, if it is the user's and still open."""
    found = (
        PersonInvitation.objects.open()
        .for_user(user)
        .select_for_update()
        .filter(pk=invitation.pk)
        .first()
    )
    if found is None:
        raise ValidationError(_("Inbjudan är redan besvarad eller har gått ut."))
    return found


def _answer(invitation: PersonInvitation, state: str, user) -> None:
    invitation.state = state
    invitation.answered_at = timezone.now()
    _save(invitation, user, fields=["state", "answered_at"])


@transaction.atomic
def invitation_accept(*, invitation: PersonInvitation, user) -> Person:
    """The owner of the invited address joins the agreement's people list, as the person
    they are: only for the organisation their account belongs to."""
    invitation = _open_invitation(invitation, user)
    person = getattr(user, "person", None)
    party = invitation.agreement_party
    if person is None or person.party_id != party.party_id:
        raise ValidationError(
            _(
                "Inbjudan gäller dig som anställd hos %(party)s, men ditt konto hör inte dit. "
                "Be samordnaren som bjöd in dig att använda din adress hos %(party)s."
            )
            % {"party": party.party.name}
        )
    person_directory_add(person=person, agreement=invitation.agreement, by=user)
    _answer(invitation, PersonInvitation.State.ACCEPTED, user)
    event_log(
        agreement=invitation.agreement,
        actor=user,
        action="samverkan.person.added",
        obj=person,
        data={"person": person.name, "party": party.short_name},
    )
    return person


@transaction.atomic
def invitation_decline(*, invitation: PersonInvitation, user) -> None:
    invitation = _open_invitation(invitation, user)
    # No event: the agreement's members read its events, and a person outside it who says
    # no is not their business; the invitation's history keeps the answer.
    _answer(invitation, PersonInvitation.State.DECLINED, user)
