"""Request middleware of the core: language choice, the second-factor gate and the
cache headers of personal pages."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.defaults import permission_denied

from .redaction import SECRET_URL_PARAMETERS, path_has_secret
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


class PrivatePagesMiddleware:
    """Every page with personal data says `Cache-Control: private, no-store`.

    Decided here, for every response, so a new page cannot forget it: any response to a
    signed-in visitor, to a visitor with a session (an anonymous parent who just sent a
    question sees its reference), on a signed link (a route with a secret parameter,
    see steunpunt.redaction), and every admin and account page. Public pages for an
    anonymous visitor stay cacheable; static files never reach this middleware.
    """

    PRIVATE_PREFIXES = ("/accounts/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self._is_private(request):
            patch_cache_control(response, private=True, no_store=True)
        return response

    def _is_private(self, request) -> bool:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return True
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            return True
        path = request.path
        if path.startswith((*self.PRIVATE_PREFIXES, reverse("admin:index"))):
            return True
        match = getattr(request, "resolver_match", None)
        if match is not None and SECRET_URL_PARAMETERS & set(match.kwargs):
            return True
        return path_has_secret(path)
