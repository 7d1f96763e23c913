"""The current agreement, the user's rights in it and its navigation, once per request."""

from .navigation import account_entries, entries_for


def navigation(request):
    if not request.user.is_authenticated:
        return {}
    agreement = getattr(request, "agreement", None)
    if agreement is None:
        return {"account_items": account_entries()}
    return {
        "account_items": account_entries(),
        "current_agreement": agreement,
        "rights": request.rights,
        "nav_items": entries_for(request, agreement),
    }
