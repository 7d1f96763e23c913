"""Panels on the agreement page, contributed by higher apps.

samverkan cannot import the apps built on it, so each registers from its AppConfig.ready
a function that returns its panel for the request — (template name, context) — or None
when the user is not to see it; the agreement page includes them in order. A panel reads
what it shows in a query or two: the page's query count must not grow with the data.
"""

from collections.abc import Callable

# (position, panel): panel(request, agreement) -> (template_name, context) | None
_PANELS: list[tuple[int, Callable]] = []


def register(position: int, panel: Callable) -> None:
    """Add a panel at `position` (lower comes first); registering it again does nothing."""
    if all(existing is not panel for _position, existing in _PANELS):
        _PANELS.append((position, panel))
        _PANELS.sort(key=lambda entry: entry[0])


def panels_for(request, agreement) -> list[tuple[str, dict]]:
    """The panels this user sees on the agreement's page: [(template_name, context), …]."""
    panels = []
    for _position, panel in _PANELS:
        found = panel(request, agreement)
        if found is not None:
            panels.append(found)
    return panels
