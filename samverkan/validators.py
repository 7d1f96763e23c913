"""Swedish identity numbers for legal entities."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ORGNR = re.compile(r"^(\d{6})-?(\d{4})$")


def luhn_check_digit(digits: str) -> int:
    """The Luhn (mod 10) check digit used by Skatteverket for 9 leading digits."""
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def normalize_organisation_number(value: str) -> str:
    """Return the number as NNNNNN-NNNN, or raise ValidationError with a reason."""
    match = _ORGNR.match((value or "").strip().replace(" ", ""))
    if not match:
        raise ValidationError(
            _("Ange organisationsnumret som tio siffror, till exempel 212000-1223."),
            code="format",
        )
    digits = match.group(1) + match.group(2)
    # Legal entities have 20 or more in the "month" position; lower is a personal number.
    if int(digits[2:4]) < 20:
        raise ValidationError(
            _(
                "Det här är inte ett organisationsnummer "
                "(tredje och fjärde siffran ska vara minst 20)."
            ),
            code="not_organisation",
        )
    if luhn_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(
            _("Organisationsnumrets kontrollsiffra stämmer inte. Kontrollera numret."),
            code="check_digit",
        )
    return f"{digits[:6]}-{digits[6:]}"


def validate_organisation_number(value: str) -> None:
    normalize_organisation_number(value)
