"""Legal hold and anonymisation of a case."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Case,
    CaseAttachment,
    CaseEvent,
    Evaluation,
    InboundMessage,
    Praatplaat,
)
from .common import _event

logger = logging.getLogger(__name__)


# --- Legal hold and anonymisation ----------------------------------------------------------


LEGAL_HOLD_FIELDS = ["legal_hold_since", "legal_hold_reason", "legal_hold_by", "updated_at"]


@transaction.atomic
def case_place_legal_hold(*, case: Case, actor, reason: str) -> Case:
    """Keep the case as it is (e.g. a complaint in procedure): retention and erasure
    skip it until the hold is lifted. Coordinators only; the reason is required."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Schrijf op waarom de zaak bewaard moet blijven."))
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.anonymised_at:
        raise ValidationError(_("Deze zaak is al anoniem gemaakt."))
    if case.on_legal_hold:
        raise ValidationError(_("Op deze zaak staat al een juridische blokkade."))
    case.legal_hold_since = timezone.now()
    case.legal_hold_reason = reason
    case.legal_hold_by = actor
    case.save(
        update_fields=["legal_hold_since", "legal_hold_reason", "legal_hold_by", "updated_at"]
    )
    _event(case, CaseEvent.Kind.LEGAL_HOLD_PLACED, actor, reason)
    return case


@transaction.atomic
def case_lift_legal_hold(*, case: Case, actor, reason: str = "") -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.on_legal_hold:
        raise ValidationError(_("Op deze zaak staat geen juridische blokkade."))
    case.legal_hold_since = None
    case.legal_hold_reason = ""
    case.legal_hold_by = None
    case.save(
        update_fields=["legal_hold_since", "legal_hold_reason", "legal_hold_by", "updated_at"]
    )
    _event(case, CaseEvent.Kind.LEGAL_HOLD_LIFTED, actor, reason.strip())
    return case


def case_anonymise(*, case: Case) -> bool:
    """Remove everything that says who the case is about or what they told us: the
    story, contact data, the parent link, files (from disk too), the texts of messages,
    replies, follow-ups and reminders, the consent purposes, the evaluation and praatplaat comments.
    Kept for the signals report: kind, channel, theme, school (so municipality and school
    type), age band, dates and deadlines, status, resolution, signal tags, satisfaction
    and praatplaat scores. Used by the retention job and by erasure alike.

    Returns False (and changes nothing) for a case on legal hold or already anonymous."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.on_legal_hold or case.anonymised_at:
            return False
        parent_id = case.parent_id
        files = [attachment.file.name for attachment in case.attachments.all()]
        storage = CaseAttachment._meta.get_field("file").storage
        case.attachments.all().delete()
        case.events.update(text="")
        if parent_id:
            case.events.filter(actor_id=parent_id).update(actor=None)
        case.consents.update(purpose="")
        case.followups.update(request="", answer="", contact_email="")
        case.reminders.update(body="", html="", recipients=[], headers={})
        Evaluation.objects.filter(case=case).update(comment="")
        Praatplaat.objects.filter(case=case).update(parent_comment="", professional_comment="")
        # Held replies about it go; the others are bare Message-IDs, no longer linked.
        case.inbound_messages.filter(status=InboundMessage.Status.HELD).delete()
        case.inbound_messages.update(case=None, followup=None)
        case.description = ""
        case.phone = ""
        case.contact_times = ""
        case.school_other = ""
        case.parent = None
        case.anonymised_at = timezone.now()
        case.save(
            update_fields=[
                "description",
                "phone",
                "contact_times",
                "school_other",
                "parent",
                "anonymised_at",
                "updated_at",
            ]
        )
        _event(case, CaseEvent.Kind.ANONYMISED)
        # Files leave the disk only once the rows are gone for good.
        transaction.on_commit(lambda: [storage.delete(name) for name in files if name])
    return True
