"""The policy pool's part of the coordinator's work queue: new requests nobody was
invited for yet, parents who joined and wait for their intake call, and meetings that
took place without a report. Each query set is shared by the count (counted with the
rest of the queue in one query) and the admin list's filter."""

from datetime import date, datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt.roles import is_coordinator
from steunpunt.work_queue import CompiledCount, WorkQueueEntry

from .models import Invitation, PerspectiveRequest, PoolMember

R = PerspectiveRequest.Status


def _new() -> Q:
    return Q(status=R.SUBMITTED)


def _report_missing(today: date) -> Q:
    """The first meeting is over, somebody said yes, and there is no report yet."""
    said_yes = Invitation.objects.filter(request=OuterRef("pk"), status=Invitation.Status.ACCEPTED)
    return Q(status__in=[R.INVITING, R.FILLED], first_date__lt=today) & Q(Exists(said_yes))


def requests_new(requests: QuerySet) -> QuerySet:
    return requests.filter(_new())


def reports_missing(requests: QuerySet, today: date) -> QuerySet:
    return requests.filter(_report_missing(today))


def members_to_call(members: QuerySet) -> QuerySet:
    return members.filter(status=PoolMember.Status.APPLIED)


# The counts, compiled once per process (`steunpunt.work_queue.CompiledCount`).
REQUESTS_NEW = CompiledCount(lambda: requests_new(PerspectiveRequest.objects.all()))
MEMBERS_TO_CALL = CompiledCount(lambda: members_to_call(PoolMember.objects.all()))
REPORTS_MISSING = CompiledCount(
    lambda today: reports_missing(PerspectiveRequest.objects.all(), today), "today"
)


def entries(user, now: datetime) -> list[WorkQueueEntry]:
    if not is_coordinator(user):
        return []
    today = timezone.localdate(now)
    requests_url = reverse("admin:ervaringsdeskundigen_perspectiverequest_changelist")
    return [
        WorkQueueEntry(
            rank=92,
            label=_("Vragen om ouderperspectief zonder uitnodiging"),
            count=REQUESTS_NEW.of(user, today),
            url=f"{requests_url}?werk=nieuw",
            role="coordinator",
        ),
        WorkQueueEntry(
            rank=94,
            label=_("Ervaringsdeskundigen om te bellen"),
            count=MEMBERS_TO_CALL.of(user, today),
            url=f"{reverse('admin:ervaringsdeskundigen_poolmember_changelist')}?werk=bellen",
            role="coordinator",
        ),
        WorkQueueEntry(
            rank=96,
            label=_("Bijeenkomsten zonder verslag"),
            count=REPORTS_MISSING.of(user, today),
            url=f"{requests_url}?werk=verslag",
            role="coordinator",
        ),
    ]
