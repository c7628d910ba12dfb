"""Who may do what in the parent network, and the reads that views share. Pages and the
admin ask here, so a list never shows what a detail refuses."""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from steunpunt import roles

from .models import BuddyProfile, BuddyRequest, Consultation, Invitation, PanelMember

# Accounts that act for an organisation or the steunpunt itself are not parents here:
# they use a personal account to sign up as a buddy or ask for one.
NOT_AS_PARENT = frozenset({roles.COORDINATOR, roles.EDITOR, roles.PARTNER})


def is_coordinator(user) -> bool:
    return bool(
        user.is_authenticated and user.is_active and roles.has_role(user, roles.COORDINATOR)
    )


def _acts_as_parent(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and not user.is_staff
        and not roles.role_names(user) & NOT_AS_PARENT
    )


def may_apply_as_buddy(user) -> bool:
    return _acts_as_parent(user)


def may_request_buddy(user) -> bool:
    """Parents, and buddies (who are parents too)."""
    return _acts_as_parent(user)


def profile_for_user(user) -> BuddyProfile | None:
    if not user.is_authenticated:
        return None
    return BuddyProfile.objects.filter(user=user).first()


def requests_for_parent(user) -> QuerySet[BuddyRequest]:
    """The parent's own buddy requests, newest first. Nobody else's."""
    if not user.is_authenticated:
        return BuddyRequest.objects.none()
    return BuddyRequest.objects.filter(parent=user).select_related("municipality")


def open_request_for_parent(user) -> BuddyRequest | None:
    return requests_for_parent(user).filter(status=BuddyRequest.Status.OPEN).first()


# --- Parent panel and consultations ------------------------------------------------------


def may_join_panel(user) -> bool:
    """Parents, and buddies (who are parents too); not accounts of an organisation."""
    return _acts_as_parent(user)


def panel_member_for(user) -> PanelMember | None:
    """The user's panel membership while it lasts; None when never joined or stopped."""
    if not user.is_authenticated:
        return None
    return PanelMember.objects.filter(user=user, withdrawn_at__isnull=True).first()


def open_invitations_for(user) -> QuerySet[Invitation]:
    """Questionnaires the user may still fill in, the one closing first on top."""
    if not user.is_authenticated:
        return Invitation.objects.none()
    return (
        Invitation.objects.filter(
            user=user,
            has_answered=False,
            consultation__status=Consultation.Status.OPEN,
            consultation__closes_on__gte=timezone.localdate(),
        )
        .select_related("consultation")
        .order_by("consultation__closes_on", "pk")
    )


def published_summaries_for(user) -> QuerySet[Consultation]:
    """Consultations the user answered whose summary has been shared, newest first."""
    if not user.is_authenticated:
        return Consultation.objects.none()
    return Consultation.objects.filter(
        invitations__user=user,
        invitations__has_answered=True,
        summary_published_at__isnull=False,
    ).order_by("-summary_published_at")


def invitation_for_user(user, consultation_pk: int) -> Invitation | None:
    """The user's own invitation to this consultation; None for anyone not invited."""
    if not user.is_authenticated:
        return None
    return (
        Invitation.objects.filter(user=user, consultation_id=consultation_pk)
        .select_related("consultation")
        .first()
    )


@dataclass
class PanelStatus:
    """What a parent's page (/raadplegen/, and /mijn/) shows about the panel."""

    member: PanelMember | None
    open_invitations: list[Invitation] = field(default_factory=list)
    summaries: list[Consultation] = field(default_factory=list)

    @property
    def is_member(self) -> bool:
        return self.member is not None


def panel_status_for_parent(user) -> PanelStatus:
    return PanelStatus(
        member=panel_member_for(user),
        open_invitations=list(open_invitations_for(user)),
        summaries=list(published_summaries_for(user)),
    )
