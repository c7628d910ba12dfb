"""Query counts of the buddy request and match pages at regional size (issue #12): the
same for a few buddies, requests, check-ins and events as for many more."""

import pytest
from django.urls import reverse
from django.utils import timezone

from oudernetwerk.models import CheckIn, NetworkEvent
from tests.factories import (
    BuddyProfileFactory,
    BuddyRequestFactory,
    MatchFactory,
    MunicipalityFactory,
    ThemeFactory,
    coordinator,
)
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

REQUEST_LIST_QUERIES = 14
# The request's page with the ranking of every eligible buddy (13 since the user's roles
# are read with the user; 11 since the form's themes and municipalities are read with the
# request's themes and neighbours, `oudernetwerk.admin.request_page`).
REQUEST_CHANGE_QUERIES = 11
# A match with its check-ins and history (a page of each), and its goals, contacts and
# closures (a query each; the goals with their reviews in one).
MATCH_CHANGE_QUERIES = 15


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
    assert few == REQUEST_CHANGE_QUERIES


def _history(count: int, **about) -> None:
    NetworkEvent.objects.bulk_create(
        NetworkEvent(kind=NetworkEvent.Kind.CHECKIN_ANSWERED, text=f"Stap {n}", **about)
        for n in range(count)
    )


def _checkins(match, rounds: range) -> None:
    CheckIn.objects.bulk_create(
        CheckIn(match=match, respondent="parent", round=n, due_at=timezone.now()) for n in rounds
    )


def test_match_page_queries_do_not_grow_with_checkins_and_history(client):
    client.force_login(coordinator())
    match = MatchFactory(status="active")
    url = reverse("admin:oudernetwerk_match_change", args=[match.pk])
    _checkins(match, range(25))
    _history(25, match=match)
    some, _html = page_queries(client, url)
    _checkins(match, range(25, 85))
    _history(300, match=match)
    many, html = page_queries(client, url)

    assert many == some
    assert many <= MATCH_CHANGE_QUERIES
    assert html.count("Stap ") == 20


def test_buddy_request_page_queries_do_not_grow_with_history(client):
    client.force_login(coordinator())
    request = BuddyRequestFactory()
    url = reverse("admin:oudernetwerk_buddyrequest_change", args=[request.pk])
    _history(25, request=request)
    some, _html = page_queries(client, url)
    _history(300, request=request)
    many, html = page_queries(client, url)

    assert many == some
    # And the history counted: it has more than a page.
    assert some == REQUEST_CHANGE_QUERIES + 1
    assert html.count("Stap ") == 20
