"""The agreement's navigation, assembled from entries each app registers.

A lower app cannot know a higher one's pages, so each app registers a function
returning its entries (label, URL) for the current request from its AppConfig.ready;
the context processor collects them in order and base.html prints one list.
"""

from collections.abc import Callable

from django.urls import reverse
from django.utils.translation import gettext as _

# (position, entries): entries(request, agreement) -> [(label, url), …]
_SECTIONS: list[tuple[int, Callable]] = []


def register(position: int, entries: Callable) -> None:
    """Add an app's navigation entries at `position` (lower comes first); idempotent."""
    if all(existing is not entries for _position, existing in _SECTIONS):
        _SECTIONS.append((position, entries))
        _SECTIONS.sort(key=lambda section: section[0])


# Links in the account area of every page (the user's own settings): label -> URL name.
_ACCOUNT: list[tuple[str, str]] = []


def register_account(label, url_name: str) -> None:
    """Add a link to the account area (e.g. the calendar feed); idempotent."""
    if (label, url_name) not in _ACCOUNT:
        _ACCOUNT.append((label, url_name))


def account_entries() -> list[tuple[str, str]]:
    return [(str(label), reverse(url_name)) for label, url_name in _ACCOUNT]


def entries_for(request, agreement) -> list[tuple[str, str]]:
    return [item for _position, entries in _SECTIONS for item in entries(request, agreement)]


def core_entries(request, agreement):
    return [
        (_("Översikt"), reverse("samverkan:agreement", args=[agreement.pk])),
        (_("Parter"), reverse("samverkan:parties", args=[agreement.pk])),
    ]


def log_entries(request, agreement):
    return [(_("Händelser"), reverse("samverkan:events", args=[agreement.pk]))]


# The core's own pages open the list and the event log closes it.
register(0, core_entries)
register(1000, log_entries)
