"""The current agreement, the user's rights in it and its navigation, once per request."""

from .navigation import entries_for


def navigation(request):
    agreement = getattr(request, "agreement", None)
    if agreement is None or not request.user.is_authenticated:
        return {}
    return {
        "current_agreement": agreement,
        "rights": request.rights,
        "nav_items": entries_for(request, agreement),
    }
