"""Passwords that people on municipal machines actually choose and that guessing tries
first: a Swedish word (a season, the municipality, the employer) followed by a year or a
few digits and signs, such as "Sommar2024", "Laholm2024!" or "Polisen123". Django's
CommonPasswordValidator knows English lists only."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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
