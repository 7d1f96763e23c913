"""The annual report ("Årsrapport"): per agreement and year, the follow-up the agreement
asks for, in sections.

samverkan cannot import the apps built on it, so each app says what it reports in its own
`annual` module (councils/annual.py: meetings, decisions, assignments; situation/annual.py:
input and lägesbilder; actionplan/annual.py: measures and status updates), found with
`autodiscover_modules("annual")` when a report is read, and registered there with
`register()`. samverkan's own section, the agreement's validity and its compliance clock,
is below.

A section takes (agreement, year) and returns the context of its own partial template
(templates/<app>/annual/_section.html); it reads what it needs in a fixed number of
queries whatever the data size, so the report page keeps a fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from . import compliance
from .models import Agreement

SectionFunction = Callable[[Agreement, int], dict]


@dataclass(frozen=True)
class Section:
    """One registered section: its place, its partial template and what fills it."""

    position: int
    template: str
    build: SectionFunction


@dataclass(frozen=True)
class Shown:
    """A section as the report page includes it."""

    template: str
    context: dict


# Lowest position first.
_SECTIONS: list[Section] = []


def register(position: int, template: str, build: SectionFunction) -> None:
    """Add a section at `position`; registering the same function again does nothing."""
    if all(section.build is not build for section in _SECTIONS):
        _SECTIONS.append(Section(position, template, build))
        _SECTIONS.sort(key=lambda section: section.position)


def discover() -> None:
    """Import every app's `annual` module, which registers its sections."""
    autodiscover_modules("annual")


def years(agreement: Agreement) -> list[int]:
    """The calendar years the agreement's period touches."""
    return list(range(agreement.valid_from.year, agreement.valid_to.year + 1))


def default_year(agreement: Agreement, today: date | None = None) -> int:
    """The year a report opens on: this year while the agreement covers it, else its last."""
    today = today or timezone.localdate()
    return today.year if today.year in years(agreement) else agreement.valid_to.year


def read_on(year: int, today: date | None = None) -> date:
    """The day a year's figures are read: its last day once it has passed, else today.
    Counts of what is "overdue" and the compliance clock are read on this day."""
    today = today or timezone.localdate()
    return min(today, date(year, 12, 31))


def sections(agreement: Agreement, year: int) -> list[Shown]:
    """Every registered section of the report, filled for the agreement and year."""
    discover()
    return [Shown(s.template, s.build(agreement, year)) for s in _SECTIONS]


# --- samverkan's own section ----------------------------------------------------------


def agreement_section(agreement: Agreement, year: int) -> dict:
    """The agreement's validity and its compliance clock read on the year's day (its last
    day once passed): the lines the Efterlevnad page shows, without the links to act."""
    day = read_on(year)
    # A "waiting" line is dated from the day its matter began: read on a past year's last
    # day, one that began after it did not exist then.
    items = [
        found
        for found in compliance.clock(agreement, day)
        if not (found.status == compliance.Status.WAITING and found.day and found.day > day)
    ]
    return {"day": day, "items": items}


register(100, "samverkan/annual/_section.html", agreement_section)
