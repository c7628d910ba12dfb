"""A user's permissions in one query (steunpunt/auth_backends.py): the same set as
Django's ModelBackend reads with two."""

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory, coordinator

pytestmark = pytest.mark.django_db


def _fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def _django_permissions(user) -> set[str]:
    backend = ModelBackend()
    return {*backend.get_user_permissions(user), *backend.get_group_permissions(user)}


def test_permissions_are_django_s_own_read_in_one_query():
    user = UserFactory()
    group = Group.objects.create(name="lezers")
    group.permissions.add(Permission.objects.get(codename="view_case"))
    both = Permission.objects.get(codename="change_case")
    group.permissions.add(both)
    user.groups.add(group)
    user.user_permissions.add(Permission.objects.get(codename="view_theme"), both)
    user = _fresh(user)

    with CaptureQueriesContext(connection) as queries:
        assert user.has_perm("casussen.view_case")
        assert user.has_perm("steunpunt.view_theme")
        assert user.has_perm("casussen.change_case")
        assert not user.has_perm("casussen.delete_case")
        assert user.has_module_perms("casussen")
        assert not user.has_module_perms("kennisbank")
    everything = user.get_all_permissions()

    assert len(queries.captured_queries) == 1
    assert everything == _django_permissions(_fresh(user))
    assert everything == {"casussen.view_case", "casussen.change_case", "steunpunt.view_theme"}


def test_a_coordinator_has_the_permissions_django_gives():
    user = _fresh(coordinator())

    assert user.get_all_permissions() == _django_permissions(_fresh(user))
    assert user.has_perm("casussen.change_case")


def test_an_inactive_user_has_no_permissions_and_a_superuser_all():
    inactive = UserFactory(is_active=False)
    inactive.user_permissions.add(Permission.objects.get(codename="view_case"))
    superuser = UserFactory(is_superuser=True)

    assert not _fresh(inactive).has_perm("casussen.view_case")
    assert _fresh(inactive).get_all_permissions() == set()
    assert _fresh(superuser).has_perm("casussen.delete_case")
    assert "casussen.delete_case" in _fresh(superuser).get_all_permissions()


def test_a_sign_in_is_recorded_with_the_backend_that_reads_the_user(client):
    user = UserFactory()
    client.force_login(user)

    session = client.session
    assert session[SESSION_KEY] == str(user.pk)
    assert session["_auth_user_backend"] == "steunpunt.auth_backends.ModelBackend"


def test_permissions_of_several_groups_are_django_s_own():
    user = UserFactory()
    shared = Permission.objects.get(codename="view_case")
    readers = Group.objects.create(name="lezers")
    readers.permissions.add(shared, Permission.objects.get(codename="view_followup"))
    writers = Group.objects.create(name="schrijvers")
    writers.permissions.add(shared, Permission.objects.get(codename="change_article"))
    Group.objects.create(name="anderen").permissions.add(
        Permission.objects.get(codename="delete_case")
    )
    user.groups.add(readers, writers)

    everything = _fresh(user).get_all_permissions()

    assert everything == _django_permissions(_fresh(user))
    assert everything == {
        "casussen.view_case",
        "casussen.view_followup",
        "kennisbank.change_article",
    }
