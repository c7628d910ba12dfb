"""The parent's own reads of the timeline pages, compiled once per process
(`steunpunt.compiled`): each is asked on every /mijn/tijdlijn/ or parent's case page, and
costs Django more to build than the database needs to answer it. The same rows as the
querysets of `selectors` (the tests compare them)."""

from django.db import router

from casussen import selectors as case_selectors
from casussen.models import Case
from steunpunt.compiled import CompiledQuery

from . import services
from .models import Entry, Share

_OWNER_MARK, _CASE_MARK = -987654341, -987654342

_ENTRIES = CompiledQuery(
    lambda owner_id: Entry.objects.filter(owner_id=owner_id).order_by("starts_on", "pk"),
    _OWNER_MARK,
)
_SHARES = CompiledQuery(
    lambda owner_id: Share.objects.filter(owner_id=owner_id).select_related(
        "case", "followup__organisation", "followup__consent"
    ),
    _OWNER_MARK,
)
_LIVE_SHARES_OF_CASE = CompiledQuery(
    lambda case_id: Share.objects.filter(case_id=case_id, stopped_at__isnull=True).select_related(
        "followup__organisation"
    ),
    _CASE_MARK,
)

_SHAREABLE_CASES = CompiledQuery(
    lambda owner_id: services.still_shareable(case_selectors.confirmed_cases_of(owner_id)).only(
        "pk", "reference", "kind"
    ),
    _OWNER_MARK,
)


def entries_for(owner) -> list[Entry]:
    """As `selectors.entries_for`: the owner's entries, oldest first."""
    return _ENTRIES.instances(Entry, owner.pk, using=router.db_for_read(Entry))


def shares_for_owner(owner) -> list[Share]:
    """As `selectors.shares_for_owner`."""
    return _SHARES.objects(owner.pk, using=router.db_for_read(Share))


def live_shares_for_case(case: Case) -> list[Share]:
    """As `selectors.live_shares_for_case`: the case's shares that were not stopped."""
    return _LIVE_SHARES_OF_CASE.objects(case.pk, using=router.db_for_read(Share))


def shareable_cases(owner) -> list[Case]:
    """As `services.shareable_cases`, with what a link to share with one of them shows."""
    return _SHAREABLE_CASES.objects(owner.pk, using=router.db_for_read(Case))
