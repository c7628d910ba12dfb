from django.db import router
from django.db.models import QuerySet

from steunpunt.compiled import CompiledQuery

from .models import Entry, Share

_CASE_MARK = -987654340


def entries_for(owner) -> QuerySet[Entry]:
    return Entry.objects.filter(owner=owner).order_by("starts_on", "pk")


def shares_for_owner(owner) -> list[Share]:
    return list(
        Share.objects.filter(owner=owner).select_related(
            "case", "followup__organisation", "followup__consent"
        )
    )


# Compiled once (`steunpunt.compiled`): the admin's and the parent's case pages ask it on
# every view, and building the query cost more than answering it (issue #12).
_LIVE_FOR_CASE = CompiledQuery(
    lambda pk: Share.objects.filter(case_id=pk, stopped_at__isnull=True).select_related(
        "followup__organisation"
    ),
    _CASE_MARK,
)


def live_shares_for_case(case) -> list[Share]:
    """What the coordinator sees on the case page: every share that was not stopped."""
    shares = _LIVE_FOR_CASE.objects(case.pk, using=router.db_for_read(Share))
    for share in shares:
        share.case = case
    return shares


def live_shares_for_followup(followup) -> list[Share]:
    return list(
        Share.objects.filter(followup=followup, stopped_at__isnull=True).select_related(
            "followup__consent"
        )
    )
