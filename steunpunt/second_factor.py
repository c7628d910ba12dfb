"""Did this session complete the second factor? Read from the authentication records
allauth keeps in the session.

allauth appends one record per step of a sign-in: `{"method": "password" | "code", ...}`
for the first factor and `{"method": "mfa", "type": "totp" | "recovery_codes", ...}`
when a code from the authenticator app (or a recovery code) was accepted, at sign-in or
at a later re-authentication. Having a TOTP device is not enough: the session must have
used it.
"""

import time

from allauth.account import app_settings as account_settings
from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

# The kinds of authenticator that count as a completed second step.
SECOND_FACTOR_TYPES = frozenset({Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES})


def session_completed_second_factor(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)
    return any(
        record.get("method") == "mfa" and record.get("type") in SECOND_FACTOR_TYPES
        for record in records
    )


def session_proved_email(request: HttpRequest) -> bool:
    """Whether this session signed in (or re-authenticated) with a code sent by email."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "code" for record in records)


# A staff member who signed in with a password and has no app yet is signed out, to sign
# in again by email code (steunpunt.middleware). What the first session knew is carried
# into the new one: that the password was given just now (so allauth does not ask it a
# second time before the set-up) and the page they were on (the way back afterwards).
CARRIED_PASSWORD_KEY = "steunpunt_password_given_at"  # noqa: S105 - a session key
NEXT_KEY = "steunpunt_second_factor_next"


def carry_over_sign_out(request: HttpRequest, sign_out) -> None:
    """Run `sign_out(request)` and keep the password proof and the way back."""
    records = get_authentication_records(request, request.user)
    given_at = max((r["at"] for r in records if r.get("method") == "password"), default=None)
    user_pk, next_url = request.user.pk, request.session.get(NEXT_KEY)
    sign_out(request)
    if given_at is not None:
        request.session[CARRIED_PASSWORD_KEY] = {"user": user_pk, "at": given_at}
    if next_url:
        request.session[NEXT_KEY] = next_url


def use_carried_password(request: HttpRequest) -> None:
    """Count the password given before the email code as the re-authentication allauth
    asks before the set-up, if it is the same person and recent enough."""
    carried = request.session.pop(CARRIED_PASSWORD_KEY, None)
    if (
        carried
        and carried["user"] == request.user.pk
        and time.time() - carried["at"] < account_settings.REAUTHENTICATION_TIMEOUT
    ):
        # Recorded at the moment the password was given, not now: allauth's window for
        # the set-up counts from then, so it never stretches past one timeout.
        record_authentication(
            request, request.user, method="password", reauthenticated=True, at=carried["at"]
        )


def record_enrolment(request: HttpRequest, authenticator: Authenticator) -> None:
    """Setting up the app proves the second factor: it needs the password again (allauth
    asks for it) and a valid code from the new app. Record it as allauth records a
    completed second step, so the staff member need not sign in again right away."""
    record_authentication(
        request,
        authenticator.user,
        "mfa",
        id=authenticator.pk,
        type=authenticator.type,
        enrolled=True,
    )
