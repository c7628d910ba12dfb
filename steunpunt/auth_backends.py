"""The authentication backends: Django's and allauth's, with the signed-in user and their
permissions read by queries compiled once per process (`steunpunt.compiled`), since every
signed-in request reads its user and every admin page their permissions."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import router
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Subquery, Sum, Value, When

from .compiled import CompiledQuery
from .models import Organisation
from .roles import ROLES

_ID_MARK = -987654320

# A role's bit in the user's `role_bits`.
_ROLE_BITS = {name: 1 << index for index, name in enumerate(ROLES)}


def _user(pk):
    """The user's columns, then their roles (one bit per role in `ROLES`) and whether
    they have a TOTP second factor: every signed-in request asks the first
    (`steunpunt.roles.role_names`), every case page the second (the suggested articles),
    and each was a query of its own."""
    model = get_user_model()
    bits = (
        model.groups.through.objects.filter(user_id=OuterRef("pk"), group__name__in=ROLES)
        .order_by()
        .values("user_id")
        .annotate(
            bits=Sum(
                Case(
                    *(When(group__name=name, then=Value(bit)) for name, bit in _ROLE_BITS.items()),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
        )
        .values("bits")
    )
    totp = Authenticator.objects.filter(user_id=OuterRef("pk"), type=Authenticator.Type.TOTP)
    # The name of a partner's organisation: the partner portal and its access log entry
    # name it, and it was a query of its own on every partner page.
    organisation = Organisation.objects.filter(pk=OuterRef("organisation_id")).values("name")
    return (
        model._default_manager.filter(pk=pk)
        .annotate(
            role_bits=Subquery(bits, output_field=IntegerField()),
            has_totp=Exists(totp),
            organisation_name=Subquery(organisation.order_by()[:1]),
        )
        .order_by()
        .values_list(*_user_fields(), "role_bits", "has_totp", "organisation_name")
    )


def _user_fields() -> list[str]:
    return [field.attname for field in get_user_model()._meta.concrete_fields]


_USER = CompiledQuery(
    _user,
    _ID_MARK,
    columns=lambda: [get_user_model()._meta.get_field(name) for name in _user_fields()],
)


def _user_by_pk(pk, using: str):
    """The user with this id (None if there is none), with `_role_names` and `_has_totp`
    kept on it for the request, where `role_names` and the knowledge base's
    `_is_verified_staff` look before they ask the database, and their organisation with
    its name (what the partner pages and the access log read of it; another field is
    read when asked, as for a deferred field)."""
    rows = _USER.converted_rows(pk, using=using)
    if not rows:
        return None
    *values, bits, has_totp, organisation_name = rows[0]
    user = get_user_model().from_db(using, _user_fields(), tuple(values))
    user._role_names = frozenset(name for name, bit in _ROLE_BITS.items() if (bits or 0) & bit)
    user._has_totp = bool(has_totp)
    if user.organisation_id is not None and organisation_name is not None:
        user.organisation = Organisation.from_db(
            router.db_for_read(Organisation),
            ["id", "name"],
            (user.organisation_id, organisation_name),
        )
    return user


def _names(permissions):
    return permissions.values_list("content_type__app_label", "codename").order_by()


def _own_and_groups(pk):
    """The permissions given to the user or to one of their groups. As ModelBackend's
    get_all_permissions (Django reads them with two queries), in one query with the
    link tables as subqueries: the two joins of Django's (through the groups table as
    well) took PostgreSQL 1.5 ms to plan on every admin page, this takes 0.2 ms."""
    user = get_user_model()
    own = user.user_permissions.through.objects.filter(user_id=pk).values("permission_id")
    groups = user.groups.through.objects.filter(user_id=pk).values("group_id")
    via_groups = Group.permissions.through.objects.filter(group_id__in=groups)
    return _names(
        Permission.objects.filter(Q(pk__in=own) | Q(pk__in=via_groups.values("permission_id")))
    )


# A superuser's are every permission.
_BOTH = CompiledQuery(_own_and_groups, _ID_MARK)
_ALL_PERMISSIONS = CompiledQuery(lambda: _names(Permission.objects.all()))


class CompiledUserMixin:
    def get_user(self, user_id):
        # As Django's ModelBackend.get_user: the user with this id, if they may sign in.
        model = get_user_model()
        try:
            pk = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        user = _user_by_pk(pk, using=router.db_for_read(model))
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        # As ModelBackend's (the user's own and their groups', kept on the user object for
        # the request, where has_perm and has_module_perms look), in one query.
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            using = router.db_for_read(Permission)
            if user_obj.is_superuser:
                rows = _ALL_PERMISSIONS.rows(using=using)
            else:
                rows = _BOTH.rows(user_obj.pk, using=using)
            user_obj._perm_cache = {f"{app}.{codename}" for app, codename in rows}
        return user_obj._perm_cache


class ModelBackend(CompiledUserMixin, DjangoModelBackend):
    pass


class AuthenticationBackend(CompiledUserMixin, AllauthBackend):
    pass
