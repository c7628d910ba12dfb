"""The parent corrects their own contact details: their name, their phone number (kept
on their open cases, buddy request and buddy profile, through the registry in
`personal_data`) and their email address.

A new email address changes nothing until its owner confirms it with the signed link we
send to that address. The link carries a fingerprint of the address it replaces, so it
works once: after the change (or another change) it no longer matches. The old address
is told afterwards."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import access_log, outbox, personal_data
from .models import User
from .selectors import site_settings
from .signed_links import (  # noqa: F401 - the link errors are caught from here too
    LinkExpiredError,
    LinkInvalidError,
    sign,
    unsign,
)
from .site_url import absolute_url

EMAIL_CHANGE_SALT = "steunpunt.email-change"
EMAIL_CHANGE_MAX_AGE = timedelta(hours=24)


def normalise_email(email: str) -> str:
    return User.objects.normalize_email(email.strip()).lower()


def email_is_taken(*, email: str, user: User) -> bool:
    """Whether another account uses this address (as its login or as one of its
    addresses). The answer never says which account."""
    return (
        User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists()
        or EmailAddress.objects.filter(email__iexact=email).exclude(user_id=user.pk).exists()
    )


def taken_error() -> ValidationError:
    return ValidationError(
        _("Dit e-mailadres hoort al bij een ander account. Kies een ander e-mailadres."),
        code="taken",
    )


# --- Name and phone -----------------------------------------------------------------------


def phone_holders(user: User) -> list[personal_data.PhoneHolder]:
    return [holder for store in personal_data.phone_stores() for holder in store.holders(user)]


def current_phone(user: User, *, holders: list[personal_data.PhoneHolder] | None = None) -> str:
    """The first number kept for the user; pass `holders` when they were read already
    (each read is a query per store)."""
    if holders is None:
        holders = phone_holders(user)
    return next((holder.phone for holder in holders if holder.phone), "")


@transaction.atomic
def contact_details_update(
    *, user: User, name: str, phone: str | None = None, request=None
) -> User:
    """A new name; and, when given, the phone number everywhere it is kept."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.name = name.strip()
    user.save(update_fields=["name"])
    if phone is not None:
        for store in personal_data.phone_stores():
            store.update(user, phone)
    access_log.record(
        action=access_log.Action.CHANGE, request=request, actor=user, obj=user, subject=user
    )
    return user


# --- Email address ------------------------------------------------------------------------


def _fingerprint(email: str) -> str:
    return salted_hmac(EMAIL_CHANGE_SALT, email.lower()).hexdigest()[:20]


def email_change_token(*, user: User, email: str) -> str:
    return sign({"u": user.pk, "e": email, "f": _fingerprint(user.email)}, salt=EMAIL_CHANGE_SALT)


def email_change_link(token: str) -> str:
    path = reverse("email_change_confirm")
    # In the query string, not the path: Django's request and CSRF warnings print the
    # path only, so the link never reaches a log line.
    return f"{absolute_url(path)}?{urlencode({'t': token})}"


def email_change_request(*, user: User, email: str) -> str:
    """Send the confirmation link to the new address (after commit). Nothing changes
    yet. Returns the address it was sent to."""
    email = normalise_email(email)
    if email == user.email.lower():
        raise ValidationError(_("Dit is al je e-mailadres."), code="same")
    if email_is_taken(email=email, user=user):
        raise taken_error()
    outbox.send_templated_email(
        template="steunpunt/email/email_change_confirm",
        to=[email],
        context={
            "site_settings": site_settings(),
            "user": user,
            "link": email_change_link(email_change_token(user=user, email=email)),
            "hours": int(EMAIL_CHANGE_MAX_AGE.total_seconds() // 3600),
        },
    )
    return email


def _parse(token: str) -> tuple[int, str, str]:
    payload = unsign(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE)
    if not isinstance(payload, dict):
        raise LinkInvalidError
    pk, email, fingerprint = payload.get("u"), payload.get("e"), payload.get("f")
    if not (isinstance(pk, int) and isinstance(email, str) and isinstance(fingerprint, str)):
        raise LinkInvalidError
    return pk, email, fingerprint


def _account(users, pk: int, fingerprint: str) -> User:
    user = users.filter(pk=pk, is_active=True).first()
    if user is None or not constant_time_compare(_fingerprint(user.email), fingerprint):
        raise LinkInvalidError
    return user


def email_change_for_token(token: str) -> tuple[User, str]:
    """The account and the new address a link is for. Raises LinkExpiredError or
    LinkInvalidError."""
    pk, email, fingerprint = _parse(token)
    return _account(User.objects.all(), pk, fingerprint), email


@transaction.atomic
def email_change_confirm(*, token: str, request=None) -> User:
    """Make the confirmed address the account's address and its only allauth address,
    then tell the old address. Raises LinkExpiredError, LinkInvalidError or a
    ValidationError when another account took the address in the meantime."""
    pk, email, fingerprint = _parse(token)
    # Under the lock: two clicks at once change it once, the second finds it used.
    user = _account(User.objects.select_for_update(), pk, fingerprint)
    if email_is_taken(email=email, user=user):
        raise taken_error()
    old_email = user.email
    user.email = email
    try:
        with transaction.atomic():
            user.save(update_fields=["email"])
    except IntegrityError as error:
        raise taken_error() from error
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    access_log.record(
        action=access_log.Action.CHANGE, request=request, actor=user, obj=user, subject=user
    )
    outbox.send_templated_email(
        template="steunpunt/email/email_changed",
        to=[old_email],
        context={"site_settings": site_settings(), "user": user, "changed_at": timezone.now()},
    )
    return user
