"""Everything time-driven about cases: reminders claimed once in the outbox, overdue
follow-ups, evaluation reminders, closing resolved cases; and whether a queued
reminder is still relevant when the outbox delivers it."""

import logging
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt import outbox

from .. import workflow
from ..deadlines import add_working_days, subtract_working_days
from ..models import (
    Case,
    CaseEvent,
    Evaluation,
    FollowUp,
    Reminder,
)
from .cases import case_transition
from .common import (
    S,
    TransitionRefusedError,
    _email_context,
    _event,
    _followup_context,
    coordinator_recipients,
)
from .links import evaluation_link

logger = logging.getLogger(__name__)


# --- Reminders: claimed once, delivered from the row ---------------------------------------

EVALUATION_REMINDER_AFTER = timedelta(days=7)
CLOSE_AFTER = timedelta(days=14)


def reminder_still_relevant(reminder: Reminder) -> bool:
    """Between claiming and delivering, things change: the partner answered, consent was
    withdrawn, the parent already evaluated, the coordinator already responded."""
    kind = Reminder.Kind
    if reminder.followup_id:
        followup = FollowUp.objects.select_related("consent").get(pk=reminder.followup_id)
        if followup.consent.withdrawn_at is not None:
            return False
        if reminder.kind == kind.FOLLOWUP_OVERDUE:
            return followup.status == FollowUp.Status.OVERDUE
        return followup.status == FollowUp.Status.OPEN
    case = Case.objects.get(pk=reminder.case_id)
    if reminder.kind == kind.CASE_RESPOND_SOON:
        return case.responded_at is None and case.status in workflow.OPEN
    if reminder.kind in (kind.EVALUATION_INVITE, kind.EVALUATION_REMINDER):
        return not Evaluation.objects.filter(case=case, submitted_at__isnull=False).exists()
    return True


def sweep_reminders(*, now: datetime | None = None) -> dict[str, int]:
    """Everything time-driven about cases, safe to run at any moment and twice at once:
    reminders to partners and coordinators, overdue follow-ups, evaluation reminders,
    closing resolved cases, and a new attempt for reminders a crashed worker left."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {
        "followup_before_due": 0,
        "followup_on_due": 0,
        "followup_overdue": 0,
        "case_respond_soon": 0,
        "evaluation_reminder": 0,
        "closed": 0,
        "redelivered": 0,
    }
    soon = add_working_days(today, 2)
    pending = FollowUp.objects.filter(status=FollowUp.Status.OPEN, due_date__lte=soon)
    for followup_id in pending.values_list("pk", flat=True):
        kind = _sweep_followup(followup_id, today)
        if kind:
            counts[kind] += 1
    counts["case_respond_soon"] = _sweep_respond_soon(today)
    counts["evaluation_reminder"] = _sweep_evaluation_reminders(now)
    counts["closed"] = _sweep_close_resolved(now)
    counts["redelivered"] = outbox.redeliver_stale(model=Reminder, now=now)
    return counts


@transaction.atomic
def _sweep_followup(followup_id: int, today: date) -> str | None:
    followup = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("case", "organisation", "case__assigned_to")
        .filter(pk=followup_id, status=FollowUp.Status.OPEN)
        .first()
    )
    if followup is None:
        return None
    case = followup.case
    due = followup.due_date
    if today >= add_working_days(due, 2):
        followup.status = FollowUp.Status.OVERDUE
        followup.overdue_at = timezone.now()
        followup.save(update_fields=["status", "overdue_at"])
        _event(
            case,
            CaseEvent.Kind.FOLLOWUP_OVERDUE,
            None,
            followup.organisation.name,
            followup=followup.pk,
        )
        claimed = outbox.claim_once(
            model=Reminder,
            key=f"followup-{followup.pk}-{Reminder.Kind.FOLLOWUP_OVERDUE}",
            kind=Reminder.Kind.FOLLOWUP_OVERDUE,
            case=case,
            followup=followup,
            template="casussen/email/followup_overdue",
            to=coordinator_recipients(case),
            context=_email_context(case, followup=followup),
        )
        return "followup_overdue" if claimed else None
    if today >= due:
        kind = Reminder.Kind.FOLLOWUP_ON_DUE
    elif timezone.localdate(followup.created_at) < subtract_working_days(due, 2):
        kind = Reminder.Kind.FOLLOWUP_BEFORE_DUE
    else:
        # Asked only just now: a reminder before the due date would be noise.
        return None
    claimed = outbox.claim_once(
        model=Reminder,
        key=f"followup-{followup.pk}-{kind}",
        kind=kind,
        case=case,
        followup=followup,
        template=f"casussen/email/{kind}",
        to=[followup.contact_email],
        context=_followup_context(followup, on_due=kind == Reminder.Kind.FOLLOWUP_ON_DUE),
    )
    if claimed is None:
        return None
    _event(
        case,
        CaseEvent.Kind.FOLLOWUP_REMINDED,
        None,
        followup.organisation.name,
        followup=followup.pk,
        reminder=kind,
    )
    return str(kind)


def _sweep_respond_soon(today: date) -> int:
    """Coordinators hear on the working day before a first response is due (and on it,
    or after, if the sweep missed that day): once per case and deadline."""
    horizon = add_working_days(today, 1)
    cases = Case.objects.filter(
        status__in=workflow.OPEN,
        responded_at__isnull=True,
        paused_since__isnull=True,
        respond_by__lte=horizon,
    ).select_related("assigned_to", "parent", "theme")
    sent = 0
    for case in cases:
        with transaction.atomic():
            claimed = outbox.claim_once(
                model=Reminder,
                key=f"case-{case.pk}-respond-{case.respond_by.isoformat()}",
                kind=Reminder.Kind.CASE_RESPOND_SOON,
                case=case,
                template="casussen/email/case_respond_soon",
                to=coordinator_recipients(case),
                context=_email_context(case, overdue=case.respond_by < today),
            )
        sent += claimed is not None
    return sent


def _sweep_evaluation_reminders(now: datetime) -> int:
    evaluations = Evaluation.objects.filter(
        submitted_at__isnull=True,
        invited_at__lte=now - EVALUATION_REMINDER_AFTER,
        case__status=S.RESOLVED,
    ).select_related("case", "case__parent")
    sent = 0
    for evaluation in evaluations:
        with transaction.atomic():
            claimed = outbox.claim_once(
                model=Reminder,
                key=f"case-{evaluation.case_id}-evaluation-reminder",
                kind=Reminder.Kind.EVALUATION_REMINDER,
                case=evaluation.case,
                template="casussen/email/evaluation_reminder",
                to=[evaluation.case.parent.email],
                context=_email_context(evaluation.case, link=evaluation_link(evaluation)),
            )
        sent += claimed is not None
    return sent


def _sweep_close_resolved(now: datetime) -> int:
    closed = 0
    stale = Case.objects.filter(status=S.RESOLVED, resolved_at__lte=now - CLOSE_AFTER)
    for case in stale.only("pk"):
        try:
            case_transition(
                case=case,
                to_status=S.CLOSED,
                actor=None,
                note=_("Automatisch gesloten: 14 dagen na het afronden."),
            )
            closed += 1
        except TransitionRefusedError:
            # Reopened or closed by someone else meanwhile.
            continue
    return closed
