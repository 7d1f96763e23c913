"""Panels on the agreement page, contributed by higher apps.

samverkan cannot import the apps built on it, so each registers from its AppConfig.ready
a function that returns its panel for the request — (template name, context) — or None
when the user is not to see it; the agreement page includes them in order. A panel reads
what it shows in a query or two: the page's query count must not grow with the data.
"""

from collections.abc import Callable

# place -> [(position, panel)]: panel(request, obj) -> (template_name, context) | None.
# Places: "agreement" (the agreement page, obj the agreement) and "meeting" (a meeting's
# page in councils, obj the meeting), so a higher app can show its part of either.
_PANELS: dict[str, list[tuple[int, Callable]]] = {}


def register(position: int, panel: Callable, *, place: str = "agreement") -> None:
    """Add a panel at `position` (lower comes first); registering it again does nothing."""
    panels = _PANELS.setdefault(place, [])
    if all(existing is not panel for _position, existing in panels):
        panels.append((position, panel))
        panels.sort(key=lambda entry: entry[0])


def panels_for(request, obj, *, place: str = "agreement") -> list[tuple[str, dict]]:
    """The panels this user sees on the page of obj: [(template_name, context), …]."""
    found = []
    for _position, panel in _PANELS.get(place, []):
        shown = panel(request, obj)
        if shown is not None:
            found.append(shown)
    return found
