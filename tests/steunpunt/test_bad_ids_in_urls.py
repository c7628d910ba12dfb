"""Ids too large for the database in a URL or an admin filter are a 404 or the admin's
"wrong filter" answer, never a 500 (issue #10, 10; found in the review probes on SQLite)."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, coordinator

pytestmark = pytest.mark.django_db

HUGE = 10**25


def test_attachment_url_with_a_huge_case_id_is_not_found(client):
    client.force_login(UserFactory())

    response = client.get(reverse("casussen:attachment", args=[HUGE, 1]))

    assert response.status_code == 404


def test_consultation_url_with_a_huge_id_is_not_found(client):
    client.force_login(UserFactory())

    assert client.get(reverse("oudernetwerk:consultation", args=[HUGE])).status_code == 404
    assert client.post(reverse("oudernetwerk:consultation", args=[HUGE])).status_code == 404


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("admin:casussen_case_changelist", "created_at"),
        ("admin:casussen_followup_changelist", "due_date"),
        ("admin:oudernetwerk_meetup_changelist", "starts_at"),
        ("admin:oudernetwerk_buddyrequest_changelist", "created_at"),
    ],
)
@pytest.mark.parametrize(
    "query",
    [
        {"__year": str(HUGE)},
        {"__year": "9999"},
        {"__year": "9999", "__month": "12", "__day": "31"},
        {"__year": "2026", "__month": str(HUGE)},
        {"__year": "-5"},
    ],
)
def test_admin_date_filter_out_of_range_is_refused_not_a_500(client, url, field, query):
    client.force_login(coordinator())

    response = client.get(reverse(url), {field + key: value for key, value in query.items()})

    # The admin's own answer to a wrong filter: back to the list with ?e=1.
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize(
    "url",
    [
        "admin:casussen_case_change",
        "admin:oudernetwerk_meetup_change",
        "admin:steunpunt_erasurerequest_change",
    ],
)
@pytest.mark.parametrize("object_id", ["abc", "1.5", "-1", str(HUGE)])
def test_admin_change_page_with_an_id_that_is_no_number_is_not_a_500(client, url, object_id):
    client.force_login(coordinator())

    response = client.get(reverse(url, args=[object_id]))

    # The admin's "does not exist" (a redirect with a message), or not found.
    assert response.status_code in (302, 404)
