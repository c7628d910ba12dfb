"""The coordinator's work queue for cases: each entry a query set that both the count
on the admin index and the case list's filter (`admin.common.WorkQueueFilter`) use, so
the link shows exactly what was counted. Every one is served by an index (see the
model's Meta); the whole queue is counted in one query (`steunpunt.work_queue`), each
count compiled once per process (`COUNTS`)."""

from datetime import date, datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt.roles import is_coordinator
from steunpunt.work_queue import CompiledCount, WorkQueueEntry

from . import workflow
from .models import Case, CaseView, FollowUp

S = Case.Status

# Filter value -> (rank on the index, label). Ranks leave room for the other apps.
NEW = "nieuw"
MINE = "mijn"
FIRST_RESPONSE = "eerste-reactie"
PARTNER_LATE = "partner-te-laat"
UNREAD = "ongelezen"
EVALUATION = "evaluatie"


def labels() -> dict[str, str]:
    return {
        NEW: _("Nieuw en nog van niemand"),
        MINE: _("Mijn zaken"),
        FIRST_RESPONSE: _("Eerste reactie vandaag of te laat"),
        PARTNER_LATE: _("Wacht op partner, termijn voorbij"),
        UNREAD: _("Nieuwe berichten van ouders en partners"),
        EVALUATION: _("Ontevreden evaluaties om te bespreken"),
    }


RANKS = {NEW: 10, MINE: 20, FIRST_RESPONSE: 30, PARTNER_LATE: 40, UNREAD: 50, EVALUATION: 60}


def new_unassigned(cases: QuerySet) -> QuerySet:
    return cases.filter(status=S.NEW, assigned_to__isnull=True)


def mine(cases: QuerySet, user) -> QuerySet:
    return cases.filter(assigned_to=user, status__in=workflow.OPEN)


def first_response_due(cases: QuerySet, today: date) -> QuerySet:
    """Open, no first response yet, due today or before (not while waiting for the
    parent: then the deadline stands still)."""
    return cases.filter(
        status__in=workflow.OPEN,
        responded_at__isnull=True,
        paused_since__isnull=True,
        respond_by__lte=today,
    )


def partner_late(cases: QuerySet, today: date) -> QuerySet:
    """Waiting for a partner whose answer was due before today."""
    late = FollowUp.objects.filter(
        status__in=[FollowUp.Status.OPEN, FollowUp.Status.OVERDUE], due_date__lt=today
    ).values("case_id")
    return cases.filter(status=S.WAITING_FOR_PARTNER, pk__in=late)


def partner_late_counted(today: date) -> QuerySet:
    """What `partner_late(...).count()` counts, from the follow-ups' side: both sides are
    read from partial indexes alone (`followup_pending_due`, `case_waiting_for_partner`)."""
    return (
        FollowUp.objects.filter(
            status__in=[FollowUp.Status.OPEN, FollowUp.Status.OVERDUE],
            due_date__lt=today,
            case__status=S.WAITING_FOR_PARTNER,
        )
        .order_by()
        .values("case_id")
        .distinct()
    )


def partner_late_count(today: date) -> int:
    return partner_late_counted(today).count()


def unread(cases: QuerySet, user, *, owners: Q | None = None) -> QuerySet:
    """Cases of this coordinator (or of nobody yet), not closed, where a parent wrote or
    a partner answered after the coordinator last opened the case. `owners` narrows it
    to one of the two halves (see `unread_count`)."""
    seen = CaseView.objects.filter(
        user=user, case_id=OuterRef("pk"), seen_at__gte=OuterRef("last_external_at")
    )
    if owners is None:
        owners = Q(assigned_to=user) | Q(assigned_to__isnull=True)
    return (
        cases.filter(last_external_at__isnull=False)
        .exclude(status=S.CLOSED)
        .filter(owners)
        .exclude(Exists(seen))
    )


def unread_counted(cases: QuerySet, user) -> tuple[QuerySet, QuerySet]:
    """What `unread(...).count()` counts, as two halves, mine and nobody's: each is read
    from the index `case_owner_unread` alone, where the OR of both needs the table."""
    return (
        unread(cases, user, owners=Q(assigned_to=user)),
        unread(cases, user, owners=Q(assigned_to__isnull=True)),
    )


def unread_count(cases: QuerySet, user) -> int:
    return sum(half.count() for half in unread_counted(cases, user))


def evaluation_to_review(cases: QuerySet) -> QuerySet:
    return cases.filter(
        evaluation__review_needed_at__isnull=False, evaluation__reviewed_at__isnull=True
    )


def filtered(value: str, cases: QuerySet, user, today: date) -> QuerySet:
    """The cases of one work-queue entry (the case list's filter)."""
    if value == NEW:
        return new_unassigned(cases)
    if value == MINE:
        return mine(cases, user)
    if value == FIRST_RESPONSE:
        return first_response_due(cases, today)
    if value == PARTNER_LATE:
        return partner_late(cases, today)
    if value == UNREAD:
        return unread(cases, user)
    if value == EVALUATION:
        return evaluation_to_review(cases)
    return cases


# The case list sorted by the deadline column (list_display's "deadline", ordered by
# respond_by): what is due first comes first.
BY_DEADLINE = "5"
ORDERED_BY_DEADLINE = {NEW, MINE, FIRST_RESPONSE}


def url_for(value: str) -> str:
    url = f"{reverse('admin:casussen_case_changelist')}?werk={value}"
    if value in ORDERED_BY_DEADLINE:
        url += f"&o={BY_DEADLINE}"
    return url


def entries(user, now: datetime) -> list[WorkQueueEntry]:
    """The case part of the work queue, for a coordinator."""
    if not is_coordinator(user):
        return []
    today = timezone.localdate(now)
    names = labels()
    return [
        WorkQueueEntry(
            rank=RANKS[value],
            label=names[value],
            count=_counted(value, user, today),
            url=url_for(value),
            role="coordinator",
        )
        for value in RANKS
    ]


def _cases() -> QuerySet:
    return Case.objects.order_by()


# What each entry counts (with the rest of the queue in one query), compiled once;
# `filtered` gives the same cases to the case list.
COUNTS = {
    NEW: CompiledCount(lambda: new_unassigned(_cases())),
    MINE: CompiledCount(lambda user: mine(_cases(), user), "user"),
    FIRST_RESPONSE: CompiledCount(lambda today: first_response_due(_cases(), today), "today"),
    PARTNER_LATE: CompiledCount(partner_late_counted, "today"),
    EVALUATION: CompiledCount(lambda: evaluation_to_review(_cases())),
}
# The unread entry in its two halves (`unread_counted`).
UNREAD_HALVES = (
    CompiledCount(lambda user: unread_counted(_cases(), user)[0], "user"),
    CompiledCount(lambda user: unread_counted(_cases(), user)[1], "user"),
)


def _counted(value: str, user, today: date):
    if value == UNREAD:
        return tuple(half.of(user, today) for half in UNREAD_HALVES)
    return COUNTS[value].of(user, today)
