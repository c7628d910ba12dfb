"""The signals' part of the work queue: publications offered for approval that this
user may approve (an editor or a coordinator who neither prepared nor offered it).
Shared by the count and the admin list's filter, so the two agree."""

from datetime import datetime

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt import roles
from steunpunt.work_queue import CompiledCount, WorkQueueEntry

from . import rules
from .models import Publication


def awaiting_approval_by(publications: QuerySet, user) -> QuerySet:
    """Offered for approval, and not prepared or offered by `user` (who may not approve
    their own)."""
    own = Q(prepared_by=user) | Q(submitted_by=user)
    return publications.filter(status=Publication.Status.IN_REVIEW).exclude(own)


# The count, compiled once per process (`steunpunt.work_queue.CompiledCount`).
AWAITING_APPROVAL = CompiledCount(
    lambda user: awaiting_approval_by(Publication.objects.all(), user), "user"
)


def entries(user, now: datetime) -> list[WorkQueueEntry]:
    if not rules.may_review(user):
        return []
    return [
        WorkQueueEntry(
            rank=98,
            label=_("Signalen om goed te keuren"),
            count=AWAITING_APPROVAL.of(user, timezone.localdate(now)),
            url=f"{reverse('admin:signalen_publication_changelist')}?werk=goedkeuren",
            role="coordinator" if roles.is_coordinator(user) else "editor",
        )
    ]
