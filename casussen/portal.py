"""What the parent's portal (`/mijn/`) shows beside the cases: buddy requests, the parent
panel, meetups and a request to erase the account. Most parents have none of these, so
one query, compiled once per process, first says which parts have anything at all, and
only those are read. Each flag may say yes where the part's own query then finds nothing
to show (an invitation whose questionnaire closed): never no where it has something."""

from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import router
from django.db.models import Exists, Q

from oudernetwerk.models import BuddyRequest, Invitation, MeetupRegistration, PanelMember
from oudernetwerk.selectors import panel_invitations_for
from steunpunt.compiled import CompiledQuery
from steunpunt.models import ErasureRequest

MR = MeetupRegistration.Status


class PortalParts(NamedTuple):
    buddy_requests: bool
    panel: bool  # invitations that matter, or a membership that lasts
    meetups: bool
    erasure_request: bool
    # Exact, not a maybe: the panel part needs no query of its own to say so.
    panel_member: bool = False


class PortalPanel(NamedTuple):
    """What `oudernetwerk/consultations/_panel_status.html` reads of the panel status."""

    is_member: bool
    open_invitations: list
    summaries: list


NO_PANEL = PortalPanel(is_member=False, open_invitations=[], summaries=[])


def portal_panel(user, parts: PortalParts) -> PortalPanel:
    """The panel part of /mijn/: the membership as the parts query found it, and the
    invitations only when there may be any."""
    if not parts.panel:
        return NO_PANEL
    open_invitations, summaries = panel_invitations_for(user)
    return PortalPanel(parts.panel_member, open_invitations, summaries)


def _parts(pk):
    # Each part asked of the user's id itself, not of the user row (`OuterRef`): uncorrelated,
    # PostgreSQL plans the query in half the time.
    return (
        get_user_model()
        .objects.filter(pk=pk)
        .order_by()
        .annotate(
            has_buddy_requests=Exists(BuddyRequest.objects.filter(parent_id=pk)),
            # As panel_status_for_parent: the invitations still open or with a summary.
            has_invitations=Exists(
                Invitation.objects.filter(user_id=pk).filter(
                    Q(has_answered=False) | Q(consultation__summary_published_at__isnull=False)
                )
            ),
            has_meetups=Exists(
                MeetupRegistration.objects.filter(
                    parent_id=pk, status__in=[MR.REGISTERED, MR.WAITING]
                )
            ),
            has_erasure_request=Exists(
                ErasureRequest.objects.filter(user_id=pk, status=ErasureRequest.Status.REQUESTED)
            ),
            is_panel_member=Exists(
                PanelMember.objects.filter(user_id=pk, withdrawn_at__isnull=True)
            ),
        )
        .values_list(
            "has_buddy_requests",
            "has_invitations",
            "has_meetups",
            "has_erasure_request",
            "is_panel_member",
        )
    )


_PARTS = CompiledQuery(_parts, -987654322)


def portal_parts(user) -> PortalParts:
    """Which parts of the portal may have something for this parent."""
    rows = _PARTS.rows(user.pk, using=router.db_for_read(get_user_model()))
    if not rows:
        return PortalParts(False, False, False, False)
    buddy_requests, invitations, meetups, erasure_request, member = (bool(f) for f in rows[0])
    # The panel part: invitations that matter, or a membership that lasts.
    return PortalParts(buddy_requests, invitations or member, meetups, erasure_request, member)
