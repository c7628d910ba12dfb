import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from steunpunt import roles
from tests.factories import UserFactory, coordinator, editor

pytestmark = pytest.mark.django_db


def test_migration_creates_the_four_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLES)


def test_coordinator_may_edit_organisations_and_site_settings():
    user = coordinator()

    assert user.has_perm("steunpunt.change_organisation")
    assert user.has_perm("steunpunt.change_sitesettings")
    assert not user.has_perm("steunpunt.change_user")


def test_editor_maintains_the_directory_but_not_the_site_settings():
    user = editor()

    assert user.has_perm("steunpunt.change_organisation")
    assert not user.has_perm("steunpunt.change_sitesettings")


@pytest.mark.parametrize("role", ["buddy", "partner"])
def test_buddy_and_partner_have_no_admin_permissions(role):
    user = UserFactory(roles=[role])

    assert user.get_all_permissions() == set()


def test_has_role_reads_groups():
    user = UserFactory(roles=["buddy"])

    assert roles.has_role(user, roles.BUDDY)
    assert not roles.has_role(user, roles.PARTNER)


def test_second_factor_is_required_for_staff_roles_and_staff_flag():
    assert roles.requires_second_factor(UserFactory(roles=["editor"]))
    assert roles.requires_second_factor(UserFactory(is_staff=True))
    assert not roles.requires_second_factor(UserFactory(roles=["partner"]))


@pytest.mark.parametrize(
    ("make_user", "status"),
    [(coordinator, 200), (editor, 200)],
)
def test_staff_roles_open_the_organisation_list(client, make_user, status):
    client.force_login(make_user())

    response = client.get(reverse("admin:steunpunt_organisation_changelist"))

    assert response.status_code == status


def test_editor_cannot_open_site_settings(client):
    client.force_login(editor())

    response = client.get(reverse("admin:steunpunt_sitesettings_changelist"))

    assert response.status_code == 403
