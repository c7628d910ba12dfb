"""Query counts of the user list and the access log at regional size (issue #12): the
same for a few rows as for three times as many."""

import pytest
from django.urls import reverse

from steunpunt import access_log
from steunpunt.models import AccessEvent
from tests.factories import UserFactory, coordinator, privacy_officer
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

USER_LIST_QUERIES = 11
ACCESS_LOG_QUERIES = 10
ACCESS_EVENT_QUERIES = 8


def _count(client, url) -> int:
    return page_queries(client, url)[0]


def _reads(count: int, actor) -> list[AccessEvent]:
    return [
        access_log.record(
            actor=actor,
            action=AccessEvent.Action.VIEW,
            object_type="casussen.case",
            subject=UserFactory(),
            case_reference=f"OSP-2026-{n:05d}",
        )
        for n in range(count)
    ]


def test_user_list_queries_do_not_grow(client):
    client.force_login(coordinator())
    UserFactory.create_batch(3)
    few = _count(client, reverse("admin:steunpunt_user_changelist"))
    UserFactory.create_batch(9)

    assert _count(client, reverse("admin:steunpunt_user_changelist")) == few
    assert few <= USER_LIST_QUERIES


def test_access_log_queries_do_not_grow(client):
    client.force_login(privacy_officer())
    worker = coordinator()
    _reads(3, worker)
    few = _count(client, reverse("admin:steunpunt_accessevent_changelist"))
    _reads(9, worker)

    assert _count(client, reverse("admin:steunpunt_accessevent_changelist")) == few
    assert few <= ACCESS_LOG_QUERIES


def test_access_event_page_queries_do_not_grow(client):
    client.force_login(privacy_officer())
    worker = coordinator()
    first = _reads(1, worker)[0]
    url = reverse("admin:steunpunt_accessevent_change", args=[first.pk])
    few = _count(client, url)
    _reads(9, worker)

    assert _count(client, url) == few
    assert few <= ACCESS_EVENT_QUERIES


def test_an_entrys_page_reads_who_read_and_whose_data_with_the_entry(client):
    client.force_login(privacy_officer())
    worker = coordinator()
    anonymous = access_log.record(
        actor=None, action=AccessEvent.Action.VIEW, object_type="casussen.case"
    )
    named = _reads(1, worker)[0]

    counts = [
        _count(client, reverse("admin:steunpunt_accessevent_change", args=[entry.pk]))
        for entry in (anonymous, named)
    ]

    assert counts[0] == counts[1]
    response = client.get(reverse("admin:steunpunt_accessevent_change", args=[named.pk]))
    assert str(named.subject) in response.content.decode()
