"""Who may open the timeline's pages: the parent only. Another parent (or a buddy) has
their own, empty timeline and finds none of this parent's entries or shares; staff and
partners have no timeline pages at all; anonymous visitors are sent to sign in."""

import pytest
from django.urls import reverse

from tests.tijdlijn.conftest import ROLES, person
from tijdlijn import services
from tijdlijn.models import Entry, Share

pytestmark = pytest.mark.django_db

# Status per role for a page of the parent's own things (an entry, a share, their case).
OWN = {
    "parent": 200,
    "other_parent": 404,
    "buddy": 404,
    "partner": 403,
    "other_partner": 403,
    "coordinator": 403,
    "editor": 403,
    "anonymous": 302,
}
# For a page every parent has (their own timeline, print view, PDF, new entry).
ANY_PARENT = {**OWN, "other_parent": 200, "buddy": 200}


def _client(client, world, role):
    user = person(role, world)
    if user is not None:
        client.force_login(user)
    return client


def _share(world, entries):
    return services.timeline_share(owner=world.parent, case=world.case, entries=entries[:2])[0]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["timeline", "add", "print", "pdf"])
def test_role_matrix_for_pages_of_ones_own_timeline(client, world, entries, role, name):
    response = _client(client, world, role).get(reverse(f"tijdlijn:{name}"))

    assert response.status_code == ANY_PARENT[role]
    if role == "anonymous":
        assert response.url.startswith(reverse("account_login"))
    if role in ("other_parent", "buddy") and name == "timeline":
        assert entries[0].what_happened not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["edit", "delete"])
def test_role_matrix_for_an_entry(client, world, entries, role, name):
    response = _client(client, world, role).get(reverse(f"tijdlijn:{name}", args=[entries[0].pk]))

    assert response.status_code == OWN[role]


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_changing_an_entry(client, world, entries, role):
    entry = entries[0]
    response = _client(client, world, role).post(
        reverse("tijdlijn:edit", args=[entry.pk]),
        {"kind": "home", "starts": "3-2024", "what_happened": "Overschreven door een ander"},
    )

    entry.refresh_from_db()
    if role == "parent":
        assert response.status_code == 302
        assert entry.what_happened == "Overschreven door een ander"
    else:
        assert response.status_code == OWN[role]
        assert entry.what_happened == entries[0].what_happened


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_deleting_an_entry(client, world, entries, role):
    response = _client(client, world, role).post(reverse("tijdlijn:delete", args=[entries[0].pk]))

    exists = Entry.objects.filter(pk=entries[0].pk).exists()
    assert exists is (role != "parent")
    assert response.status_code == (302 if role == "parent" else OWN[role])


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_the_share_page(client, world, entries, role):
    response = _client(client, world, role).get(reverse("tijdlijn:share", args=[world.case.pk]))

    assert response.status_code == OWN[role]


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_sharing(client, world, entries, role):
    response = _client(client, world, role).post(
        reverse("tijdlijn:share", args=[world.case.pk]),
        {"entries": [entries[0].pk], "with_steunpunt": "on"},
    )

    assert Share.objects.exists() is (role == "parent")
    assert response.status_code == (302 if role == "parent" else OWN[role])


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_a_share(client, world, entries, role):
    share = _share(world, entries)

    response = _client(client, world, role).get(reverse("tijdlijn:share_detail", args=[share.pk]))

    assert response.status_code == OWN[role]


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_stopping_a_share(client, world, entries, role):
    share = _share(world, entries)

    response = _client(client, world, role).post(reverse("tijdlijn:share_stop", args=[share.pk]))

    share.refresh_from_db()
    assert (share.stopped_at is not None) is (role == "parent")
    assert response.status_code == (302 if role == "parent" else OWN[role])


def test_staff_have_no_admin_for_entries(client, world, entries):
    client.force_login(world.worker)

    response = client.get("/admin/tijdlijn/entry/")

    assert response.status_code == 404
