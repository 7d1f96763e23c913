"""Who signs for each party: a designation takes effect only when the party confirms it.

The coordinator designates someone at the party (`signatory_designate`). If the party has
a confirmed signatory, that signatory confirms or declines the successor
(`signatory_confirm`, `signatory_decline`). The first time, the designee gets a one-time
link by e-mail and confirms it logged in as themself (`signatory_accept`); then an
installation administrator approves (`signatory_approve`). Until then the designation is
pending and grants nothing: only a confirmed designation sets the party's `signatory_user`,
from which councils/roles.py grants `sign_for_party` (the AgreementParty save is the hook
that recomputes the rights). The coordinator may withdraw a pending designation.

The link's token is in the e-mail only: the database keeps its SHA-256, for seven days,
until it is used, declined or withdrawn.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AgreementParty, SignatoryDesignation
from .services import _save, _send_or_refuse, event_log

State = SignatoryDesignation.State
LINK_VALID_FOR = timedelta(days=7)


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _facts(designation: SignatoryDesignation, **more) -> dict:
    """The event's data: the designee and the party as they are named now."""
    return {
        "person": _name(designation.user),
        "party": designation.agreement_party.short_name,
    } | more


def _log(designation: SignatoryDesignation, by, action: str, **more) -> None:
    event_log(
        agreement=designation.agreement_party.agreement,
        actor=by,
        action=action,
        obj=designation,
        data=_facts(designation, **more),
    )


def _locked(designation: SignatoryDesignation) -> SignatoryDesignation:
    """The designation afresh, its row and its party's row locked (party first, as
    `signatory_designate` locks it), with what the rules and events read."""
    AgreementParty.objects.select_for_update().get(pk=designation.agreement_party_id)
    return (
        SignatoryDesignation.objects.select_for_update(of=("self",))
        .select_related("agreement_party__agreement", "agreement_party__party", "user")
        .get(pk=designation.pk)
    )


def _state_or_refuse(designation: SignatoryDesignation, *states) -> None:
    """Refuse a step the designation is not waiting for (confirmed, withdrawn, or waiting
    for someone else), naming its state."""
    if designation.state not in states:
        raise ValidationError(
            _("Det går inte: utseendet av %(person)s har status ”%(state)s”.")
            % {"person": _name(designation.user), "state": designation.get_state_display()}
        )


def _staff_or_refuse(agreement_party: AgreementParty, user, field: str | None = None) -> None:
    """The designee must work for the party and be in the agreement's people directory."""
    at_party = agreement_party.agreement.people.filter(user=user, party=agreement_party.party_id)
    if user.is_active and at_party.exists():
        return
    message = _("Den som undertecknar måste arbeta hos %(party)s och finnas i personlistan.") % {
        "party": agreement_party.short_name
    }
    raise ValidationError({field: message} if field else message)


def current_signatory(agreement_party: AgreementParty):
    """Who confirms a successor: the party's signatory while their account is active."""
    user = agreement_party.signatory_user
    return user if user is not None and user.is_active else None


def _take_effect(designation: SignatoryDesignation, by, now) -> None:
    """The designee becomes the party's signatory: the earlier confirmed designation is
    replaced, and the party's save recomputes the rights (councils' post_save hook)."""
    for earlier in designation.agreement_party.designations.filter(state=State.CONFIRMED):
        earlier.state = State.REPLACED
        _save(earlier, by, fields=["state"])
    designation.state = State.CONFIRMED
    designation.confirmed_by = by if getattr(by, "pk", None) else None
    designation.confirmed_at = now
    designation.token_hash = ""
    designation.token_expires_at = None
    _save(
        designation,
        by,
        fields=["state", "confirmed_by", "confirmed_at", "token_hash", "token_expires_at"],
    )
    party = designation.agreement_party
    if party.signatory_user_id != designation.user_id:
        party.signatory_user = designation.user
        _save(party, by, fields=["signatory_user"])


def accept_url(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('samverkan:signatory_accept', args=[token])}"


@transaction.atomic
def signatory_designate(
    *, agreement_party: AgreementParty, user, title: str = "", by
) -> SignatoryDesignation:
    """Designate `user` to sign for the party. With a confirmed signatory it waits for
    them; the first time the designee gets a one-time link by e-mail. The raw token is on
    the returned object only (`designation.token`), never stored."""
    agreement_party = (
        AgreementParty.objects.select_for_update(of=("self",))
        .select_related("agreement", "party", "signatory_user")
        .get(pk=agreement_party.pk)
    )
    _staff_or_refuse(agreement_party, user, "user")
    if agreement_party.signatory_user_id == user.pk:
        raise ValidationError(
            {
                "user": _("%(person)s undertecknar redan för %(party)s.")
                % {"person": _name(user), "party": agreement_party.short_name}
            }
        )
    if agreement_party.designations.filter(state__in=SignatoryDesignation.PENDING_STATES).exists():
        raise ValidationError(
            _(
                "%(party)s har redan ett utseende som väntar på bekräftelse. "
                "Återkalla det först om någon annan ska utses."
            )
            % {"party": agreement_party.short_name}
        )
    title = title.strip() or getattr(getattr(user, "person", None), "title", "")
    now = timezone.now()
    designation = SignatoryDesignation(
        agreement_party=agreement_party,
        user=user,
        title=title,
        designated_by=by if getattr(by, "pk", None) else None,
        designated_at=now,
    )
    token = None
    if current_signatory(agreement_party) is not None:
        designation.state = State.AWAITING_SIGNATORY
    else:
        token = secrets.token_urlsafe(32)
        designation.state = State.AWAITING_DESIGNEE
        designation.token_hash = _hash(token)
        designation.token_expires_at = now + LINK_VALID_FOR
    _save(designation, by)
    _log(designation, by, "samverkan.signatory.designated")
    if token is not None:
        agreement = agreement_party.agreement
        _send_or_refuse(
            subject=_("Bekräfta att du undertecknar för %(party)s – %(agreement)s")
            % {"party": agreement_party.short_name, "agreement": agreement.title},
            template="samverkan/email/signatory_designation.txt",
            context={
                "designation": designation,
                "agreement": agreement,
                "party": agreement_party,
                "name": _name(user),
                "by": _name(by) if getattr(by, "pk", None) else "",
                "link": accept_url(token),
                "expires": timezone.localtime(designation.token_expires_at),
            },
            to=user.email,
        )
    designation.token = token
    return designation


def designation_for_token(*, token: str, user) -> SignatoryDesignation | None:
    """The designation awaiting `user` whose link carries `token`, expired or not; None
    for a link of someone else's, used, declined or withdrawn (nothing is revealed)."""
    if not (token and getattr(user, "pk", None)):
        return None
    wanted = _hash(token)
    found = None
    candidates = SignatoryDesignation.objects.filter(
        user=user, state=State.AWAITING_DESIGNEE
    ).exclude(token_hash="")
    for designation in candidates.select_related(
        "agreement_party__agreement", "agreement_party__party", "designated_by"
    ):
        # Every candidate is compared, in constant time, whichever matches.
        if hmac.compare_digest(designation.token_hash, wanted):
            found = designation
    return found


def link_expired(designation: SignatoryDesignation, now=None) -> bool:
    expires = designation.token_expires_at
    return expires is None or (now or timezone.now()) >= expires


@transaction.atomic
def signatory_accept(*, token: str, by) -> SignatoryDesignation:
    """The designee confirms through their link, logged in as themself; an installation
    administrator approves next. The link works once."""
    designation = designation_for_token(token=token, user=by)
    if designation is None:
        raise ValidationError(_("Länken gäller inte längre."))
    designation = _locked(designation)
    _state_or_refuse(designation, State.AWAITING_DESIGNEE)
    now = timezone.now()
    if link_expired(designation, now):
        raise ValidationError(_("Länken har gått ut. Be den som utsåg dig att göra om utseendet."))
    _staff_or_refuse(designation.agreement_party, designation.user)
    designation.state = State.AWAITING_ADMIN
    designation.designee_confirmed_at = now
    designation.token_hash = ""
    designation.token_expires_at = None
    _save(
        designation,
        by,
        fields=["state", "designee_confirmed_at", "token_hash", "token_expires_at"],
    )
    _log(designation, by, "samverkan.signatory.designee_confirmed")
    return designation


def is_current_signatory(agreement_party: AgreementParty, user, *, may_sign: bool) -> bool:
    """Whether `user` is the party's signatory and holds the right to sign for it
    (`may_sign`, asked of guardian by the caller: views ask request.rights)."""
    return may_sign and user.is_active and agreement_party.signatory_user_id == user.pk


@transaction.atomic
def signatory_confirm(*, designation: SignatoryDesignation, by) -> SignatoryDesignation:
    """The party's current signatory confirms their successor, who signs from now on."""
    designation = _locked(designation)
    party = designation.agreement_party
    if not is_current_signatory(party, by, may_sign=by.has_perm("samverkan.sign_for_party", party)):
        raise PermissionDenied
    _state_or_refuse(designation, State.AWAITING_SIGNATORY)
    _staff_or_refuse(party, designation.user)
    _take_effect(designation, by, timezone.now())
    _log(designation, by, "samverkan.signatory.confirmed", confirmed_by=_name(by))
    return designation


@transaction.atomic
def signatory_approve(*, designation: SignatoryDesignation, by) -> SignatoryDesignation:
    """An installation administrator approves a first designation the designee has
    confirmed: the designee signs for the party from now on."""
    from .lifecycle import is_installation_admin

    if not is_installation_admin(by):
        raise PermissionDenied
    designation = _locked(designation)
    _state_or_refuse(designation, State.AWAITING_ADMIN)
    if by.pk in (designation.user_id, designation.designated_by_id):
        # Someone else approves: the designee (or whoever designated them) cannot make
        # their own designation take effect.
        raise ValidationError(
            _("Någon annan administratör än den utsedda och den som utsåg godkänner utseendet.")
        )
    _staff_or_refuse(designation.agreement_party, designation.user)
    _take_effect(designation, by, timezone.now())
    _log(designation, by, "samverkan.signatory.approved", confirmed_by=_name(by))
    return designation


def _close(designation: SignatoryDesignation, by, state: str) -> None:
    designation.state = state
    designation.token_hash = ""
    designation.token_expires_at = None
    _save(designation, by, fields=["state", "token_hash", "token_expires_at"])


@transaction.atomic
def signatory_withdraw(*, designation: SignatoryDesignation, by) -> SignatoryDesignation:
    """The coordinator withdraws a pending designation; its link stops working."""
    designation = _locked(designation)
    _state_or_refuse(designation, *SignatoryDesignation.PENDING_STATES)
    _close(designation, by, State.WITHDRAWN)
    _log(designation, by, "samverkan.signatory.withdrawn")
    return designation


def may_decline(designation: SignatoryDesignation, user, *, may_sign: bool, is_admin: bool):
    """Whoever the designation waits for may decline it: the party's current signatory,
    the designee, or an installation administrator."""
    if designation.state == State.AWAITING_SIGNATORY:
        return is_current_signatory(designation.agreement_party, user, may_sign=may_sign)
    if designation.state == State.AWAITING_DESIGNEE:
        return user.is_active and designation.user_id == user.pk
    if designation.state == State.AWAITING_ADMIN:
        return is_admin
    return False


@transaction.atomic
def signatory_decline(*, designation: SignatoryDesignation, by) -> SignatoryDesignation:
    """Whoever the designation waits for declines it; nothing changes for the party."""
    from .lifecycle import is_installation_admin

    designation = _locked(designation)
    _state_or_refuse(designation, *SignatoryDesignation.PENDING_STATES)
    allowed = may_decline(
        designation,
        by,
        may_sign=by.has_perm("samverkan.sign_for_party", designation.agreement_party),
        is_admin=is_installation_admin(by),
    )
    if not allowed:
        raise PermissionDenied
    _close(designation, by, State.DECLINED)
    _log(designation, by, "samverkan.signatory.declined", declined_by=_name(by))
    return designation


def signatory_carry_over(*, old: AgreementParty, new: AgreementParty, by):
    """A renewal's party keeps the confirmed signatory of the period before: their
    confirmation is copied, with the history row saying where it came from."""
    if not new.signatory_user_id:
        return None
    source = (
        old.designations.filter(state=State.CONFIRMED, user_id=new.signatory_user_id)
        .order_by("-confirmed_at", "-pk")
        .first()
    )
    if source is None:
        # Never confirmed by the party (set before designations existed): the renewal does
        # not make it a confirmation; the new period's party designates its signatory.
        new.signatory_user = None
        _save(new, by, fields=["signatory_user"])
        return None
    now = timezone.now()
    designation = SignatoryDesignation(
        agreement_party=new,
        user_id=new.signatory_user_id,
        title=source.title if source else old.signatory_title,
        state=State.CONFIRMED,
        designated_by_id=source.designated_by_id if source else None,
        designated_at=source.designated_at if source else now,
        designee_confirmed_at=source.designee_confirmed_at if source else None,
        confirmed_by_id=source.confirmed_by_id if source else None,
        confirmed_at=source.confirmed_at if source else now,
    )
    designation._change_reason = (_("Överförd från %(title)s") % {"title": old.agreement.title})[
        :100
    ]
    return _save(designation, by)
