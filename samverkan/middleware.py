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
