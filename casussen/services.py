"""Business actions on cases: intake, status changes, assignment and deadlines.

Every change locks the case, checks the rules, appends a timeline event and queues its
emails after commit. Views, admin actions, tasks and commands call these functions."""

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt import notifications
from steunpunt.models import Organisation, Theme
from steunpunt.selectors import site_settings
from steunpunt.uploads import validate_upload

from . import workflow
from .deadlines import add_working_days, working_days_between
from .models import (
    Case,
    CaseAttachment,
    CaseEvent,
    Consent,
    DeadlineRule,
    ReferenceCounter,
)

REOPEN_WINDOW = timedelta(days=14)
MAX_ATTACHMENTS = 5
S = Case.Status


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


def _event(case: Case, kind: str, actor=None, text: str = "", **data) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor,
        text=text,
        is_internal=kind == CaseEvent.Kind.INTERNAL_NOTE,
        data=data,
    )


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


def validate_attachments(files: Sequence[UploadedFile]) -> list[str]:
    """Check every file before anything is stored: all are accepted or none."""
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            _("Je kunt maximaal %(max)s bestanden meesturen.") % {"max": MAX_ATTACHMENTS}
        )
    return [validate_upload(upload) for upload in files]


@transaction.atomic
def case_submit(
    *,
    kind: str,
    theme: Theme,
    description: str,
    email: str,
    phone: str = "",
    contact_preference: str = Case.ContactPreference.EMAIL,
    contact_times: str = "",
    age_band: str = "",
    school: Organisation | None = None,
    school_other: str = "",
    complaint_about: Organisation | None = None,
    consent_organisations: Sequence[Organisation] = (),
    attachments: Sequence[UploadedFile] = (),
    channel: str = Case.Channel.WEB,
    created_by=None,
) -> Case:
    """Take in a question or complaint: the parent's account, the case with its
    deadlines, consents and files, a first timeline event and the confirmation email."""
    if not description.strip():
        raise ValidationError(_("Vertel in een paar zinnen waar het over gaat."))
    content_types = validate_attachments(attachments)
    parent = parent_for_email(email)
    now = timezone.now()
    case = Case(
        reference=next_reference(year=timezone.localdate(now).year),
        kind=kind,
        channel=channel,
        theme=theme,
        description=description.strip(),
        age_band=age_band,
        school=school,
        school_other=school_other.strip() if school is None else "",
        complaint_about=complaint_about if kind == Case.Kind.COMPLAINT else None,
        parent=parent,
        contact_preference=contact_preference,
        contact_times=contact_times.strip(),
        phone=phone.strip(),
        created_by=created_by,
        created_at=now,
    )
    _apply_deadlines(case)
    case.save()
    actor = created_by or parent
    _event(case, CaseEvent.Kind.SUBMITTED, actor, channel=channel)
    method = Consent.Method.FORM if channel == Case.Channel.WEB else Consent.Method.PHONE
    for organisation in dict.fromkeys(consent_organisations):
        consent_give(case=case, organisation=organisation, method=method, actor=actor)
    for upload, content_type in zip(attachments, content_types, strict=True):
        CaseAttachment.objects.create(
            case=case,
            file=upload,
            original_name=upload.name[:200],
            content_type=content_type,
            size=upload.size,
            uploaded_by=actor,
        )
        _event(case, CaseEvent.Kind.ATTACHMENT_ADDED, actor, upload.name[:200])
    notifications.send_templated_email(
        template="casussen/email/case_received",
        to=[parent.email],
        context={"case": case, "site_settings": site_settings(), "portal_url": _portal_url()},
    )
    return case


def _portal_url() -> str | None:
    """Where the parent follows the case, once the portal is there."""
    try:
        return settings.SITE_URL + reverse("casussen:portal")
    except NoReverseMatch:
        return None


def consent_give(
    *,
    case: Case,
    organisation: Organisation,
    method: str,
    actor,
    purpose: str = "",
) -> Consent:
    """Record that the parent allows contact with this organisation about this case."""
    existing = case.consents.filter(organisation=organisation, withdrawn_at__isnull=True)
    if existing.exists():
        return existing.get()
    consent = Consent.objects.create(
        case=case,
        organisation=organisation,
        purpose=purpose or _("Contact opnemen over deze vraag of klacht"),
        method=method,
        given_at=timezone.now(),
        recorded_by=actor,
    )
    _event(
        case,
        CaseEvent.Kind.CONSENT_GIVEN,
        actor,
        organisation.name,
        organisation=organisation.pk,
        method=method,
    )
    return consent


@transaction.atomic
def case_transition(
    *, case: Case, to_status: str, actor, resolution: str = "", note: str = ""
) -> Case:
    """Move a case to another status, if the workflow allows it now."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    current = case.status
    now = timezone.now()
    if not workflow.is_allowed(current, to_status):
        raise TransitionRefusedError(
            _("%(reference)s staat op '%(status)s': naar '%(target)s' kan nu niet.")
            % {
                "reference": case.reference,
                "status": case.get_status_display(),
                "target": S(to_status).label,
            }
        )
    if to_status == S.CLOSED and current in workflow.OPEN:
        if resolution not in workflow.CLOSING_RESOLUTIONS_FROM_OPEN:
            raise TransitionRefusedError(
                _("Een open zaak sluit je alleen als die is ingetrokken of dubbel is.")
            )
        case.resolution = resolution
    if to_status == S.RESOLVED:
        _check_resolution(case, resolution)
        case.resolution = resolution
        case.resolved_at = now
    if current == S.RESOLVED and to_status == S.IN_PROGRESS:
        if case.resolved_at and now - case.resolved_at > REOPEN_WINDOW:
            raise TransitionRefusedError(
                _("%(reference)s is langer dan 14 dagen geleden afgerond: heropenen kan niet.")
                % {"reference": case.reference}
            )
        case.resolution = ""
        case.resolved_at = None
    if current == S.WAITING_FOR_PARENT:
        _resume_deadlines(case, now)
    if to_status == S.WAITING_FOR_PARENT:
        case.paused_since = now
    if current == S.NEW and case.responded_at is None:
        case.responded_at = now
    if to_status == S.CLOSED:
        case.closed_at = now
    case.status = to_status
    case.save()
    _event(
        case,
        CaseEvent.Kind.STATUS_CHANGED,
        actor,
        note,
        **{"from": current, "to": to_status, "resolution": case.resolution},
    )
    return case


def _check_resolution(case: Case, resolution: str) -> None:
    allowed = {Case.Resolution.ANSWERED, Case.Resolution.REFERRED}
    if case.kind == Case.Kind.COMPLAINT:
        allowed |= {Case.Resolution.UPHELD, Case.Resolution.NOT_UPHELD}
    if resolution not in allowed:
        raise TransitionRefusedError(
            _("Kies hoe %(reference)s is afgelopen.") % {"reference": case.reference}
        )


def _resume_deadlines(case: Case, now: datetime) -> None:
    if case.paused_since is None:
        return
    waited = working_days_between(timezone.localdate(case.paused_since), timezone.localdate(now))
    case.paused_working_days += waited
    case.paused_since = None
    _apply_deadlines(case)


@transaction.atomic
def case_assign(*, case: Case, coordinator, actor) -> Case:
    """Give the case an owner; a new case is then in progress (the first response)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status not in workflow.OPEN:
        raise TransitionRefusedError(
            _("%(reference)s is al afgerond.") % {"reference": case.reference}
        )
    case.assigned_to = coordinator
    case.save(update_fields=["assigned_to", "updated_at"])
    _event(case, CaseEvent.Kind.ASSIGNED, actor, coordinator.get_full_name())
    if case.status == S.NEW:
        case = case_transition(case=case, to_status=S.IN_PROGRESS, actor=actor)
    return case


@transaction.atomic
def case_change_theme(*, case: Case, theme: Theme, actor) -> Case:
    """A new theme may bring other terms: the deadlines are computed again."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.theme_id == theme.pk:
        return case
    old_respond, old_resolve = case.respond_by, case.resolve_by
    case.theme = theme
    _apply_deadlines(case)
    case.save()
    if (old_respond, old_resolve) != (case.respond_by, case.resolve_by):
        _event(
            case,
            CaseEvent.Kind.DEADLINES_CHANGED,
            actor,
            theme.name,
            respond_by=case.respond_by.isoformat(),
            resolve_by=case.resolve_by.isoformat(),
        )
    return case
