"""Passwords that people on municipal machines actually choose and that guessing tries
first: a Swedish word (a season, the municipality, the employer) followed by a year or a
few digits and signs, such as "Sommar2024", "Laholm2024!" or "Polisen123". Django's
CommonPasswordValidator knows English lists only."""

import re
import unicodedata

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .forms import CleanTextMixin

# Lower case, without diacritics (compared after folding å/ä/ö to a/a/o).
SWEDISH_WORDS = {
    "sommar", "vinter", "var", "varen", "host", "hosten", "jul", "julen", "midsommar",
    "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
    "oktober", "november", "december", "mandag", "mandagen", "fredag",
    "losenord", "losen", "hemlig", "hemligt", "valkommen", "valkommen1", "sverige",
    "stockholm", "goteborg", "malmo", "halmstad", "laholm", "halland", "kommun", "kommunen",
    "polis", "polisen", "kriminalvarden", "frivarden", "samverkan", "trygghet", "brotts",
    "qwerty", "qwertyuiop", "asdfgh", "abc", "abcdef", "test", "admin", "password",
    "sommarlov", "sommartid", "solsken", "karlek", "hejhej", "hej",
}  # fmt: skip
# The word's ornaments: digits, spaces and signs before or after it.
_ORNAMENT = re.compile(r"^[\W\d_]*|[\W\d_]*$")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class SwedishCommonPasswordValidator:
    """Refuses a password that is a common Swedish word with digits or signs around it,
    the word repeated, or the municipality's name the same way."""

    def validate(self, password, user=None):
        core = _ORNAMENT.sub("", _fold(password)).replace(" ", "")
        for word in SWEDISH_WORDS:
            if core == word or (core and core == word * (len(core) // max(len(word), 1))):
                raise ValidationError(
                    _(
                        "Lösenordet är ett vanligt ord med siffror, som ”Sommar2024”. "
                        "Välj en mening eller flera ord som inte hör ihop."
                    ),
                    code="password_too_common",
                )

    def get_help_text(self):
        return _("Lösenordet får inte vara ett vanligt ord med ett årtal eller siffror.")


class ResetForm(CleanTextMixin, PasswordResetForm):
    """ "Glömt lösenordet?" that answers alike for every address, in the same time: the
    lookup and the e-mail happen in a task (samverkan.tasks.send_password_reset), and a
    flood of requests for one address is dropped silently (samverkan.throttle)."""

    def save(self, *, domain_override=None, use_https=False, request=None, **kwargs):
        from urllib.parse import urlsplit

        from django.conf import settings
        from django.db import transaction

        from . import throttle
        from .tasks import send_password_reset

        email = self.cleaned_data["email"]
        if not throttle.allow(throttle.key_for("reset-address", email), throttle.RESET_PER_ADDRESS):
            return
        site = urlsplit(settings.SITE_URL)
        domain = domain_override or (request.get_host() if request else site.netloc)
        transaction.on_commit(
            lambda: send_password_reset.enqueue(email, domain, use_https), robust=True
        )


class ResetView(PasswordResetView):
    """Refuses a client that asks too often (429), before any address is looked at."""

    form_class = ResetForm

    def post(self, request, *args, **kwargs):
        from django.conf import settings
        from django.shortcuts import render

        from . import throttle

        # The address the login lockout counts (TRUSTED_PROXY_COUNT aware).
        client = settings.AXES_CLIENT_IP_CALLABLE(request) or "unknown"
        if not throttle.allow(throttle.key_for("reset-client", client), throttle.RESET_PER_CLIENT):
            return render(request, "registration/too_many.html", status=429)
        return super().post(request, *args, **kwargs)
