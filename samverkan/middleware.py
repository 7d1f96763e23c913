import time

from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Swedish unless the user chose another language (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, which on
    municipal machines is often English and would mix languages on a page whose
    domain terms are Swedish by design.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


# Browser features the app never uses, turned off for every page (and for anything a page
# might embed): a page that is compromised still cannot reach the camera or the location.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


# The session's expiry (SESSION_COOKIE_AGE after the last save) is moved on at most this
# often: saving it on every request would cost a write per page.
SESSION_REFRESH_SECONDS = 300
SEEN = "_seen"


def session_seen(sender, request, user, **kwargs):
    """At login (the session is new and saved anyway): the moment the user was last seen."""
    request.session[SEEN] = int(time.time())


class PrivacyHeadersMiddleware:
    """`Permissions-Policy` on every response, and `Cache-Control: no-store` on every page
    and download served to someone logged in: crime analysis and signed documents must not
    stay in a shared or browser cache after the user has left the machine. A page made for
    the public (the medborgarlöften, which say `Cache-Control: public`) keeps its header.

    It also keeps an active user's session alive: the session expires SESSION_COOKIE_AGE
    after it was last saved, so it is saved again (moving the expiry on) when the user has
    been seen more than SESSION_REFRESH_SECONDS ago."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # A page for the public is the same for everyone: reading the session here would
        # make it vary by cookie. Without a session cookie nobody is logged in.
        if "public" in response.headers.get("Cache-Control", ""):
            return response
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "no-store"
            now = int(time.time())
            # Saved by SessionMiddleware, which wraps this one, with the expiry moved on.
            if now - request.session.get(SEEN, 0) > SESSION_REFRESH_SECONDS:
                request.session[SEEN] = now
        return response
