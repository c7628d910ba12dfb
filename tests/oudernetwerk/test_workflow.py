"""The parent network's life cycles are tables: every status has a row, and what ends
stays ended."""

import pytest

from oudernetwerk import workflow
from oudernetwerk.models import BuddyProfile, Consultation, Match, Meetup, MeetupRegistration


@pytest.mark.parametrize(
    ("transitions", "statuses"),
    [
        (workflow.PROFILE_TRANSITIONS, BuddyProfile.Status),
        (workflow.MATCH_TRANSITIONS, Match.Status),
        (workflow.CONSULTATION_TRANSITIONS, Consultation.Status),
        (workflow.MEETUP_TRANSITIONS, Meetup.Status),
        (workflow.REGISTRATION_TRANSITIONS, MeetupRegistration.Status),
    ],
)
def test_every_status_has_a_row_of_known_targets(transitions, statuses):
    assert set(transitions) == set(statuses.values)
    assert all(targets <= set(statuses.values) for targets in transitions.values())


def test_a_closed_consultation_does_not_open_again():
    assert workflow.consultation_may_move(Consultation.Status.DRAFT, Consultation.Status.OPEN)
    assert not workflow.consultation_may_move(Consultation.Status.CLOSED, Consultation.Status.OPEN)


def test_a_cancelled_meetup_and_registration_stay_cancelled():
    assert not workflow.meetup_may_move(Meetup.Status.CANCELLED, Meetup.Status.PUBLISHED)
    assert not workflow.registration_may_move(
        MeetupRegistration.Status.CANCELLED, MeetupRegistration.Status.REGISTERED
    )
