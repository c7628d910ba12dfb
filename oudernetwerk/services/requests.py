"""Asking for a buddy: a parent's request, checked and recorded."""

from collections.abc import Sequence
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt import outbox
from steunpunt.deadlines import deadline_for_person
from steunpunt.models import AgeBand, Municipality, Theme

from ..models import (
    BuddyRequest,
    Language,
    SchoolType,
)
from .common import (
    ActionRefusedError,
    E,
    _admin_url,
    _context,
    _event,
    clean_contact_sharing,
    coordinator_emails,
)

# --- Asking for a buddy ---------------------------------------------------------------------


def parent_hears_by(asked_at: datetime) -> date:
    """The one date a parent who asks for a buddy is given ("uiterlijk ... hoor je van
    ons"): stored on the request as `answer_by` and shown wherever the parent sees when
    they will hear, whatever happens to proposals in between."""
    moment = deadline_for_person(asked_at, days=settings.BUDDY_REQUEST_ANSWER_DAYS)
    return timezone.localdate(moment)


@transaction.atomic
def request_create(
    *,
    parent,
    themes: Sequence[Theme],
    municipality: Municipality,
    hopes: str,
    age_band: str = "",
    school_type: str = "",
    language: str = Language.DUTCH,
    urgency: str = BuddyRequest.Urgency.NORMAL,
    share_email: bool = True,
    share_phone: bool = False,
    phone: str = "",
    created_by=None,
) -> BuddyRequest:
    """A parent asks for a buddy (or a coordinator does so for them). One open request
    per parent; the parent hears by when we come back to them."""
    if not themes:
        raise ValidationError(_("Kies minstens één onderwerp."))
    hopes = hopes.strip()
    if not hopes:
        raise ValidationError(_("Vertel kort wat je hoopt van een buddy."))
    if age_band and age_band not in AgeBand.values:
        raise ValidationError(_("Kies een leeftijd uit de lijst."))
    if school_type and school_type not in SchoolType.values:
        raise ValidationError(_("Kies een soort school uit de lijst."))
    if language not in Language.values:
        raise ValidationError(_("Kies een taal uit de lijst."))
    if urgency not in BuddyRequest.Urgency.values:
        raise ValidationError(_("Kies hoe snel je een buddy zoekt."))
    phone = clean_contact_sharing(share_email=share_email, share_phone=share_phone, phone=phone)
    # Locking the parent's row makes two quick submissions queue up: the second sees
    # the first and is refused.
    get_user_model().objects.select_for_update().filter(pk=parent.pk).first()
    if parent.buddy_requests.filter(status=BuddyRequest.Status.OPEN).exists():
        raise ActionRefusedError(
            _("Je hebt al een aanvraag voor een buddy. We zoeken nog voor je. Je hoort van ons.")
        )
    buddy_request = BuddyRequest.objects.create(
        parent=parent,
        created_by=created_by,
        age_band=age_band,
        school_type=school_type,
        municipality=municipality,
        language=language,
        hopes=hopes,
        urgency=urgency,
        share_email=share_email,
        share_phone=share_phone,
        phone=phone,
        answer_by=parent_hears_by(timezone.now()),
    )
    buddy_request.themes.set(themes)
    _event(E.REQUEST_CREATED, created_by or parent, request=buddy_request)
    outbox.send_templated_email(
        template="oudernetwerk/email/request_received",
        to=[parent.email],
        context=_context(buddy_request=buddy_request),
    )
    outbox.send_templated_email(
        template="oudernetwerk/email/request_created",
        to=coordinator_emails(),
        context=_context(
            buddy_request=buddy_request,
            admin_url=_admin_url("buddyrequest", buddy_request.pk),
        ),
    )
    return buddy_request
