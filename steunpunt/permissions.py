"""A user's permissions read in one query instead of two.

Django's ModelBackend reads the permissions given to the user and those of their groups
with two queries, each built by the ORM on every request (an admin page asks
`has_perm` dozens of times; the answers come from the set these queries fill, kept on
the user object for the request). `PermissionsBackend` fills the same set, the same
permissions, with one query compiled once per process: it comes first in
AUTHENTICATION_BACKENDS, and the backends after it find the set filled. It signs
nobody in (sessions keep naming the backend that did), and for a superuser, an
inactive user or an object permission it leaves everything to Django's backend."""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connections

_USER_MARK = -987654321


@functools.cache
def _permissions_sql(alias: str) -> tuple[str, tuple, list[int]]:
    """Django's two queries (ModelBackend._get_user_permissions and
    _get_group_permissions) as one UNION, compiled once per process and database. The
    user's id goes in the parameters at `slots`."""
    meta = get_user_model()._meta
    user_permissions = meta.get_field("user_permissions").related_query_name()
    user_groups = meta.get_field("groups").related_query_name()
    fields = ("content_type__app_label", "codename")
    own = (
        Permission.objects.using(alias)
        .filter(**{f"{user_permissions}__pk": _USER_MARK})
        .values_list(*fields)
    )
    of_groups = (
        Permission.objects.using(alias)
        .filter(**{f"group__{user_groups}__pk": _USER_MARK})
        .values_list(*fields)
    )
    query = own.order_by().union(of_groups.order_by(), all=True)
    sql, params = query.query.get_compiler(alias).as_sql()
    return sql, tuple(params), [i for i, param in enumerate(params) if param == _USER_MARK]


class PermissionsBackend:
    """Reads a user's permissions for the other backends (see the module docstring).
    No `get_user`: Django's and allauth's sign-in, which pick the first backend that
    has one, never record this one in a session."""

    def authenticate(self, request, **credentials):
        return None

    async def aauthenticate(self, request, **credentials):
        return None

    def _fill(self, user_obj, obj=None) -> None:
        if (
            obj is not None
            or not user_obj.is_active
            or user_obj.is_anonymous
            or user_obj.is_superuser
            or hasattr(user_obj, "_perm_cache")
        ):
            return
        alias = user_obj._state.db or "default"
        sql, params, slots = _permissions_sql(alias)
        params = [*params]
        for slot in slots:
            params[slot] = user_obj.pk
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in cursor}

    # Each answers nothing itself (an empty set, False): it only fills the set the
    # ModelBackend after it answers from.
    def get_all_permissions(self, user_obj, obj=None):
        self._fill(user_obj, obj)
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        self._fill(user_obj, obj)
        return False

    def has_module_perms(self, user_obj, app_label):
        self._fill(user_obj)
        return False
