"""Query counts of the buddy request pages at regional size (issue #12): the same for a
few buddies and requests as for three times as many."""

import pytest
from django.urls import reverse

from tests.factories import (
    BuddyProfileFactory,
    BuddyRequestFactory,
    MunicipalityFactory,
    ThemeFactory,
    coordinator,
)
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

REQUEST_LIST_QUERIES = 17
# The request's page with the ranking of every eligible buddy.
REQUEST_CHANGE_QUERIES = 25


def _count(client, url) -> int:
    return page_queries(client, url)[0]


def _buddies(count: int, place, theme) -> None:
    for _n in range(count):
        BuddyProfileFactory(themes=[theme], municipalities=[place])


def test_buddy_request_list_queries_do_not_grow(client):
    client.force_login(coordinator())
    for _n in range(3):
        BuddyRequestFactory()
    few = _count(client, reverse("admin:oudernetwerk_buddyrequest_changelist"))
    for _n in range(9):
        BuddyRequestFactory()

    assert _count(client, reverse("admin:oudernetwerk_buddyrequest_changelist")) == few
    assert few <= REQUEST_LIST_QUERIES


def test_buddy_request_page_with_ranking_queries_do_not_grow(client):
    client.force_login(coordinator())
    place, theme = MunicipalityFactory(), ThemeFactory()
    request = BuddyRequestFactory(municipality=place, themes=[theme])
    url = reverse("admin:oudernetwerk_buddyrequest_change", args=[request.pk])
    _buddies(3, place, theme)
    few = _count(client, url)
    _buddies(9, place, theme)

    assert _count(client, url) == few
    assert few <= REQUEST_CHANGE_QUERIES
