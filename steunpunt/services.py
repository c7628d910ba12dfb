"""Business actions of the core: accounts made for a parent by address, and resetting
someone's second factor."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access_log
from .models import User

RESET_PERMISSION = "steunpunt.reset_second_factor"


def may_reset_second_factor(*, actor: User, user: User) -> bool:
    """Coordinators (and superusers) reset the second factor of others; only a superuser
    resets a superuser's, and nobody their own (that would be switching it off)."""
    if not actor.is_active or not actor.has_perm(RESET_PERMISSION):
        return False
    if actor.pk == user.pk:
        return False
    return actor.is_superuser or not user.is_superuser


def _end_sessions(user: User) -> int:
    """Delete every stored session of this user. Sessions are not indexed by user, so
    the live ones are read; this is a rare action."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


def user_second_factor_reset(*, user: User, actor: User, request: HttpRequest | None = None) -> int:
    """Remove the user's authenticator app and recovery codes and end their sessions, so
    they set up a new app at their next sign-in (by email code, then their password,
    see StaffSecondFactorMiddleware). Returns the number of sessions ended."""
    if not may_reset_second_factor(actor=actor, user=user):
        if actor.pk == user.pk:
            raise ValidationError(_("Je kunt je eigen tweede stap niet opnieuw laten instellen."))
        raise PermissionDenied
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        removed, _details = Authenticator.objects.filter(user=user).delete()
        ended = _end_sessions(user)
        access_log.record(
            action=access_log.Action.MFA_CHANGE,
            request=request,
            actor=actor,
            subject=user,
            object_type="mfa.reset",
            object_id="all" if removed else "none",
        )
    return ended


def parent_for_email(email: str):
    """The account of the parent with this address, made on their first question.
    No password: they sign in with a code sent to this address."""
    user_model = get_user_model()
    email = user_model.objects.normalize_email(email).lower()
    user = user_model.objects.filter(email__iexact=email).first()
    if user is None:
        user = user_model.objects.create_user(email)
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"primary": True, "verified": False}
    )
    return user
