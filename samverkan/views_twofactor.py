"""The pages of two-factor sign-in: the account's settings, enrolling an app, the code
page after the password. The rules are in samverkan/twofactor.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import logins, twofactor
from .forms_twofactor import CodeForm, PasswordConfirmForm


def _next(request, default: str = "samverkan:home") -> str:
    """Where to go afterwards: the `next` asked for if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)


@never_cache
@login_required
@require_http_methods(["GET"])
def two_factor(request):
    """The account's two-factor settings; right after enrolment, the recovery codes (shown
    this once)."""
    user = request.user
    return render(
        request,
        "registration/two_factor.html",
        {
            "enabled": twofactor.has_two_factor(user),
            "required": twofactor.required_for(user),
            "codes_left": twofactor.recovery_codes_left(user),
            "new_codes": request.session.pop(twofactor.NEW_CODES, None),
            "next": _next(request, default="two_factor"),
            "off_form": PasswordConfirmForm(user=user),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request):
    """Scan the QR code (or type the secret) into an app and confirm with a code from it."""
    if twofactor.has_two_factor(request.user) and not twofactor.is_verified(request):
        # Replacing the app takes the current one first: a session without a code (its
        # device removed since) must not swap in an app of its own.
        return redirect(twofactor.with_next("two_factor_verify", request.path))
    device = twofactor.enrolment_device(request)
    form = CodeForm(
        request.POST or None,
        help_text=_("Sex siffror från appen, till exempel 123456."),
    )
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_enrolment(request, device, form.cleaned_data["code"])
        if codes is not None:
            request.session[twofactor.NEW_CODES] = codes
            messages.success(request, _("Tvåstegsverifiering är aktiverad."))
            return redirect(twofactor.with_next("two_factor", _next(request)))
        form.add_error(
            "code",
            _(
                "Koden stämmer inte. Kontrollera att klockan i telefonen går rätt och "
                "försök med nästa kod."
            ),
        )
    return render(
        request,
        "registration/two_factor_enrol.html",
        {
            "form": form,
            "qr": twofactor.qr_svg(device),
            "secret": twofactor.secret_text(device),
            "next": _next(request),
            "replacing": twofactor.has_two_factor(request.user),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """The code after the password (or before signing, if the session has none yet)."""
    user = request.user
    if not user.is_authenticated:
        return redirect("login")
    if twofactor.is_verified(request) or not twofactor.has_two_factor(user):
        # Nothing to give a code for (an administrator removed a lost phone, say): not held.
        request.session.pop(twofactor.PENDING, None)
        request.session.pop(twofactor.WAS_VERIFIED, None)
        return redirect(_next(request))
    form = CodeForm(
        request.POST or None,
        help_text=_(
            "Sex siffror från autentiseringsappen, eller en av dina reservkoder "
            "(till exempel abcde-fghjk)."
        ),
    )
    # Wrong codes count with the login's failed passwords (django-axes): whoever has the
    # password gets five guesses an hour at the code, not a million.
    if logins.password_locked(request, user):
        return render(request, "registration/lockout.html", status=429)
    if request.method == "POST" and form.is_valid():
        if twofactor.verify(request, form.cleaned_data["code"]):
            return redirect(_next(request))
        logins.password_failed(request, user)
        form.add_error("code", _("Koden stämmer inte. Vänta på nästa kod och försök igen."))
    return render(
        request, "registration/two_factor_verify.html", {"form": form, "next": _next(request)}
    )


@login_required
@require_POST
def two_factor_codes(request):
    """New recovery codes; the old ones stop working."""
    if gate := twofactor.second_factor_first(request, next_url=resolve_url("two_factor")):
        return gate
    request.session[twofactor.NEW_CODES] = twofactor.renew_recovery_codes(request)
    messages.success(request, _("Nya reservkoder är skapade. De gamla gäller inte längre."))
    return redirect("two_factor")


@login_required
@require_POST
def two_factor_off(request):
    """Turn the second factor off, with the password; twofactor.turn_off refuses it (403)
    to whoever must have it, whom the settings page offers no such form."""
    if gate := twofactor.second_factor_first(request, next_url=resolve_url("two_factor")):
        return gate
    user = request.user
    form = PasswordConfirmForm(request.POST, user=user)
    if not form.is_valid():
        return render(
            request,
            "registration/two_factor.html",
            {
                "enabled": True,
                "required": False,
                "codes_left": twofactor.recovery_codes_left(user),
                "next": resolve_url("two_factor"),
                "off_form": form,
            },
        )
    twofactor.turn_off(request)
    messages.success(request, _("Tvåstegsverifiering är avstängd."))
    return redirect("two_factor")
