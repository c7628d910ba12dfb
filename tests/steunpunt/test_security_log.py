"""Sign-ins, failed sign-ins, second-factor changes and role changes in the access log:
with who, about whom and the pseudonymised origin, never an email, password or code."""

import re
import time

import pytest
from allauth.account.internal.flows.login import record_authentication
from allauth.core import context
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from django.core import mail
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse

from steunpunt.models import AccessEvent
from tests.factories import TEST_TOTP_SECRET, UserFactory, coordinator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("totp_window")]

A = AccessEvent.Action
PASSWORD = "een-lang-testwachtwoord"


def _totp() -> str:
    return format_hotp_value(hotp_value(TEST_TOTP_SECRET, int(time.time()) // 30))


def _no_secrets(event, *secrets) -> None:
    values = " ".join(str(v) for v in model_to_dict(event).values())
    for secret in secrets:
        assert secret.lower() not in values.lower()


def test_sign_in_with_password_and_app_is_logged_once(client):
    user = coordinator()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": _totp()})

    event = AccessEvent.objects.get(action=A.LOGIN)

    assert (event.actor, event.subject, event.actor_role) == (user, user, "coordinator")
    assert event.object_id == "password+mfa"
    assert len(event.origin) == 16
    _no_secrets(event, user.email, PASSWORD)


def test_parent_sign_in_by_code_is_logged(client, django_capture_on_commit_callbacks):
    parent = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": parent.email})
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[0].body, re.M).group(1)

    client.post(reverse("account_confirm_login_code"), {"code": code})

    event = AccessEvent.objects.get(action=A.LOGIN)
    assert (event.subject, event.object_id) == (parent, "code")
    _no_secrets(event, parent.email, code)


def test_wrong_password_is_logged_against_the_account_without_email_or_password(client):
    user = UserFactory()

    client.post(reverse("account_login"), {"login": user.email, "password": "geheim-fout-123"})

    event = AccessEvent.objects.get(action=A.LOGIN_FAILED)
    assert event.subject == user
    assert event.actor is None
    assert event.actor_role == "anonymous"
    assert event.result == AccessEvent.Result.FAILED
    assert event.origin
    _no_secrets(event, user.email, "geheim-fout-123")


def test_wrong_password_for_an_unknown_address_has_no_subject(client):
    client.post(reverse("account_login"), {"login": "niemand@test.example.nl", "password": "x"})

    event = AccessEvent.objects.get(action=A.LOGIN_FAILED)
    assert event.subject is None
    _no_secrets(event, "niemand@test.example.nl")


def test_wrong_login_code_is_logged(client, django_capture_on_commit_callbacks):
    parent = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": parent.email})

    client.post(reverse("account_confirm_login_code"), {"code": "AAAA-BBBB"})

    event = AccessEvent.objects.get(action=A.LOGIN_FAILED)
    assert (event.subject, event.object_id) == (parent, "code")


def test_wrong_app_code_is_logged(client):
    user = coordinator()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    client.post(reverse("mfa_authenticate"), {"code": "000000"})

    event = AccessEvent.objects.get(action=A.LOGIN_FAILED)
    assert (event.subject, event.object_id) == (user, "mfa")


def test_forced_test_logins_write_nothing(client):
    client.force_login(coordinator())

    assert not AccessEvent.objects.exists()


def test_setting_up_the_app_is_logged(client, django_capture_on_commit_callbacks):
    user = UserFactory(roles=["coordinator"], is_staff=True)
    client.force_login(user)
    # Signed in with a code by email: only such a session may set up the app.
    session = client.session
    request = RequestFactory().get("/")
    request.session, request.user = session, user
    record_authentication(request, user, "code")
    session.save()
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("mfa_activate_totp"),
            {"code": format_hotp_value(hotp_value(secret, int(time.time()) // 30))},
        )

    changes = AccessEvent.objects.filter(action=A.MFA_CHANGE)
    assert {(e.object_type, e.object_id) for e in changes} == {
        ("mfa.added", "totp"),
        ("mfa.added", "recovery_codes"),
    }
    assert all(e.actor == user and e.subject == user for e in changes)


def test_new_recovery_codes_are_logged(client, django_capture_on_commit_callbacks):
    user = coordinator()
    RecoveryCodes.activate(user)
    client.force_login(user)
    client.post(reverse("mfa_reauthenticate"), {"code": _totp()})

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_generate_recovery_codes"))

    event = AccessEvent.objects.get(action=A.MFA_CHANGE)
    assert (event.object_type, event.object_id) == ("mfa.regenerated", "recovery_codes")


def test_last_recovery_code_used_is_logged(client, settings):
    settings.MFA_RECOVERY_CODE_COUNT = 1
    user = coordinator()
    (code,) = RecoveryCodes.activate(user).get_unused_codes()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    client.post(reverse("mfa_authenticate"), {"code": code})

    event = AccessEvent.objects.get(action=A.MFA_CHANGE)
    assert (event.subject, event.object_type) == (user, "mfa.used_up")
    _no_secrets(event, code)


def test_role_change_in_the_admin_is_logged(client):
    admin_user = UserFactory(is_staff=True, is_superuser=True, totp=True)
    person = UserFactory()
    client.force_login(admin_user)
    coordinators = Group.objects.get(name="coordinator")

    response = client.post(
        reverse("admin:steunpunt_user_change", args=[person.pk]),
        {
            "email": person.email,
            "name": person.name,
            "is_active": "on",
            "is_staff": "on",
            "groups": [coordinators.pk],
        },
    )

    assert response.status_code == 302
    rows = AccessEvent.objects.filter(action=A.ROLE_CHANGE)
    assert {(e.object_type, e.object_id) for e in rows} == {
        ("role.added", "coordinator"),
        ("role.added", "is_staff"),
    }
    assert all(e.actor == admin_user and e.subject == person and e.origin for e in rows)


def test_roles_taken_away_are_logged():
    person = UserFactory(roles=["coordinator", "editor"], is_staff=True)
    actor = UserFactory(is_superuser=True)
    request = RequestFactory().post("/admin/", REMOTE_ADDR="192.0.2.7")
    request.user = actor

    with context.request_context(request):
        person.groups.clear()
        Group.objects.get(name="buddy").user_set.add(person)
        person.is_staff = False
        person.save()

    rows = AccessEvent.objects.filter(action=A.ROLE_CHANGE, subject=person)
    assert sorted((e.object_type, e.object_id) for e in rows) == [
        ("role.added", "buddy"),
        ("role.removed", "coordinator"),
        ("role.removed", "editor"),
        ("role.removed", "is_staff"),
    ]


def test_roles_given_outside_a_request_write_nothing():
    UserFactory(roles=["coordinator"], is_staff=True)

    assert not AccessEvent.objects.exists()
