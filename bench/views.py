"""The load run's yardstick: a logged-in request that runs one query and renders nothing.

The session lookup is the one query (the user is not loaded), so the figure is the cost of
the stack itself; a page's throughput is read against it."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def minimal(request):
    # Reading the session runs its query; request.user would add a second.
    if not request.session.get("_auth_user_id"):
        return HttpResponse(status=403)
    return HttpResponse(b"ok", content_type="text/plain")
