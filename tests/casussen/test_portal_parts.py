"""Which parts of /mijn/ beside the cases have anything: one query first, then only the
parts that may have something are read (casussen/portal.py)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from casussen.portal import PortalParts, portal_parts
from steunpunt import erasure
from tests.factories import (
    BuddyRequestFactory,
    InvitationFactory,
    MeetupRegistrationFactory,
    PanelMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NOTHING = PortalParts(buddy_requests=False, panel=False, meetups=False, erasure_request=False)


def test_a_new_parent_has_no_parts():
    assert portal_parts(UserFactory()) == NOTHING


def test_a_buddy_request_is_a_part():
    request = BuddyRequestFactory()

    assert portal_parts(request.parent) == NOTHING._replace(buddy_requests=True)


def test_a_panel_membership_is_a_part():
    member = PanelMemberFactory()

    assert portal_parts(member.user) == NOTHING._replace(panel=True, panel_member=True)


def test_an_unanswered_invitation_is_a_part_without_a_membership():
    invitation = InvitationFactory()

    assert portal_parts(invitation.user) == NOTHING._replace(panel=True)


def test_an_answered_invitation_without_a_shared_summary_is_no_part():
    invitation = InvitationFactory(has_answered=True)

    assert portal_parts(invitation.user) == NOTHING


def test_an_answered_invitation_with_a_shared_summary_is_a_part():
    invitation = InvitationFactory(
        has_answered=True, consultation__summary_published_at=timezone.now()
    )

    assert portal_parts(invitation.user) == NOTHING._replace(panel=True)


def test_a_withdrawn_membership_is_no_part():
    member = PanelMemberFactory(withdrawn_at=timezone.now())

    assert portal_parts(member.user) == NOTHING


@pytest.mark.parametrize(
    ("status", "part"), [("registered", True), ("waiting", True), ("cancelled", False)]
)
def test_a_meetup_place_or_waiting_spot_is_a_part(status, part):
    registration = MeetupRegistrationFactory(status=status)

    assert portal_parts(registration.parent) == NOTHING._replace(meetups=part)


def test_an_open_erasure_request_is_a_part():
    parent = UserFactory()
    erasure.erasure_ask(user=parent)

    assert portal_parts(parent) == NOTHING._replace(erasure_request=True)


def test_another_parents_things_are_no_part_of_yours():
    BuddyRequestFactory()
    PanelMemberFactory()
    InvitationFactory()
    MeetupRegistrationFactory()

    assert portal_parts(UserFactory()) == NOTHING


def test_the_portal_shows_every_part_a_parent_has(client):
    parent = UserFactory()
    BuddyRequestFactory(parent=parent)
    PanelMemberFactory(user=parent)
    registration = MeetupRegistrationFactory(parent=parent)
    erasure.erasure_ask(user=parent)
    client.force_login(parent)

    content = client.get(reverse("casussen:portal")).content.decode()

    assert "We zoeken een buddy die bij je past." in content
    assert "Vragenlijsten voor jou" in content
    assert registration.meetup.title in content
    assert "Je hebt gevraagd om je gegevens te verwijderen." in content


def test_a_member_without_invitations_is_shown_as_a_member_without_reading_one(
    client, django_assert_num_queries
):
    member = PanelMemberFactory()
    client.force_login(member.user)
    client.get(reverse("casussen:portal"))

    # Session, user (with their roles), the cases, the parts, the invitations, site
    # settings: the membership came with the parts.
    with django_assert_num_queries(6):
        content = client.get(reverse("casussen:portal")).content.decode()

    assert "Vragenlijsten voor jou" in content
    assert "Er staat nu geen vragenlijst voor je klaar." in content


def test_an_invitation_without_a_membership_shows_no_member_part(client):
    invitation = InvitationFactory(
        has_answered=True, consultation__summary_published_at=timezone.now()
    )
    client.force_login(invitation.user)

    content = client.get(reverse("casussen:portal")).content.decode()

    assert "Wat we hoorden" in content
    assert "Vragenlijsten voor jou" not in content
