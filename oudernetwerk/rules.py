"""Who may do what in the parent network: the one place that answers it. Selectors,
services and views ask here; lists and detail pages filter through the same answers."""

from steunpunt import roles
from steunpunt.roles import is_coordinator

from . import workflow
from .models import Match

__all__ = [
    "is_buddy_of",
    "is_coordinator",
    "is_parent_of",
    "may_act_on_match",
    "may_apply_as_buddy",
    "may_join_panel",
    "may_register_for_meetups",
    "may_request_buddy",
    "shows_contact_details",
]

# Accounts of the steunpunt or an organisation do not act as parents.
NOT_AS_PARENT = frozenset({roles.COORDINATOR, roles.EDITOR, roles.PARTNER})


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


def may_join_panel(user) -> bool:
    """Parents, and buddies (who are parents too); not accounts of an organisation."""
    return _acts_as_parent(user)


def may_register_for_meetups(user) -> bool:
    """Parents, and buddies (who are parents too). Staff and partners come as guests of
    the coordinator, not through the sign-up."""
    return _acts_as_parent(user)


def is_buddy_of(match: Match, user) -> bool:
    return user.is_authenticated and match.buddy.user_id == user.pk


def is_parent_of(match: Match, user) -> bool:
    return user.is_authenticated and match.request.parent_id == user.pk


def may_act_on_match(match: Match, user) -> bool:
    """Starting or ending a match: its buddy, its parent or a coordinator."""
    return is_buddy_of(match, user) or is_parent_of(match, user) or is_coordinator(user)


def shows_contact_details(match: Match) -> bool:
    """Each other's details only while the match runs: not before the yes, not after."""
    return match.status in workflow.RUNNING
