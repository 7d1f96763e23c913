"""Two-factor sign-in: an authenticator app (TOTP, django-otp) and one-time recovery codes.

Anyone may turn it on; a party's signatory and an installation administrator must have it
before they sign or administer (`required_for`, enforced by `two_factor_required` on those
views and by the admin site). A user who has it enters a code after the password: until
then the session is held at the code page (`TwoFactorMiddleware`). Enrolment and every
verified sign-in give the session a new key; enrolment also ends the user's other
sessions, which were opened without the second factor."""

import secrets
from functools import wraps
from urllib.parse import urlencode

import django_otp
import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import security

# Set at login for a user who has a second factor; cleared when they have given a code.
PENDING = "samverkan_two_factor_pending"
# Set when the session gives a code: if the device that verified it is removed later (new
# recovery codes, a lost phone removed), the session is held at the code page again.
WAS_VERIFIED = "samverkan_two_factor_was_verified"
# The app being enrolled in this session (its pk): each session shows a secret of its own.
ENROLLING = "samverkan_two_factor_enrolling"
# The recovery codes just made, shown once on the next page and then forgotten.
NEW_CODES = "samverkan_two_factor_codes"
APP_NAME = "Autentiseringsapp"
CODES_NAME = "Reservkoder"
RECOVERY_CODES = 10

# URL names open to a session held at the code page: the code page itself, logging out,
# the language switch and the public accessibility statement.
OPEN_WHILE_PENDING = {
    "two_factor_verify",
    "logout",
    "set_language",
    "accessibility",
    "accessibility_report",
}
# And, for a superuser who has no app yet, what it takes to enrol one.
OPEN_TO_ENROL = OPEN_WHILE_PENDING | {"two_factor", "two_factor_enrol"}


# --- who has it, who needs it -------------------------------------------------------


def has_two_factor(user) -> bool:
    """The user has a confirmed authenticator app (one query)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def required_for(user) -> bool:
    """Whether the user must sign in with two factors before signing or administering:
    a confirmed signatory of a party, an installation administrator or a superuser."""
    from .lifecycle import is_installation_admin
    from .models import AgreementParty

    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or AgreementParty.objects.filter(signatory_user=user).exists()
        or is_installation_admin(user)
    )


def is_verified(request) -> bool:
    """Signed in with the second factor in this session."""
    user = request.user
    return bool(user.is_authenticated and getattr(user, "is_verified", lambda: False)())


# --- enrolment ----------------------------------------------------------------------


def enrolment_device(request) -> TOTPDevice:
    """The authenticator app being enrolled in this session: an unconfirmed device made
    for the session and reused by it (a reload shows the same QR code). Another session
    (someone else who knows the password, say) never sees its secret: a session without
    one gets a new device, and the user's earlier unconfirmed ones are removed."""
    user = request.user
    pk = request.session.get(ENROLLING)
    device = TOTPDevice.objects.filter(pk=pk, user=user, confirmed=False).first() if pk else None
    if device is None:
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)
        request.session[ENROLLING] = device.pk
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code, drawn here: nothing is fetched
    from elsewhere and the secret never leaves the page."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, dark="#000", light="#fff", omitsize=False
    )


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four: what one types when the QR code cannot be
    scanned (and the QR code's text alternative)."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=CODES_NAME, confirmed=True)
    codes = [_recovery_code() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def _recovery_code() -> str:
    # Ten characters from an alphabet without look-alikes (0/O, 1/l/I), in two groups.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    code = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{code[:5]}-{code[5:]}"


def _normalise(code: str) -> str:
    """What a person types: spaces anywhere, upper case, a recovery code without its dash
    (put back: the codes are stored with it)."""
    code = "".join(code.split()).lower()
    if len(code) == 10 and not code.isdigit() and "-" not in code:
        code = f"{code[:5]}-{code[5:]}"
    return code


@transaction.atomic
def confirm_enrolment(request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with a code from it: the app replaces any earlier one, new recovery
    codes are made (returned, to be shown once), this session counts as verified under a
    new key and every other session of the user ends. None when the code is wrong."""
    user = request.user
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not device.verify_token(_normalise(code)):
        security.log("two_factor_enrol_failed", request, user=user)
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    request.session.pop(ENROLLING, None)
    codes = _new_recovery_codes(user)
    _verified(request, device)
    _end_other_sessions(request)
    security.log("two_factor_enrolled", request, user=user)
    return codes


@transaction.atomic
def renew_recovery_codes(request) -> list[str]:
    codes = _new_recovery_codes(request.user)
    # Whoever signed in elsewhere with an old code (or has one) is logged out.
    _end_other_sessions(request)
    security.log("two_factor_codes_renewed", request, user=request.user)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def turn_off(request) -> None:
    """Remove the app and the recovery codes (the caller has checked the password); refused
    to whoever must have them (a signatory, an administrator)."""
    user = request.user
    if required_for(user):
        raise PermissionDenied
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    request.session.pop(WAS_VERIFIED, None)
    _end_other_sessions(request)
    security.log("two_factor_removed", request, user=user)


# --- signing in ---------------------------------------------------------------------


def hold_at_login(sender, request, user, **kwargs):
    """user_logged_in: a user with a second factor is held at the code page until they
    give a code (one query per login)."""
    session = getattr(request, "session", None)
    if session is not None and has_two_factor(user):
        session[PENDING] = True


def verify(request, code: str) -> bool:
    """Check a code from the app or a recovery code (which is then used up); on success
    the session is verified under a new key. django-otp slows down repeated wrong codes."""
    user = request.user
    code = _normalise(code)
    # Only the kind of device the code is for is tried: a recovery code typed would count
    # as a failure against the app otherwise, and slow the next real code down.
    model = TOTPDevice if code.isdigit() else StaticDevice
    with transaction.atomic():
        candidates = model.objects.devices_for_user(user, confirmed=True).select_for_update()
        device = next((d for d in candidates if d.verify_token(code)), None)
    if device is None:
        security.log("two_factor_failed", request, user=user)
        return False
    _verified(request, device)
    security.log(
        "two_factor_recovery_code_used"
        if isinstance(device, StaticDevice)
        else "two_factor_verified",
        request,
        user=user,
    )
    return True


def _verified(request, device) -> None:
    from .sessions import rotate

    django_otp.login(request, device)
    request.session.pop(PENDING, None)
    request.session[WAS_VERIFIED] = True
    rotate(request)


def _end_other_sessions(request) -> None:
    from .sessions import logout_everywhere

    logout_everywhere(user=request.user, keep=request.session.session_key)


# --- the gates ----------------------------------------------------------------------


def with_next(name: str, target: str) -> str:
    """The URL named `name`, coming back to `target` afterwards."""
    return f"{reverse(name)}?{urlencode({'next': target})}"


def two_factor_required(view):
    """Decorator for what only a verified session may do (signing, administering): a user
    without the second factor is led to enrol, one who has it but has not given a code in
    this session to the code page; both come back here afterwards."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return second_factor_first(request) or view(request, *args, **kwargs)

    return wrapper


def second_factor_first(request, next_url: str | None = None):
    """None for a verified session; else the redirect to the code page or to enrol, back
    to `next_url` (default: this page; a POST-only view names the page it was posted
    from)."""
    if is_verified(request):
        return None
    target = next_url or request.get_full_path()
    if has_two_factor(request.user):
        return redirect(with_next("two_factor_verify", target))
    messages.info(
        request,
        _(
            "Tvåstegsverifiering krävs för det här. Aktivera den med en "
            "autentiseringsapp så kommer du sedan tillbaka."
        ),
    )
    return redirect(with_next("two_factor_enrol", target))


def same_for_everyone(view):
    """Mark a public page that is cached for everyone alike (the medborgarlöften): the
    session is not read for it, so its response does not vary by cookie."""
    view.same_for_everyone = True
    return view


class TwoFactorMiddleware:
    """Holds a session whose user has a second factor but has not given a code yet at the
    code page: every other page redirects there (keeping where they were going)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.conf import settings

        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None  # nobody logged in
        if getattr(view_func, "same_for_everyone", False):
            return None  # a public page shows nothing of anyone, and must not vary by cookie
        session = request.session
        held = session.get(PENDING) or session.get(WAS_VERIFIED)
        superuser = request.user.is_authenticated and request.user.is_superuser
        if not (held or superuser):
            return None  # no query for the many who have no second factor
        if not request.user.is_authenticated or is_verified(request):
            session.pop(PENDING, None)
            return None
        match = request.resolver_match
        view_name = match.view_name if match is not None else ""
        if held:
            if view_name in OPEN_WHILE_PENDING:
                return None
            return self._redirect(request, "two_factor_verify")
        # A superuser may do anything anywhere (guardian grants them every object): not
        # without a second factor, which they enrol before anything else.
        if view_name in OPEN_TO_ENROL:
            return None
        name = "two_factor_verify" if has_two_factor(request.user) else "two_factor_enrol"
        return self._redirect(request, name)

    @staticmethod
    def _redirect(request, name: str):
        url = with_next(name, request.get_full_path())
        if request.headers.get("HX-Request"):
            # An htmx request would swap the code page into a fragment: the whole page goes.
            from django.http import HttpResponse

            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
