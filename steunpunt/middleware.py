"""Request middleware of the core: language choice, staff session lifetime, the
second-factor gate and the cache headers of personal pages."""

import time

from allauth.account import app_settings as account_settings
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.defaults import permission_denied

from .redaction import SECRET_URL_PARAMETERS, path_has_secret
from .roles import requires_second_factor
from .second_factor import (
    NEXT_KEY,
    carry_over_sign_out,
    session_completed_second_factor,
    session_proved_email,
    use_carried_password,
)
from .selectors import has_second_factor
from .views import health_response

# Set when someone signs in (steunpunt.receivers) and on every request of a staff member.
SESSION_STARTED_KEY = "steunpunt_signed_in_at"
SESSION_SEEN_KEY = "steunpunt_last_seen_at"
# The last-seen time is stored at most this often (seconds): storing it on every click
# writes the session (3 queries) on every staff page. The stored time may therefore be up
# to this much older than the last click, and the idle check measures from the stored
# time, so the idle timeout is never longer than configured, at most this much shorter.
SESSION_SEEN_REFRESH = 60


class HealthCheckMiddleware:
    """Answer /healthz before anything reads the Host header, so the container's own
    health check (which calls 127.0.0.1) works whatever DJANGO_ALLOWED_HOSTS says."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz" and request.method == "GET":
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


class StaffSessionMiddleware:
    """Staff sessions end after a working day and after a pause: staff can open the files
    of many families, so a forgotten session on a shared computer must not stay open.
    Parents keep the normal session age (SESSION_COOKIE_AGE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and requires_second_factor(request.user):
            now = time.time()
            session = request.session
            started = session.setdefault(SESSION_STARTED_KEY, now)
            seen = session.get(SESSION_SEEN_KEY, now)
            idle = settings.STAFF_SESSION_IDLE_TIMEOUT
            if now - started > settings.STAFF_SESSION_MAX_AGE or now - seen > idle:
                logout(request)
                # After logout: the message lives in the new, anonymous session.
                messages.info(
                    request,
                    _(
                        "Je bent uitgelogd, omdat je een tijd niets hebt gedaan of omdat je "
                        "werkdag voorbij is. Log opnieuw in om verder te gaan."
                    ),
                )
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if SESSION_SEEN_KEY not in session or now - seen >= SESSION_SEEN_REFRESH:
                session[SESSION_SEEN_KEY] = now
                # The cookie and the stored session end soon after the working day; the day
                # and the pause are checked here, so the staff member is told why. Set with
                # the last-seen time only: it is the same moment (start + day + pause)
                # whenever it is set, and setting it marks the session for saving.
                remaining = settings.STAFF_SESSION_MAX_AGE - (now - started)
                session.set_expiry(max(1, int(remaining + idle)))
        return self.get_response(request)


# What a staff member may open before the second step is done: signing in and out,
# setting up the app and giving its code, and public pages without anyone's data.
SECOND_FACTOR_EXEMPT_VIEWS = frozenset(
    {
        "account_login",
        "account_logout",
        "account_request_login_code",
        "account_confirm_login_code",
        "account_reauthenticate",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "mfa_activate_totp",
        "admin:logout",
        "set_language",
        "home",
        "contact",
        "privacy",
        "accessibility",
        "sitemap",
    }
)
SECOND_FACTOR_EXEMPT_PATHS = frozenset({"/favicon.ico"})


class StaffSecondFactorMiddleware:
    """Everybody with a staff role (coordinator, editor, privacy officer, admin staff)
    opens nothing but the pages above until this session completed the second step:
    a password or email code alone never shows anyone's data.

    Without an app yet they are sent to set one up (which asks for the password first);
    with an app they are asked for its code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not requires_second_factor(user):
            return None
        if session_completed_second_factor(request):
            return None
        match = request.resolver_match
        if (
            match
            and match.view_name == "mfa_activate_totp"
            and not has_second_factor(user)
            and not session_proved_email(request)
        ):
            return self._sign_in_with_email_code(request)
        if match and match.view_name == "mfa_activate_totp" and not has_second_factor(user):
            use_carried_password(request)
        if (match and match.view_name in SECOND_FACTOR_EXEMPT_VIEWS) or (
            request.path in SECOND_FACTOR_EXEMPT_PATHS
        ):
            return None
        if not has_second_factor(user):
            if not user.has_usable_password():
                # Setting up the app after only an email code would make the email box
                # the one factor that opens everything.
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
                    "Voor je werk bij het steunpunt heb je een tweede stap nodig bij het "
                    "inloggen. Stel eerst een app voor inlogcodes in."
                ),
            )
            if request.method == "GET" and url_has_allowed_host_and_scheme(
                request.get_full_path(), allowed_hosts={request.get_host()}
            ):
                request.session[NEXT_KEY] = request.get_full_path()
            return redirect("mfa_activate_totp")
        messages.warning(
            request,
            _(
                "Je bent nog niet helemaal ingelogd. Vul de code uit je app voor inlogcodes "
                "in. Daarna kun je verder."
            ),
        )
        next_url = request.get_full_path() if request.method == "GET" else request.path
        return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': next_url})}")

    @staticmethod
    def _sign_in_with_email_code(request):
        """The app is set up in a session that proved both the password (allauth asks it
        again before the set-up) and the email address (signed in with a code sent to
        it): otherwise a password alone would let anyone set up their own app and open
        every file. After a password sign-in the staff member signs in again by code;
        the password they just gave counts, so it is asked once."""
        carry_over_sign_out(request, logout)
        messages.info(
            request,
            _(
                "Om je app voor inlogcodes in te stellen, log je ook in met een code per "
                "e-mail. Lukt dat binnen %(minutes)s minuten? Dan hoef je je wachtwoord "
                "niet nog een keer in te vullen."
            )
            % {"minutes": account_settings.REAUTHENTICATION_TIMEOUT // 60},
        )
        return redirect("account_request_login_code")


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
