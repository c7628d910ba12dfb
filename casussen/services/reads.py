"""What each coordinator has seen of a case: opening its page marks everything that
came in until then as read, for them only (the work queue's "not read yet")."""

from datetime import datetime

from django.utils import timezone

from steunpunt.roles import is_coordinator

from ..models import Case, CaseView


def case_mark_seen(*, case: Case, user, now: datetime | None = None) -> None:
    """`user` opened the case now. Only coordinators are tracked. One upsert, so two
    tabs opening the case at once do not collide."""
    if not is_coordinator(user):
        return
    CaseView.objects.bulk_create(
        [CaseView(user=user, case=case, seen_at=now or timezone.now())],
        update_conflicts=True,
        unique_fields=["user", "case"],
        update_fields=["seen_at"],
    )
