"""What the timeline contributes to the retention job (registered in apps.py).

Entries are the parent's: kept until they delete them, or until they did not sign in
for the term (an account without a login is removed on the same term). A share goes
when its case is made anonymous, or the term after the parent stopped it (its copy was
wiped when they stopped)."""

from datetime import datetime

from django.db.models import Q, QuerySet

from steunpunt import retention

from .models import Entry, Share


def entries_due(moment: datetime) -> QuerySet:
    return Entry.objects.filter(updated_at__lt=moment).filter(
        Q(owner__last_login__lt=moment) | Q(owner__last_login__isnull=True)
    )


def entries_apply(pks: list) -> int:
    return Entry.objects.filter(pk__in=pks).delete()[0]


def shares_due(moment: datetime) -> QuerySet:
    return Share.objects.filter(Q(case__anonymised_at__isnull=False) | Q(stopped_at__lt=moment))


def shares_apply(pks: list) -> int:
    return Share.objects.filter(pk__in=pks).delete()[0]


def register() -> None:
    retention.register(
        retention.RetentionKind("tijdlijn.entries", "timeline", entries_due, entries_apply)
    )
    retention.register(
        retention.RetentionKind("tijdlijn.shares", "timeline_shares", shares_due, shares_apply)
    )
