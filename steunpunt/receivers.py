"""Signal receivers that write sign-ins and security changes to the access log, and mark
when a session was signed in (for the staff session lifetime).

Connected in `SteunpuntConfig.ready()`. Rows never carry an email address, a password
or a code: the account is the subject (when it exists), the method is the object.

Role changes are recorded when they are made through the site (the admin), where we
know who made them; changes from the shell, migrations or demo seeding have no actor
and are not written.
"""

import time

from allauth.account.authentication import get_authentication_records
from allauth.account.signals import login_code_rejected
from allauth.account.signals import user_logged_in as allauth_user_logged_in
from allauth.core import context
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import m2m_changed, post_save, pre_save

from . import access_log
from .access_log import Action, Result
from .middleware import SESSION_SEEN_KEY, SESSION_STARTED_KEY
from .models import User
from .second_factor import record_enrolment

SESSION = "session"
ROLE_ADDED = "role.added"
ROLE_REMOVED = "role.removed"
ROLE_FLAGS = ("is_staff", "is_superuser")


def _methods(request) -> str:
    """How this session signed in, e.g. "password+mfa", from allauth's records."""

    seen: list[str] = []
    for record in get_authentication_records(request, request.user):
        method = str(record.get("method", ""))
        if method and method not in seen:
            seen.append(method)
    return "+".join(seen)[:64]


def mark_session_start(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SESSION_STARTED_KEY] = now
        request.session[SESSION_SEEN_KEY] = now


def log_login(sender, request, user, **kwargs) -> None:
    access_log.record(
        action=Action.LOGIN,
        request=request,
        actor=user,
        subject=user,
        object_type=SESSION,
        object_id=_methods(request),
    )


def _account_for(credentials: dict) -> User | None:
    login = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not login or not isinstance(login, str):
        return None
    return User.objects.filter(email__iexact=login.strip()).first()


def log_login_failed(sender, credentials, request=None, **kwargs) -> None:
    access_log.record(
        action=Action.LOGIN_FAILED,
        request=request,
        subject=_account_for(credentials),
        object_type=SESSION,
        object_id="password",
        result=Result.FAILED,
    )


def log_code_rejected(sender, request, user, **kwargs) -> None:
    access_log.record(
        action=Action.LOGIN_FAILED,
        request=request,
        subject=user,
        object_type=SESSION,
        object_id="code",
        result=Result.FAILED,
    )


def log_mfa_failed(sender, request, user, **kwargs) -> None:
    access_log.record(
        action=Action.LOGIN_FAILED,
        request=request,
        subject=user,
        object_type=SESSION,
        object_id="mfa",
        result=Result.FAILED,
    )


def _mfa_change(request, user, what: str, authenticator: Authenticator) -> None:
    access_log.record(
        action=Action.MFA_CHANGE,
        request=request,
        actor=user if getattr(user, "is_authenticated", False) else None,
        subject=user,
        object_type=f"mfa.{what}",
        object_id=str(authenticator.type),
    )


def on_authenticator_added(sender, request, user, authenticator, **kwargs) -> None:
    _mfa_change(request, user, "added", authenticator)


def on_totp_saved(sender, instance, created, raw=False, **kwargs) -> None:
    """The app was just set up in this request (allauth's activation, which asked for the
    password and a code from the app): this session completed the second step. Done at
    once, not after commit, so the session is saved with it."""
    request = context.request
    if raw or not created or instance.type != Authenticator.Type.TOTP or request is None:
        return
    if getattr(request.user, "pk", None) == instance.user_id:
        record_enrolment(request, instance)


def on_authenticator_removed(sender, request, user, authenticator, **kwargs) -> None:
    _mfa_change(request, user, "removed", authenticator)


def on_authenticator_reset(sender, request, user, authenticator, **kwargs) -> None:
    _mfa_change(request, user, "regenerated", authenticator)


def on_authenticator_used(sender, request, user, authenticator, **kwargs) -> None:
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:
        return
    # Reloaded: the code was marked used on a fresh copy of the row.
    current = Authenticator.objects.filter(pk=authenticator.pk).first()
    if current is not None and not current.wrap().get_unused_codes():
        _mfa_change(request, user, "used_up", current)


def _role_change(*, user_id: int, added: bool, what: str) -> None:
    request = context.request
    if request is None:
        return
    access_log.record(
        action=Action.ROLE_CHANGE,
        request=request,
        subject=user_id,
        object_type=ROLE_ADDED if added else ROLE_REMOVED,
        object_id=what[:64],
    )


def on_groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    if context.request is None:
        return
    if action == "pre_clear":
        # What is about to go: clear() reports no ids afterwards.
        if reverse:
            instance._cleared_pks = set(instance.user_set.values_list("pk", flat=True))
        else:
            instance._cleared_pks = set(instance.groups.values_list("pk", flat=True))
        return
    if action == "post_clear":
        pk_set = getattr(instance, "_cleared_pks", set())
        added = False
    elif action in ("post_add", "post_remove"):
        added = action == "post_add"
    else:
        return
    if not pk_set:
        return
    if reverse:  # group.user_set.add(...): one group, several users
        for user_id in sorted(pk_set):
            _role_change(user_id=user_id, added=added, what=instance.name)
    else:
        names = dict(Group.objects.filter(pk__in=pk_set).values_list("pk", "name"))
        for group_id in sorted(pk_set):
            _role_change(user_id=instance.pk, added=added, what=names.get(group_id, ""))


def remember_role_flags(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    instance._role_flags_before = None
    if raw or context.request is None:
        return
    if update_fields is not None and not set(update_fields) & set(ROLE_FLAGS):
        return
    if instance.pk is None:
        instance._role_flags_before = dict.fromkeys(ROLE_FLAGS, False)
        return
    instance._role_flags_before = User.objects.filter(pk=instance.pk).values(
        *ROLE_FLAGS
    ).first() or dict.fromkeys(ROLE_FLAGS, False)


def log_role_flags(sender, instance, raw=False, **kwargs) -> None:
    before = getattr(instance, "_role_flags_before", None)
    if raw or before is None:
        return
    instance._role_flags_before = None
    for flag in ROLE_FLAGS:
        now = getattr(instance, flag)
        if bool(before[flag]) != bool(now):
            _role_change(user_id=instance.pk, added=bool(now), what=flag)


def connect() -> None:
    user_logged_in.connect(mark_session_start, dispatch_uid="steunpunt_session_start")
    allauth_user_logged_in.connect(log_login, dispatch_uid="steunpunt_log_login")
    user_login_failed.connect(log_login_failed, dispatch_uid="steunpunt_log_login_failed")
    login_code_rejected.connect(log_code_rejected, dispatch_uid="steunpunt_log_code_rejected")
    mfa_signals.authentication_failed.connect(log_mfa_failed, dispatch_uid="steunpunt_mfa_failed")
    mfa_signals.authenticator_added.connect(
        on_authenticator_added, dispatch_uid="steunpunt_mfa_added"
    )
    mfa_signals.authenticator_removed.connect(
        on_authenticator_removed, dispatch_uid="steunpunt_mfa_removed"
    )
    mfa_signals.authenticator_reset.connect(
        on_authenticator_reset, dispatch_uid="steunpunt_mfa_reset"
    )
    mfa_signals.authenticator_used.connect(on_authenticator_used, dispatch_uid="steunpunt_mfa_used")
    post_save.connect(on_totp_saved, sender=Authenticator, dispatch_uid="steunpunt_totp_saved")
    m2m_changed.connect(
        on_groups_changed, sender=User.groups.through, dispatch_uid="steunpunt_groups"
    )
    pre_save.connect(remember_role_flags, sender=User, dispatch_uid="steunpunt_role_flags_pre")
    post_save.connect(log_role_flags, sender=User, dispatch_uid="steunpunt_role_flags_post")
