"""The buddy portal's and /mijn/'s reads of the parent network, compiled once per process
(oudernetwerk/selectors.py): the same rows as the ORM gives, and only the user's own."""

from datetime import timedelta

import pytest
from django.utils import timezone

from oudernetwerk import selectors
from oudernetwerk.models import BuddyProfile, BuddyRequest, Match
from tests.factories import (
    BuddyProfileFactory,
    BuddyRequestFactory,
    MatchFactory,
    PanelMemberFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_profile_is_the_users_own_with_its_lists():
    profile = BuddyProfileFactory(age_bands=["4-8", "8-12"], languages=["nl", "en"])
    BuddyProfileFactory()

    found = selectors.profile_for_user(profile.user)

    assert found == profile
    assert found.age_bands == ["4-8", "8-12"]
    assert found.languages == ["nl", "en"]
    assert found.created_at == BuddyProfile.objects.get(pk=profile.pk).created_at


def test_someone_who_is_no_buddy_has_no_profile():
    assert selectors.profile_for_user(UserFactory()) is None


def test_portal_matches_are_the_buddys_own_with_the_requests_themes(
    django_assert_num_queries,
):
    buddy = BuddyProfileFactory()
    later, first = ThemeFactory(name="Thuiszitten", position=2), ThemeFactory(position=1)
    proposal = MatchFactory(buddy=buddy, request=BuddyRequestFactory(themes=[later, first]))
    running = MatchFactory(buddy=buddy, status=Match.Status.ACTIVE)
    MatchFactory(buddy=buddy, status=Match.Status.DECLINED)
    MatchFactory(request=proposal.request, status=Match.Status.DECLINED)  # another buddy

    with django_assert_num_queries(2):
        proposals, matches = selectors.portal_matches_for_buddy(buddy)
        themes = [theme.name for theme in proposals[0].request.themes.all()]
        names = [(m.request.parent.name, m.request.municipality.name) for m in matches]

    assert proposals == [proposal]
    assert matches == [running]
    assert themes == [first.name, "Thuiszitten"]
    assert names == [(running.request.parent.name, running.request.municipality.name)]
    assert list(running.request.themes.all()) == []
    # The buddy is the one asked for, without a query.
    with django_assert_num_queries(0):
        assert {m.buddy for m in proposals + matches} == {buddy}


def test_portal_matches_of_a_buddy_without_any_are_empty():
    assert selectors.portal_matches_for_buddy(BuddyProfileFactory()) == ([], [])


def test_buddy_requests_overview_names_the_buddy_only_after_a_yes():
    request = BuddyRequestFactory()
    MatchFactory(request=request, buddy__user__name="Fatima", status=Match.Status.PROPOSED)
    other = BuddyRequestFactory(parent=request.parent)
    running = MatchFactory(request=other, buddy__user__name="Noor", status=Match.Status.ACTIVE)
    BuddyRequestFactory()

    overview = selectors.buddy_requests_overview(request.parent)

    assert [item.buddy_request for item in overview] == [other, request]
    assert overview[0].match == running
    assert "Noor" in overview[0].next_step
    assert overview[1].match is None
    assert "Fatima" not in overview[1].next_step


def test_buddy_requests_overview_reads_requests_and_matches_in_one_query(
    django_assert_num_queries,
):
    request = BuddyRequestFactory()
    MatchFactory(request=request, buddy__user__name="Noor", status=Match.Status.ACTIVE)
    BuddyRequestFactory(parent=request.parent)

    with django_assert_num_queries(1):
        overview = selectors.buddy_requests_overview(request.parent)
        names = [item.match.buddy.user.name for item in overview if item.match]

    assert len(overview) == 2
    assert names == ["Noor"]


def test_buddy_requests_overview_takes_a_requests_newest_match():
    request = BuddyRequestFactory()
    earlier = MatchFactory(request=request, status=Match.Status.ENDED)
    later = MatchFactory(request=request, status=Match.Status.ENDED)
    Match.objects.filter(pk=earlier.pk).update(proposed_at=timezone.now() - timedelta(days=30))
    request.status = BuddyRequest.Status.CLOSED
    request.save()

    [item] = selectors.buddy_requests_overview(request.parent)

    assert item.match == later
    assert item.buddy_request == request


def test_panel_member_is_the_lasting_membership():
    member = PanelMemberFactory()
    PanelMemberFactory(user=UserFactory(), withdrawn_at=timezone.now())

    assert selectors.panel_member_for(member.user) == member
    assert selectors.panel_member_for(UserFactory()) is None
