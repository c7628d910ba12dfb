"""Request middleware of the core: language choice and the second-factor gate."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.defaults import permission_denied

from .roles import requires_second_factor
from .selectors import has_second_factor


class HealthCheckMiddleware:
    """Answer /healthz before anything reads the Host header, so the container's own
    health check (which calls 127.0.0.1) works whatever DJANGO_ALLOWED_HOSTS says."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz" and request.method == "GET":
            from .views import health_response

            return health_response()
        return self.get_response(request)


class LanguageCookieMiddleware:
    """Dutch unless the visitor chose English with the language switch.

    Django's LocaleMiddleware also follows the browser's Accept-Language, which would
    show English to many Dutch parents whose phone is set to English. The interface of a
    Dutch steunpunt is Dutch; the switch (a cookie) is the only way to change that.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class StaffSecondFactorMiddleware:
    """Send staff without a second factor to set one up before any admin page opens."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin_prefix = reverse("admin:index")
        if (
            request.path.startswith(admin_prefix)
            and requires_second_factor(request.user)
            and not has_second_factor(request.user)
        ):
            if not request.user.has_usable_password():
                # Setting up the app after only an email code would make the email box
                # the one factor that opens the admin.
                return permission_denied(
                    request,
                    PermissionDenied(
                        _(
                            "Je account heeft nog geen wachtwoord. Vraag de beheerder om er een "
                            "in te stellen. Daarna stel je hier een app voor inlogcodes in."
                        )
                    ),
                )
            messages.warning(
                request,
                _(
                    "Voor het beheer heb je een tweede stap nodig bij het inloggen. "
                    "Stel eerst een app voor inlogcodes in."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
