"""Helpers shared by the case services: the refusal error, references, deadlines,
timeline events, attachment checks and the context every case email gets."""

import logging
from collections.abc import Sequence
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt import roles, uploads
from steunpunt.models import Theme
from steunpunt.selectors import site_settings, users_with_role
from steunpunt.site_url import absolute_url
from steunpunt.uploads import file_error, safe_filename, validate_upload

from ..deadlines import add_working_days
from ..models import (
    Case,
    CaseAttachment,
    CaseEvent,
    DeadlineRule,
    FollowUp,
    ReferenceCounter,
)
from .links import _portal_url, case_confirm_link, followup_link

logger = logging.getLogger(__name__)


REOPEN_WINDOW = timedelta(days=14)
MAX_ATTACHMENTS = 5
S = Case.Status
# A first response is a message to the parent, or a status the parent can act on.
RESPONDING_STATUSES = frozenset({S.WAITING_FOR_PARENT, S.RESOLVED, S.CLOSED})


class TransitionRefusedError(ValidationError):
    """A status change the workflow does not allow now; the message says why."""


def next_reference(*, year: int) -> str:
    """The next case reference of the year, e.g. OSP-2026-00042. Locks the counter."""
    ReferenceCounter.objects.get_or_create(year=year)
    counter = ReferenceCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{settings.CASE_REFERENCE_PREFIX}-{year}-{counter.last_number:05d}"


def deadline_terms(*, kind: str, theme: Theme | None) -> dict:
    rule = (
        DeadlineRule.objects.filter(kind=kind, theme=theme).first()
        or DeadlineRule.objects.filter(kind=kind, theme__isnull=True).first()
    )
    return rule_terms(kind=kind, rule=rule)


def rule_terms(*, kind: str, rule: DeadlineRule | None) -> dict:
    """The terms a rule sets (None: the settings' defaults for the kind)."""
    if rule is None:
        return dict(settings.CASE_DEADLINES[kind])
    terms = {"respond_working_days": rule.respond_working_days}
    if rule.resolve_weeks:
        terms["resolve_weeks"] = rule.resolve_weeks
    else:
        terms["resolve_working_days"] = rule.resolve_working_days
    return terms


def compute_deadlines(
    *, kind: str, theme: Theme | None, start: date, paused_working_days: int = 0
) -> tuple[date, date]:
    """`respond_by` and `resolve_by` for a case received on `start`, moved on by the
    working days it waited for the parent."""
    terms = deadline_terms(kind=kind, theme=theme)
    respond_by = add_working_days(start, terms["respond_working_days"] + paused_working_days)
    if terms.get("resolve_weeks"):
        resolve_by = add_working_days(
            start + timedelta(weeks=terms["resolve_weeks"]) - timedelta(days=1), 1
        )
        resolve_by = add_working_days(resolve_by, paused_working_days)
    else:
        resolve_by = add_working_days(start, terms["resolve_working_days"] + paused_working_days)
    return respond_by, resolve_by


def _apply_deadlines(case: Case) -> None:
    case.respond_by, case.resolve_by = compute_deadlines(
        kind=case.kind,
        theme=case.theme,
        start=timezone.localdate(case.created_at),
        paused_working_days=case.paused_working_days,
    )


# Events only coordinators see on the timeline.
INTERNAL_EVENT_KINDS = frozenset(
    {
        CaseEvent.Kind.INTERNAL_NOTE,
        CaseEvent.Kind.LEGAL_HOLD_PLACED,
        CaseEvent.Kind.LEGAL_HOLD_LIFTED,
        CaseEvent.Kind.ANONYMISED,
        CaseEvent.Kind.EVALUATION_REVIEWED,
    }
)


def _event(case: Case, kind: str, actor=None, text: str = "", **data) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor,
        text=text,
        is_internal=kind in INTERNAL_EVENT_KINDS,
        data=data,
    )


def validate_attachments(files: Sequence[UploadedFile]) -> list[str]:
    """Check every file before anything is stored: all are accepted or none."""
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            _("Je kunt maximaal %(max)s bestanden meesturen.") % {"max": MAX_ATTACHMENTS}
        )
    content_types, errors = [], []
    for upload in files:
        try:
            content_types.append(validate_upload(upload))
        except ValidationError as error:
            errors += [file_error(upload.name, message) for message in error.messages]
    if errors:
        raise ValidationError(errors)
    return content_types


def store_attachments(
    case: Case, actor, files: Sequence[UploadedFile], content_types: Sequence[str]
) -> None:
    """Store files checked by `validate_attachments`, each with its timeline event."""
    for upload, content_type in zip(files, content_types, strict=True):
        # Stored and served under the extension of what the file really is.
        upload.name = safe_filename(upload.name, content_type)
        attachment = CaseAttachment(
            case=case,
            original_name=upload.name,
            content_type=content_type,
            size=upload.size,
            uploaded_by=actor,
        )
        # A full or read-only disk raises StorageUnavailableError; a service decorated
        # with `uploads.removing_files_on_failure` takes the files written so far away.
        uploads.store_file(attachment.file, upload.name, upload)
        attachment.save()
        _event(case, CaseEvent.Kind.ATTACHMENT_ADDED, actor, upload.name)


# --- Messages and notes ----------------------------------------------------------------


def coordinator_recipients(case: Case) -> list[str]:
    """Who hears about a case: its coordinator, or every coordinator while nobody has
    taken it yet."""
    if case.assigned_to_id and case.assigned_to.is_active:
        return [case.assigned_to.email]
    return every_coordinator()


def every_coordinator() -> list[str]:
    return sorted(users_with_role(roles.COORDINATOR).values_list("email", flat=True))


def _email_context(case: Case, **extra) -> dict:
    # A sweep passes the site settings it read once for the whole batch.
    shared = extra.pop("site_settings", None) or site_settings()
    return {
        "case": case,
        "site_settings": shared,
        "portal_url": _portal_url(),
        # Until it is confirmed the case is not in the portal: the link confirms it.
        "case_portal_url": _case_portal_url(case) if case.is_confirmed else case_confirm_link(case),
        "admin_url": absolute_url(reverse("admin:casussen_case_change", args=[case.pk])),
        # With a reply mailbox (REPLY_ADDRESS) an answer by email lands on the case.
        "replies_by_email": bool(settings.REPLY_ADDRESS),
        **extra,
    }


def _case_portal_url(case: Case) -> str | None:
    try:
        return absolute_url(reverse("casussen:portal_case", args=[case.pk]))
    except NoReverseMatch:
        return None


def _require_text(text: str, message: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError(message)
    return text


def _followup_context(followup: FollowUp, **extra) -> dict:
    try:
        partner_url = absolute_url(reverse("casussen:partner_followup", args=[followup.pk]))
    except NoReverseMatch:
        partner_url = None
    shared = extra.pop("site_settings", None) or site_settings()
    return {
        "followup": followup,
        "case": followup.case,
        "link": followup_link(followup),
        "link_days": settings.FOLLOWUP_LINK_MAX_AGE_DAYS,
        "partner_url": partner_url,
        "site_settings": shared,
        **extra,
    }
