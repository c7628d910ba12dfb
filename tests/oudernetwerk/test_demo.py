"""The demo buddies and request: made through the services, safe to run twice."""

import pytest
from django.apps import apps
from django.utils import timezone

from oudernetwerk import services
from oudernetwerk.demo import seed_network
from oudernetwerk.models import BuddyProfile, BuddyRequest, Match
from steunpunt import demo

pytestmark = pytest.mark.django_db


def test_seed_makes_approved_buddies_and_one_open_request_once():
    demo.seed_demo()

    assert seed_network() == 4
    assert seed_network() == 0

    assert BuddyProfile.objects.count() == 4
    assert set(BuddyProfile.objects.values_list("status", flat=True)) == {"approved"}
    assert all(services.vog_is_valid(p.vog_date) for p in BuddyProfile.objects.all())
    buddy = BuddyProfile.objects.get(user__email="buddy@demo.example.nl")
    assert buddy.user.groups.filter(name="buddy").exists()
    request = BuddyRequest.objects.get(parent__email="ouder@demo.example.nl")
    assert request.status == "open"
    # A second request is matched, with a worrying check-in for the work queue.
    worried = BuddyRequest.objects.get(parent__email="ouder2@demo.example.nl")
    assert worried.status == "matched"
    assert worried.matches.get().checkins.get().is_worrying
    assert services.suggest_buddies(request=request)[0].buddy == buddy


def test_seed_without_the_region_does_nothing():
    assert seed_network() == 0
    assert not BuddyProfile.objects.exists()


def test_app_config_reports_what_it_made():
    demo.seed_demo()

    assert apps.get_app_config("oudernetwerk").seed_demo() == (
        "4 buddies, 3 meetups, 7 panel members"
    )


def test_seed_makes_a_quiet_match_with_goals_for_the_work_queue():
    demo.seed_demo()
    seed_network()
    seed_network()

    (match,) = services.quiet_matches(Match.objects.all(), timezone.localdate())
    assert match.request.parent.email == "ouder3@demo.example.nl"
    assert match.agreement.is_confirmed
    assert match.agreement.goals.count() == 2
    assert match.contacts.count() == 1
