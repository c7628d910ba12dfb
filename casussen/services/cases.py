"""A case from intake to close: submitting and confirming a question, consent,
status changes (with what they set off: cancelled follow-ups, the evaluation
invitation), the owner and the theme."""

import logging
from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt import outbox, uploads
from steunpunt.models import NotificationKind, Organisation, Theme
from steunpunt.selectors import site_settings
from steunpunt.services import parent_for_email

from .. import selectors, workflow
from ..deadlines import working_days_between
from ..models import (
    Case,
    CaseEvent,
    Consent,
    Evaluation,
    FollowUp,
    Reminder,
)
from .common import (
    INTERNAL_EVENT_KINDS,
    REOPEN_WINDOW,
    RESPONDING_STATUSES,
    S,
    TransitionRefusedError,
    _apply_deadlines,
    _event,
    _followup_context,
    next_reference,
    store_attachments,
    validate_attachments,
)
from .links import _portal_url, case_confirm_link, reply_to
from .notifications import notify_coordinators
from .praatplaat import praatplaat_invite_partners

logger = logging.getLogger(__name__)


@uploads.removing_files_on_failure
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
    submitted_by=None,
) -> Case:
    """Take in a question or complaint: the parent's account, the case with its
    deadlines, consents and files, a first timeline event and the confirmation email.

    `submitted_by` is who was signed in on the website (None: nobody). A question for an
    address that already has an account, sent by someone not signed in as its owner,
    stays unconfirmed: the owner gets a link to confirm it, and until then nothing of it
    shows in their portal (anyone can type anyone's address). The first question of a
    new address is confirmed at once (only its owner can sign in to the new account), so
    is one entered by a coordinator who spoke to the parent."""
    if not description.strip():
        raise ValidationError(_("Vertel in een paar zinnen waar het over gaat."))
    content_types = validate_attachments(attachments)
    user_model = get_user_model()
    is_new_account = not user_model.objects.filter(
        email__iexact=user_model.objects.normalize_email(email).lower()
    ).exists()
    parent = parent_for_email(email)
    now = timezone.now()
    confirmed = (
        is_new_account
        or created_by is not None
        or (submitted_by is not None and submitted_by.pk == parent.pk)
    )
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
        confirmed_at=now if confirmed else None,
    )
    _apply_deadlines(case)
    case.save()
    actor = created_by or parent
    _event(case, CaseEvent.Kind.SUBMITTED, actor, channel=channel)
    method = Consent.Method.FORM if channel == Case.Channel.WEB else Consent.Method.PHONE
    for organisation in dict.fromkeys(consent_organisations):
        consent_give(case=case, organisation=organisation, method=method, actor=actor)
    store_attachments(case, actor, attachments, content_types)
    if confirmed:
        outbox.send_templated_email(
            template="casussen/email/case_received",
            to=[parent.email],
            reply_to=reply_to(case=case),
            context={"case": case, "site_settings": site_settings(), "portal_url": _portal_url()},
        )
    else:
        outbox.send_templated_email(
            template="casussen/email/case_confirm",
            to=[parent.email],
            reply_to=reply_to(case=case),
            context={
                "case": case,
                "site_settings": site_settings(),
                "link": case_confirm_link(case),
                "days": settings.CASE_CONFIRM_LINK_MAX_AGE_DAYS,
            },
        )
    # Every coordinator hears of it as they chose (until now nobody heard of a new
    # question until the day before its first response was due).
    notify_coordinators(kind=NotificationKind.NEW_QUESTION, case=case)
    return case


@transaction.atomic
def case_confirm(*, case: Case) -> Case:
    """The owner of the address says the question is theirs (they opened the link sent
    to it): from now on it shows in their portal. Safe to call twice."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.confirmed_at is not None:
        return case
    case.confirmed_at = timezone.now()
    case.save(update_fields=["confirmed_at", "updated_at"])
    _event(case, CaseEvent.Kind.CONFIRMED, case.parent)
    if case.status == S.RESOLVED:
        # The invitation waited for the confirmation.
        evaluation_invite(case=case)
    return case


@transaction.atomic
def consent_give(
    *,
    case: Case,
    organisation: Organisation,
    method: str,
    actor,
    purpose: str = "",
) -> Consent:
    """Record that the parent allows contact with this organisation about this case.
    The case row is locked, so two identical submissions record one consent."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status == S.CLOSED:
        raise TransitionRefusedError(
            _("%(reference)s is gesloten: toestemming geven is niet meer nodig.")
            % {"reference": case.reference}
        )
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
    if to_status in RESPONDING_STATUSES and case.responded_at is None:
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
    if to_status == S.CLOSED:
        _cancel_pending_followups(case, actor, reason=_("De zaak is gesloten."))
    if to_status == S.RESOLVED:
        _cancel_pending_followups(case, actor, reason=_("De zaak is afgerond."))
        evaluation_invite(case=case)
        praatplaat_invite_partners(case=case)
    return case


@transaction.atomic
def cases_close_resolved(*, case_ids: Sequence[int], resolved_before: datetime, note: str) -> int:
    """`case_transition` to closed, with no actor, for a batch of cases resolved before
    `resolved_before`, in a fixed number of queries: the rows locked, closed and given
    their timeline event together. A case reopened (or closed) by someone else meanwhile
    is left alone. Returns how many were closed."""
    cases = list(
        Case.objects.select_for_update()
        .filter(pk__in=case_ids, status=S.RESOLVED, resolved_at__lte=resolved_before)
        .order_by("pk")
        .values_list("pk", "resolution")
    )
    if not cases:
        return 0
    now = timezone.now()
    closing = [pk for pk, _resolution in cases]
    Case.objects.filter(pk__in=closing).update(status=S.CLOSED, closed_at=now, updated_at=now)
    CaseEvent.objects.bulk_create(
        CaseEvent(
            case_id=pk,
            kind=CaseEvent.Kind.STATUS_CHANGED,
            text=note,
            is_internal=CaseEvent.Kind.STATUS_CHANGED in INTERNAL_EVENT_KINDS,
            data={"from": S.RESOLVED, "to": S.CLOSED, "resolution": resolution},
        )
        for pk, resolution in cases
    )
    # Resolving cancelled the follow-ups already; one asked since is cancelled now.
    pending = FollowUp.objects.filter(
        case_id__in=closing, status__in=[FollowUp.Status.OPEN, FollowUp.Status.OVERDUE]
    ).values_list("case_id", flat=True)
    for case in Case.objects.filter(pk__in=set(pending)):
        _cancel_pending_followups(case, None, reason=_("De zaak is gesloten."))
    return len(cases)


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


def check_case_owner(*, case: Case, coordinator) -> None:
    """The one rule for who may own a case: an active coordinator (or nobody, which
    sends its emails to every coordinator again), and only while the case is open.
    Raises TransitionRefusedError with the reason."""
    if case.status not in workflow.OPEN:
        raise TransitionRefusedError(
            _("%(reference)s is al afgerond.") % {"reference": case.reference}
        )
    if coordinator is not None and not selectors.is_coordinator(coordinator):
        raise TransitionRefusedError(
            _(
                "%(name)s kan %(reference)s niet behandelen: alleen een actieve coördinator "
                "kan behandelaar zijn."
            )
            % {"name": _owner_name(coordinator), "reference": case.reference}
        )


def _owner_name(user) -> str:
    return (user.get_full_name() or user.email) if user is not None else ""


@transaction.atomic
def case_assign(*, case: Case, coordinator, actor) -> Case:
    """Give the case an owner (None: nobody); a new case is then in progress (the first
    response). Every change of owner is on the timeline, from whom to whom."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    check_case_owner(case=case, coordinator=coordinator)
    previous = case.assigned_to
    if previous != coordinator:
        case.assigned_to = coordinator
        case.save(update_fields=["assigned_to", "updated_at"])
        _event(
            case,
            CaseEvent.Kind.ASSIGNED,
            actor,
            _owner_name(coordinator),
            **{"from": _owner_name(previous), "to": _owner_name(coordinator)},
        )
    if case.status == S.NEW and coordinator is not None:
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


def _cancel(followup: FollowUp, actor, reason: str) -> None:
    followup.status = FollowUp.Status.CANCELLED
    followup.cancelled_at = timezone.now()
    followup.save(update_fields=["status", "cancelled_at"])
    # A reminder still waiting to be delivered must not reach the partner now.
    followup.reminders.filter(sent_at__isnull=True, cancelled_at__isnull=True).update(
        cancelled_at=followup.cancelled_at
    )
    _event(
        followup.case,
        CaseEvent.Kind.FOLLOWUP_CANCELLED,
        actor,
        reason,
        organisation=followup.organisation.name,
        followup=followup.pk,
    )
    outbox.send_templated_email(
        template="casussen/email/followup_cancelled",
        to=[followup.contact_email],
        reply_to=reply_to(followup=followup),
        context=_followup_context(followup),
    )


def _cancel_pending_followups(
    case: Case, actor, *, reason: str, organisation: Organisation | None = None
) -> None:
    pending = case.followups.select_for_update(of=("self",)).filter(
        status__in=[FollowUp.Status.OPEN, FollowUp.Status.OVERDUE]
    )
    if organisation is not None:
        pending = pending.filter(organisation=organisation)
    for followup in pending.select_related("organisation", "case"):
        _cancel(followup, actor, reason)


def evaluation_invite(*, case: Case) -> Evaluation | None:
    """Ask the parent how it went: once per case, whatever happens after. Not for a case
    the address owner has not confirmed (they may never have asked); confirming it later
    sends the invitation."""
    if not case.is_confirmed:
        return None
    evaluation, _created = Evaluation.objects.get_or_create(case=case)
    if evaluation.submitted_at is None:
        outbox.claim_once(
            model=Reminder,
            key=f"case-{case.pk}-evaluation-invite",
            kind=Reminder.Kind.EVALUATION_INVITE,
            case=case,
            template="casussen/email/evaluation_invite",
            to=[case.parent.email],
            reply_to=reply_to(case=case),
        )
    return evaluation
