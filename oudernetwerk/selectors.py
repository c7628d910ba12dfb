"""Who may do what in the parent network, and the reads that views share. Pages and the
admin ask here, so a list never shows what a detail refuses."""

from django.db.models import QuerySet

from steunpunt import roles

from .models import BuddyProfile, BuddyRequest

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
