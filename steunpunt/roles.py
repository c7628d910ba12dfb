"""The roles people have on the platform, kept as Django groups.

Parents have no group: anyone who signs in without a role is treated as a parent.
Coordinators, editors and the privacy officer work in the admin and must use a second
factor.
"""

from django.contrib.auth.models import AnonymousUser, Group

from .compiled import CompiledQuery

COORDINATOR = "coordinator"
EDITOR = "editor"
BUDDY = "buddy"
PARTNER = "partner"
# The functionaris gegevensbescherming: reads the access log, nothing else.
PRIVACY_OFFICER = "privacy_officer"

ROLES = (COORDINATOR, EDITOR, BUDDY, PARTNER, PRIVACY_OFFICER)

# Roles that open the admin; the people who have them need a second factor (TOTP).
STAFF_ROLES = frozenset({COORDINATOR, EDITOR, PRIVACY_OFFICER})


def role_names(user) -> frozenset[str]:
    """The role names of a user, read once per request and kept on the user object."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        rows = _ROLE_NAMES.rows(user.pk, using=user._state.db or "default")
        cached = frozenset(name for (name,) in rows)
        user._role_names = cached
    return cached


# Every signed-in request asks it, and building it cost more than running it.
_ROLE_NAMES = CompiledQuery(
    lambda pk: Group.objects.filter(user__pk=pk, name__in=ROLES).values_list("name"),
    -987654321,
)


def has_role(user, role: str) -> bool:
    return role in role_names(user)


def requires_second_factor(user) -> bool:
    """Everybody who can open the admin must have a second factor."""
    return bool(user.is_authenticated and (user.is_staff or role_names(user) & STAFF_ROLES))


def is_coordinator(user) -> bool:
    """An active account with the coordinator role."""
    return bool(user.is_authenticated and user.is_active and has_role(user, COORDINATOR))
