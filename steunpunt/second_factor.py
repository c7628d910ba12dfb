"""Did this session complete the second factor? Read from the authentication records
allauth keeps in the session.

allauth appends one record per step of a sign-in: `{"method": "password" | "code", ...}`
for the first factor and `{"method": "mfa", "type": "totp" | "recovery_codes", ...}`
when a code from the authenticator app (or a recovery code) was accepted, at sign-in or
at a later re-authentication. Having a TOTP device is not enough: the session must have
used it.
"""

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
