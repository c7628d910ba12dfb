"""Everything time-driven about cases: reminders claimed once in the outbox, overdue
follow-ups, evaluation reminders, closing resolved cases; and, when the outbox delivers
a reminder, whether it is still relevant and the context it is rendered with."""

import logging
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt import notifications, outbox, roles
from steunpunt.models import NotificationKind, NotificationPreference
from steunpunt.selectors import site_settings, users_with_role
from steunpunt.site_url import absolute_url

from .. import workflow
from ..deadlines import add_working_days, subtract_working_days
from ..models import (
    Case,
    CaseEvent,
    Evaluation,
    FollowUp,
    Reminder,
)
from .cases import cases_close_resolved
from .common import (
    INTERNAL_EVENT_KINDS,
    S,
    _email_context,
    _followup_context,
    every_coordinator,
)
from .links import evaluation_link, reply_to
from .notifications import case_audience, digest_line, is_urgent, notify_key
from .praatplaat import praatplaat_sweep

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


def reminders_still_relevant(reminders: list[Reminder]) -> set[int]:
    """`reminder_still_relevant` for a batch: follow-up reminders checked in one query,
    the rest one by one (few of them)."""
    followup_ids = {r.followup_id for r in reminders if r.followup_id}
    followups = {
        f.pk: f
        for f in FollowUp.objects.filter(pk__in=followup_ids)
        .select_related("consent")
        .only("pk", "status", "consent__withdrawn_at")
    }
    relevant = set()
    for reminder in reminders:
        if not reminder.followup_id:
            if reminder_still_relevant(reminder):
                relevant.add(reminder.pk)
            continue
        followup = followups.get(reminder.followup_id)
        if followup is None or followup.consent.withdrawn_at is not None:
            continue
        wanted = (
            FollowUp.Status.OVERDUE
            if reminder.kind == Reminder.Kind.FOLLOWUP_OVERDUE
            else FollowUp.Status.OPEN
        )
        if followup.status == wanted:
            relevant.add(reminder.pk)
    return relevant


def reminder_drafts(reminders: list[Reminder]) -> dict[int, outbox.Draft]:
    """The context of each case reminder when the outbox delivers it, for a batch in a
    fixed number of queries: the follow-ups, cases and evaluations as they are now (the
    signed links made now), the first-response deadline as it was when the reminder was
    claimed (its key names that deadline)."""
    kind = Reminder.Kind
    evaluation_kinds = (kind.EVALUATION_INVITE, kind.EVALUATION_REMINDER)
    followups = FollowUp.objects.select_related("case", "organisation").in_bulk(
        {r.followup_id for r in reminders if r.followup_id}
    )
    cases = Case.objects.select_related("assigned_to").in_bulk(
        {r.case_id for r in reminders if not r.followup_id}
    )
    evaluations = {
        e.case_id: e
        for e in Evaluation.objects.filter(
            case_id__in=[r.case_id for r in reminders if r.kind in evaluation_kinds]
        )
    }
    shared = {"site_settings": site_settings()}
    drafts = {}
    for reminder in reminders:
        # A row whose follow-up or case is gone raises here: the outbox then builds the
        # batch row by row and leaves that one unsent.
        if reminder.kind == kind.FOLLOWUP_OVERDUE:
            followup = followups[reminder.followup_id]
            context = _email_context(followup.case, followup=followup, **shared)
        elif reminder.followup_id:
            context = _followup_context(
                followups[reminder.followup_id],
                on_due=reminder.kind == kind.FOLLOWUP_ON_DUE,
                **shared,
            )
        elif reminder.kind == kind.CASE_RESPOND_SOON:
            context = _email_context(
                cases[reminder.case_id],
                respond_by=date.fromisoformat(reminder.context["respond_by"]),
                overdue=reminder.context["overdue"],
                **shared,
            )
        elif reminder.kind in evaluation_kinds:
            case = cases[reminder.case_id]
            context = _email_context(case, link=evaluation_link(evaluations[case.pk]), **shared)
        else:
            raise ValueError(reminder.kind)
        drafts[reminder.pk] = outbox.Draft(context=context)
    return drafts


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
    counts.update(_sweep_followups(today))
    counts["case_respond_soon"] = _sweep_respond_soon(today)
    counts["evaluation_reminder"] = _sweep_evaluation_reminders(now)
    counts["closed"] = _sweep_close_resolved(now)
    counts["redelivered"] = outbox.redeliver_stale(model=Reminder, now=now)
    counts.update(praatplaat_sweep(now=now))
    return counts


# Follow-ups handled per transaction: the queries per sweep grow with the batches, not
# with the rows.
FOLLOWUP_BATCH = 500


def _followup_kind(due: date, created: date, today: date) -> str | None:
    """Which reminder an open follow-up calls for today, if any."""
    if today >= add_working_days(due, 2):
        return Reminder.Kind.FOLLOWUP_OVERDUE
    if today >= due:
        return Reminder.Kind.FOLLOWUP_ON_DUE
    if created < subtract_working_days(due, 2):
        return Reminder.Kind.FOLLOWUP_BEFORE_DUE
    # Asked only just now: a reminder before the due date would be noise.
    return None


def _sweep_followups(today: date) -> dict[str, int]:
    """Open follow-ups due within two working days: a reminder before and on the due date,
    and two working days late the follow-up is overdue and the coordinator told. Only the
    follow-ups still owed something are loaded, in batches; a reminder already claimed is
    skipped before anything is rendered."""
    counts = {"followup_before_due": 0, "followup_on_due": 0, "followup_overdue": 0}
    soon = add_working_days(today, 2)
    pending = FollowUp.objects.filter(status=FollowUp.Status.OPEN, due_date__lte=soon)
    reminded = set(
        Reminder.objects.filter(
            followup__status=FollowUp.Status.OPEN, followup__due_date__lte=soon
        ).values_list("followup_id", "kind")
    )
    todo = []
    for pk, due, created_at in pending.order_by("pk").values_list("pk", "due_date", "created_at"):
        kind = _followup_kind(due, timezone.localdate(created_at), today)
        # Overdue always moves the follow-up on, even if its email was claimed before.
        if kind is not None and (
            kind == Reminder.Kind.FOLLOWUP_OVERDUE or (pk, kind) not in reminded
        ):
            todo.append(pk)
    for start in range(0, len(todo), FOLLOWUP_BATCH):
        for kind, count in _sweep_followup_batch(
            todo[start : start + FOLLOWUP_BATCH], today
        ).items():
            counts[kind] += count
    return counts


@transaction.atomic
def _sweep_followup_batch(followup_ids: list[int], today: date) -> dict[str, int]:
    counts = {"followup_before_due": 0, "followup_on_due": 0, "followup_overdue": 0}
    # Locked in id order, so two sweeps at once wait for each other instead of deadlocking;
    # the second finds the status changed or the keys taken. Plain values: the sweep only
    # decides and claims, the email is rendered when it is delivered.
    followups = list(
        FollowUp.objects.select_for_update(of=("self",))
        .filter(pk__in=followup_ids, status=FollowUp.Status.OPEN)
        .order_by("pk")
        .values_list(
            "pk",
            "case_id",
            "due_date",
            "created_at",
            "contact_email",
            "organisation__name",
            "case__assigned_to__email",
            "case__assigned_to__is_active",
            "link_nonce",
        )
    )
    if not followups:
        return counts
    now = timezone.now()
    kinds = {}
    for pk, _case_id, due, created_at, *_rest in followups:
        kind = _followup_kind(due, timezone.localdate(created_at), today)
        if kind is not None:
            kinds[pk] = kind
    overdue = [pk for pk, kind in kinds.items() if kind == Reminder.Kind.FOLLOWUP_OVERDUE]
    # Who hears of an overdue follow-up now is each coordinator's choice (the others get
    # it in their digest): read for the overdue ones only, in one query.
    overdue_audience = _overdue_audience()
    overdue_followups = (
        FollowUp.objects.select_related("case", "case__assigned_to", "organisation").in_bulk(
            overdue
        )
        if overdue
        else {}
    )

    claims = []
    for pk, case_id, _due, _created, contact_email, _name, _owner, _active, nonce in followups:
        kind = kinds.get(pk)
        if kind is None:
            continue
        if kind == Reminder.Kind.FOLLOWUP_OVERDUE:
            followup = overdue_followups[pk]
            admin_url = absolute_url(reverse("admin:casussen_case_change", args=[case_id]))
            template = "casussen/email/followup_overdue"

            def email(followup=followup, admin_url=admin_url, template=template):
                # Asked only for a key not taken yet: the digest lines go in once.
                return template, overdue_audience(followup, admin_url), {}

            # The coordinator's overdue notice has no reply address: they answer on the site.
            reply = []
        else:
            to, template = [contact_email], f"casussen/email/{kind}"

            def email(template=template, to=to):
                return template, to, {}

            reply = reply_to(followup=FollowUp(pk=pk, link_nonce=nonce))
        claims.append(
            outbox.Claim(
                key=f"followup-{pk}-{kind}",
                email=email,
                fields={"kind": kind, "case_id": case_id, "followup_id": pk, "reply_to": reply},
            )
        )
    if overdue:
        # One UPDATE with the same values for all (bulk_update builds a CASE per row).
        FollowUp.objects.filter(pk__in=overdue).update(
            status=FollowUp.Status.OVERDUE, overdue_at=now
        )
    claimed = outbox.claim_many(model=Reminder, claims=claims)
    events = []
    for pk, case_id, _due, _created, _email, name, _owner, _active, _nonce in followups:
        kind = kinds.get(pk)
        if kind == Reminder.Kind.FOLLOWUP_OVERDUE:
            # Overdue always moves the follow-up on, even if its email was claimed before.
            events.append(_event_row(case_id, CaseEvent.Kind.FOLLOWUP_OVERDUE, name, followup=pk))
        elif kind is not None and f"followup-{pk}-{kind}" in claimed:
            events.append(
                _event_row(
                    case_id, CaseEvent.Kind.FOLLOWUP_REMINDED, name, followup=pk, reminder=kind
                )
            )
        if kind is not None and f"followup-{pk}-{kind}" in claimed:
            counts[str(kind)] += 1
    CaseEvent.objects.bulk_create(events)
    return counts


def _event_row(case_id: int, kind: str, text: str, **data) -> CaseEvent:
    """A timeline event built like `_event`, to be saved with the batch."""
    return CaseEvent(
        case_id=case_id, kind=kind, text=text, is_internal=kind in INTERNAL_EVENT_KINDS, data=data
    )


def _respond_key(case_id: int, respond_by: date) -> str:
    return f"case-{case_id}-respond-{respond_by.isoformat()}"


def _sweep_respond_soon(today: date) -> int:
    """Coordinators hear on the working day before a first response is due (and on it,
    or after, if the sweep missed that day): once per case and deadline. The cases
    already reminded of this deadline are skipped before anything is loaded."""
    horizon = add_working_days(today, 1)
    due = Case.objects.filter(
        status__in=workflow.OPEN,
        responded_at__isnull=True,
        paused_since__isnull=True,
        respond_by__lte=horizon,
    )
    rows = list(due.order_by("pk").values_list("pk", "respond_by"))
    if not rows:
        return 0
    reminded = set(
        Reminder.objects.filter(kind=Reminder.Kind.CASE_RESPOND_SOON, case__in=due).values_list(
            "key", flat=True
        )
    )
    todo = [pk for pk, respond_by in rows if _respond_key(pk, respond_by) not in reminded]
    return sum(
        _sweep_respond_soon_batch(due, todo[start : start + FOLLOWUP_BATCH], today)
        for start in range(0, len(todo), FOLLOWUP_BATCH)
    )


def _coordinators_for():
    """Who hears about a case (`coordinator_recipients`) for a batch: `recipients(email)`
    with the email of its active coordinator, or None for every coordinator, who are
    read once."""
    everyone: list[str] | None = None

    def recipients(owner: str | None) -> list[str]:
        nonlocal everyone
        if owner:
            return [owner]
        if everyone is None:
            everyone = every_coordinator()
        return everyone

    return recipients


def _overdue_audience():
    """Who is emailed now about an overdue follow-up (each coordinator's choice, read
    once per batch); the others get a line in their digest, once per follow-up."""
    coordinators: list | None = None
    preferences: dict | None = None

    def audience(followup: FollowUp, admin_url: str) -> list[str]:
        nonlocal coordinators, preferences
        if preferences is None:
            preferences = {p.user_id: p for p in NotificationPreference.objects.all()}
        case = followup.case
        if coordinators is None and not (case.assigned_to_id and case.assigned_to.is_active):
            coordinators = list(users_with_role(roles.COORDINATOR).order_by("pk"))
        kind = NotificationKind.FOLLOWUP_OVERDUE
        immediate, digest = notifications.split_audience(
            kind=kind,
            users=case_audience(case, coordinators),
            urgent=is_urgent(kind=kind, case=case),
            preferences=preferences,
        )
        if digest:
            notifications.add_digest_entries(
                kind=kind,
                users=digest,
                key=notify_key(kind=kind, case=case, followup=followup),
                text=digest_line(kind=kind, case=case, followup=followup),
                url=admin_url,
            )
        return immediate

    return audience


@transaction.atomic
def _sweep_respond_soon_batch(due, case_ids: list[int], today: date) -> int:
    cases = (
        due.filter(pk__in=case_ids)
        .order_by("pk")
        .values_list("pk", "respond_by", "assigned_to__email", "assigned_to__is_active")
    )
    recipients = _coordinators_for()
    # The deadline as it is now: the reminder is about it (its key names it), whenever it
    # is delivered.
    claims = [
        outbox.Claim(
            key=_respond_key(pk, respond_by),
            email=lambda respond_by=respond_by, owner=owner, active=active: (
                "casussen/email/case_respond_soon",
                recipients(owner if active else None),
                {"respond_by": respond_by, "overdue": respond_by < today},
            ),
            fields={"kind": Reminder.Kind.CASE_RESPOND_SOON, "case_id": pk},
        )
        for pk, respond_by, owner, active in cases
    ]
    return len(outbox.claim_many(model=Reminder, claims=claims))


def _sweep_evaluation_reminders(now: datetime) -> int:
    """A week after the invitation, one reminder to a parent who has not answered.
    Parents already reminded are left out by the query itself."""
    waiting = Evaluation.objects.filter(
        submitted_at__isnull=True,
        invited_at__lte=now - EVALUATION_REMINDER_AFTER,
        case__status=S.RESOLVED,
    ).exclude(
        Exists(
            Reminder.objects.filter(
                case_id=OuterRef("case_id"), kind=Reminder.Kind.EVALUATION_REMINDER
            )
        )
    )
    todo = list(waiting.order_by("pk").values_list("pk", flat=True))
    return sum(
        _sweep_evaluation_batch(waiting, todo[start : start + FOLLOWUP_BATCH])
        for start in range(0, len(todo), FOLLOWUP_BATCH)
    )


@transaction.atomic
def _sweep_evaluation_batch(waiting, evaluation_ids: list[int]) -> int:
    evaluations = waiting.filter(pk__in=evaluation_ids).select_related("case", "case__parent")
    claims = [
        outbox.Claim(
            key=f"case-{evaluation.case_id}-evaluation-reminder",
            email=lambda evaluation=evaluation: (
                "casussen/email/evaluation_reminder",
                [evaluation.case.parent.email],
                {},
            ),
            fields={
                "kind": Reminder.Kind.EVALUATION_REMINDER,
                "case": evaluation.case,
                "reply_to": reply_to(case=evaluation.case),
            },
        )
        for evaluation in evaluations.order_by("pk")
    ]
    return len(outbox.claim_many(model=Reminder, claims=claims))


def _sweep_close_resolved(now: datetime) -> int:
    """Close what was resolved two weeks ago, in batches (`cases_close_resolved`)."""
    stale = Case.objects.filter(status=S.RESOLVED, resolved_at__lte=now - CLOSE_AFTER)
    todo = list(stale.order_by("pk").values_list("pk", flat=True))
    return sum(
        cases_close_resolved(
            case_ids=todo[start : start + FOLLOWUP_BATCH],
            resolved_before=now - CLOSE_AFTER,
            note=_("Automatisch gesloten: 14 dagen na het afronden."),
        )
        for start in range(0, len(todo), FOLLOWUP_BATCH)
    )
