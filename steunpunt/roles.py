"""The roles people have on the platform, kept as Django groups.

Parents have no group: anyone who signs in without a role is treated as a parent.
Coordinators, editors and the privacy officer work in the admin and must use a second
factor.
"""

import functools

from django.contrib.auth.models import AnonymousUser, Group
from django.db import connections

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
        sql, params, slot = _role_names_sql(user._state.db or "default")
        params = [*params]
        params[slot] = user.pk
        with connections[user._state.db or "default"].cursor() as cursor:
            cursor.execute(sql, params)
            cached = frozenset(name for (name,) in cursor.fetchall())
        user._role_names = cached
    return cached


_USER_MARK = -987654321


@functools.cache
def _role_names_sql(alias: str) -> tuple[str, tuple, int]:
    """The roles query of `role_names`, built and compiled once per process and database:
    every signed-in request asks it, and building it cost more than running it. The
    user's id goes in the parameter at `slot`."""
    query = Group.objects.using(alias).filter(user__pk=_USER_MARK, name__in=ROLES)
    sql, params = query.values_list("name").query.get_compiler(alias).as_sql()
    return sql, tuple(params), params.index(_USER_MARK)


def has_role(user, role: str) -> bool:
    return role in role_names(user)


def requires_second_factor(user) -> bool:
    """Everybody who can open the admin must have a second factor."""
    return bool(user.is_authenticated and (user.is_staff or role_names(user) & STAFF_ROLES))


def is_coordinator(user) -> bool:
    """An active account with the coordinator role."""
    return bool(user.is_authenticated and user.is_active and has_role(user, COORDINATOR))
