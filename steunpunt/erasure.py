"""Erasure (AVG art. 17): a person asks, a coordinator checks and carries it out.

Steunpunt holds the request and the admin; each app registers, from its
``AppConfig.ready()``, what it holds of a user: `preview(user)` says what would be
erased and what must be kept and why (a legal hold, an open complaint, an active buddy
match), `erase(user)` erases it and says the same about what it did. Cases are
anonymised by the same function the retention job uses. The account itself goes last,
and only when no app had to keep something that still needs it.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access_log, outbox, roles
from .models import AccessEvent, ErasureRequest
from .selectors import site_settings, users_with_role
from .site_url import absolute_url


@dataclass(frozen=True)
class Item:
    """One line of a preview or an outcome. `label` says what (Dutch, for the
    coordinator and the parent), `reason` why it is kept."""

    label: str
    count: int
    kept: bool = False
    reason: str = ""


@dataclass(frozen=True)
class Provider:
    name: str
    preview: Callable[[object], list[Item]]
    erase: Callable[[object], list[Item]]


_PROVIDERS: dict[str, Provider] = {}


def register(provider: Provider) -> None:
    _PROVIDERS[provider.name] = provider


def providers() -> list[Provider]:
    return [_PROVIDERS[name] for name in sorted(_PROVIDERS)]


# --- Reading --------------------------------------------------------------------------


def may_ask(user) -> bool:
    """Anyone signed in may ask for their own data, except staff: a work account is
    removed by a person deciding, not on request."""
    return bool(
        user.is_authenticated
        and not user.is_staff
        and not user.is_superuser
        and not roles.role_names(user) & roles.STAFF_ROLES
    )


def open_request(user) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(user=user, status=ErasureRequest.Status.REQUESTED).first()


def preview(user) -> list[Item]:
    items = [item for provider in providers() for item in provider.preview(user)]
    kept = any(item.kept for item in items)
    items.append(
        Item(
            label=_("Account om in te loggen"),
            count=1,
            kept=kept,
            reason=_("Blijft zolang er iets bewaard moet blijven.") if kept else "",
        )
    )
    return items


# --- Writing --------------------------------------------------------------------------


def end_sessions(user) -> int:
    """Sign the user out everywhere. Sessions carry no user index, so the live ones are
    read; only an erasure calls this."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


def erase_user(user, *, sign_out: bool = True) -> list[Item]:
    """Erase what every app holds of `user` and, when nothing had to be kept, the
    account itself. The same for an erasure request and for an unused account (whose
    sessions expired long ago: `sign_out=False` skips reading the live ones)."""
    with transaction.atomic():
        outcome = [item for provider in providers() for item in provider.erase(user)]
        kept = any(item.kept for item in outcome)
        if not kept:
            if sign_out:
                end_sessions(user)
            get_user_model().objects.filter(pk=user.pk).delete()
        outcome.append(
            Item(
                label=_("Account om in te loggen"),
                count=1,
                kept=kept,
                reason=_("Blijft zolang er iets bewaard moet blijven.") if kept else "",
            )
        )
    return outcome


def _coordinator_emails() -> list[str]:
    return sorted(users_with_role(roles.COORDINATOR).values_list("email", flat=True))


def _admin_url(request: ErasureRequest) -> str:
    return absolute_url(reverse("admin:steunpunt_erasurerequest_change", args=[request.pk]))


@transaction.atomic
def erasure_ask(*, user) -> ErasureRequest:
    """The person asks. Coordinators hear by email; nothing is erased yet."""
    if not may_ask(user):
        raise ValidationError(
            _(
                "Een account van een medewerker verwijdert een coördinator. "
                "Dat kan niet met dit verzoek."
            )
        )
    existing = open_request(user)
    if existing:
        return existing
    now = timezone.now()
    request = ErasureRequest.objects.create(
        user=user,
        requested_at=now,
        answer_by=timezone.localdate(now) + timedelta(days=settings.ERASURE_ANSWER_DAYS),
    )
    outbox.send_templated_email(
        template="steunpunt/email/erasure_requested",
        to=_coordinator_emails(),
        context={
            "erasure": request,
            "admin_url": _admin_url(request),
            "site_settings": site_settings(),
        },
    )
    return request


def _lock_open(request: ErasureRequest) -> ErasureRequest:
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ErasureRequest.Status.REQUESTED:
        raise ValidationError(_("Over dit verzoek is al besloten."))
    if request.user_id is None:
        raise ValidationError(_("Dit account bestaat niet meer."))
    return request


@transaction.atomic
def erasure_carry_out(*, request: ErasureRequest, actor) -> ErasureRequest:
    """Erase; the person gets a confirmation at the address they had, after commit."""
    request = _lock_open(request)
    user = request.user
    email = user.email
    subject_id = user.pk
    outcome = erase_user(user)
    kept = [item for item in outcome if item.kept]
    request.status = ErasureRequest.Status.DONE
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.outcome = [asdict(item) for item in outcome]
    if not kept:
        request.user = None
    request.save()
    _record_deletion(actor=actor, request=request, subject_id=subject_id)
    outbox.send_templated_email(
        template="steunpunt/email/erasure_done",
        to=[email],
        context={
            "erased": [item for item in outcome if not item.kept and item.count],
            "kept": kept,
            "site_settings": site_settings(),
        },
    )
    return request


def _record_deletion(*, actor, request: ErasureRequest, subject_id: int) -> None:
    """The access log keeps ids without a constraint, so it may name the removed
    account's id: that an erasure happened is itself accountable."""
    access_log.record(
        action=AccessEvent.Action.DELETE,
        actor=actor,
        object_type="steunpunt.erasurerequest",
        object_id=str(request.pk),
        subject=subject_id,
    )


@transaction.atomic
def erasure_refuse(*, request: ErasureRequest, actor, reason: str) -> ErasureRequest:
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Schrijf op waarom. De ouder leest dit."))
    request = _lock_open(request)
    request.status = ErasureRequest.Status.REFUSED
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.refusal_reason = reason
    request.save()
    outbox.send_templated_email(
        template="steunpunt/email/erasure_refused",
        to=[request.user.email],
        context={"erasure": request, "site_settings": site_settings()},
    )
    return request
