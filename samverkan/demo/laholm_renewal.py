"""The renewal of the Laholm agreement for 2027–2029, being prepared: a draft, not signed.

The same parties, signatories and text as the 2024–2026 agreement (laholm.py); only the
period, and the citizen promise that belongs to it, are those of the new agreement.
"""

from datetime import date

from . import laholm

KEY = "laholm-2027-2029"
PREDECESSOR = laholm.KEY  # the period it renews

AGREEMENT = {
    "title": "Samverkansöverenskommelse 2027–2029",
    "municipality": laholm.AGREEMENT["municipality"],
    "valid_from": date(2027, 1, 1),
    "valid_to": date(2029, 12, 31),
    "signed_place": "",
    "signed_on": None,
    "status": "draft",
}

PARTIES = laholm.PARTIES

# (as written in the 2024–2026 agreement, as the renewal words it)
_RENEWED = [
    (
        "från och med 2024-01-01 till och med 2026-12-31",
        "från och med 2027-01-01 till och med 2029-12-31",
    ),
    ("Medborgarlöfte 2024", "Medborgarlöfte 2027"),
]


def _renew(text: str) -> str:
    for old, new in _RENEWED:
        text = text.replace(old, new)
    return text


ANNEXES = [(number, _renew(title), kind) for number, title, kind in laholm.ANNEXES]
CLAUSES = [(heading, _renew(body)) for heading, body in laholm.CLAUSES]
