"""The timeline on other apps' pages (registered in apps.py, see steunpunt.panels).

Each read of a shared timeline by someone other than the parent is written to the
access log before the HTML is returned (fail closed)."""

from django.template.loader import render_to_string

from casussen.models import Case
from steunpunt import access_log, panels

from . import reads, selectors, services
from .models import Share


def _record(request, share: Share, *, organisation: str = "") -> None:
    access_log.record_read(
        request=request,
        obj=share,
        subjects=[share.owner_id],
        case_reference=share.case.reference,
        organisation=organisation,
    )


def case_admin(*, request, obj, **extra) -> str:
    """The coordinator's case page: every live share, as it was when shared."""
    shares = selectors.live_shares_for_case(obj)
    if not shares:
        return ""
    for share in shares:
        share.case = obj
        _record(request, share)
    return render_to_string("tijdlijn/panels/case_admin.html", {"shares": shares, "case": obj})


def portal_case(*, request, obj, **extra) -> str:
    """The parent's case page: share the timeline with this case."""
    if obj.parent_id is None or obj.parent_id != request.user.pk:
        return ""
    # The page fetched the case for its parent: what makes it shareable is on the row.
    shareable = (
        obj.status != Case.Status.CLOSED
        and obj.anonymised_at is None
        and obj.merged_into_id is None
    )
    # The page's query said whether the case has live shares (`live_shares_probe`).
    live = reads.live_shares_for_case(obj) if panels.may_have(obj, "tijdlijn") else []
    if not shareable and not live:
        return ""
    return render_to_string(
        "tijdlijn/panels/portal_case.html",
        {"case": obj, "shareable": shareable, "live": live},
    )


def live_shares_probe(case_id):
    """The case's shares that were not stopped, as `reads.live_shares_for_case` reads
    them: whether the parent's case page has any (steunpunt.panels.probes)."""
    return Share.objects.filter(case_id=case_id, stopped_at__isnull=True)


def followup_partner(*, request, obj, in_portal: bool = False, **extra) -> str:
    """The partner's follow-up page: what the parent shared with this organisation,
    while their consent holds."""
    shares = [
        share
        for share in selectors.live_shares_for_followup(obj)
        if services.partner_may_see(share)
    ]
    if not shares:
        return ""
    for share in shares:
        share.case = obj.case
        _record(request, share, organisation="" if in_portal else obj.organisation.name)
    return render_to_string("tijdlijn/panels/followup_partner.html", {"shares": shares})
