from django.db.models import QuerySet

from .models import Entry, Share


def entries_for(owner) -> QuerySet[Entry]:
    return Entry.objects.filter(owner=owner).order_by("starts_on", "pk")


def shares_for_owner(owner) -> list[Share]:
    return list(
        Share.objects.filter(owner=owner).select_related(
            "case", "followup__organisation", "followup__consent"
        )
    )


def live_shares_for_case(case) -> list[Share]:
    """What the coordinator sees on the case page: every share that was not stopped."""
    return list(
        Share.objects.filter(case=case, stopped_at__isnull=True).select_related(
            "followup__organisation"
        )
    )


def live_shares_for_followup(followup) -> list[Share]:
    return list(
        Share.objects.filter(followup=followup, stopped_at__isnull=True).select_related(
            "followup__consent"
        )
    )
