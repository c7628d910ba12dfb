"""Retention in the parent network: buddy screening data after a buddy stops, buddy
requests after their match ended, meetup registrations after the meetup, panel
membership after withdrawal, reminder bodies after sending (finding 4)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from oudernetwerk.models import (
    BuddyProfile,
    BuddyRequest,
    MeetupRegistration,
    NetworkEvent,
    PanelMember,
    Reminder,
)
from steunpunt import retention
from steunpunt.tasks import run_retention
from tests.factories import (
    BuddyProfileFactory,
    BuddyRequestFactory,
    MatchFactory,
    MunicipalityFactory,
    UserFactory,
)
from tests.factories.meetups import MeetupFactory, MeetupRegistrationFactory

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
START = datetime(2025, 3, 10, 10, 0, tzinfo=AMSTERDAM)


def run(name: str):
    return retention.run(only=[name])[0]


def months_after(moment: datetime, months: int, days: int) -> datetime:
    return retention._months_before(moment, -months) + timedelta(days=days)


# --- Buddy screening ------------------------------------------------------------------------


def test_screening_data_of_a_buddy_who_stopped_goes_a_year_later():
    with time_machine.travel(START, tick=False):
        profile = BuddyProfileFactory(status="rejected", phone="06 11111111")
        profile.rejected_reason = "Gestopt, verhuisd"
        profile.save()
        NetworkEvent.objects.create(
            kind=NetworkEvent.Kind.BUDDY_REJECTED, profile=profile, text="Gestopt, verhuisd"
        )

    with time_machine.travel(months_after(START, 12, -1), tick=False):
        assert run("oudernetwerk.buddy_screening").count == 0
    profile.refresh_from_db()
    assert profile.vog_date is not None

    with time_machine.travel(months_after(START, 12, 1), tick=False):
        assert run("oudernetwerk.buddy_screening").count == 1
    profile.refresh_from_db()
    assert (
        profile.vog_date,
        profile.intake_held_at,
        profile.training_date,
        profile.rejected_reason,
        profile.introduction,
        profile.phone,
    ) == (None, None, None, "", "", "")
    assert list(profile.events.values_list("text", flat=True)) == [""]


def test_screening_data_of_an_active_buddy_stays():
    with time_machine.travel(START, tick=False):
        profile = BuddyProfileFactory(status="approved")

    with time_machine.travel(START.replace(year=2028), tick=False):
        assert run("oudernetwerk.buddy_screening").count == 0

    profile.refresh_from_db()
    assert profile.vog_date is not None


# --- Buddy requests -------------------------------------------------------------------------


def test_a_request_goes_a_year_after_its_match_ended():
    with time_machine.travel(START - timedelta(days=90), tick=False):
        request = BuddyRequestFactory(status="closed")
    with time_machine.travel(START, tick=False):
        MatchFactory(request=request, status="ended", ended_at=START)

    with time_machine.travel(months_after(START, 12, -1), tick=False):
        assert run("oudernetwerk.buddy_requests").count == 0
    assert BuddyRequest.objects.filter(pk=request.pk).exists()

    with time_machine.travel(months_after(START, 12, 1), tick=False):
        assert run("oudernetwerk.buddy_requests").count == 1
    assert not BuddyRequest.objects.filter(pk=request.pk).exists()


def test_an_open_or_matched_request_stays_however_old():
    with time_machine.travel(START, tick=False):
        open_request = BuddyRequestFactory()
        matched = BuddyRequestFactory(status="matched")
        MatchFactory(request=matched, status="active")

    with time_machine.travel(START.replace(year=2029), tick=False):
        assert run("oudernetwerk.buddy_requests").count == 0

    assert BuddyRequest.objects.filter(pk__in=[open_request.pk, matched.pk]).count() == 2


# --- Meetup registrations --------------------------------------------------------------------


def test_a_meetup_registration_goes_3_months_after_the_meetup():
    with time_machine.travel(START - timedelta(days=10), tick=False):
        meetup = MeetupFactory(starts_at=START, ends_at=START + timedelta(hours=2))
        registration = MeetupRegistrationFactory(meetup=meetup)
    end = START + timedelta(hours=2)

    with time_machine.travel(months_after(end, 3, -1), tick=False):
        assert run("oudernetwerk.meetup_registrations").count == 0

    with time_machine.travel(months_after(end, 3, 1), tick=False):
        assert run("oudernetwerk.meetup_registrations").count == 1
    assert not MeetupRegistration.objects.filter(pk=registration.pk).exists()


def test_a_meetup_registration_of_a_year_ago_is_gone_after_the_nightly_task():
    """Finding 4: a meetup registration of a year ago stayed."""

    with time_machine.travel(START - timedelta(days=10), tick=False):
        meetup = MeetupFactory(starts_at=START, ends_at=START + timedelta(hours=2))
        MeetupRegistrationFactory(meetup=meetup)

    with time_machine.travel(START.replace(year=2026), tick=False):
        run_retention()

    assert not MeetupRegistration.objects.exists()


# --- Panel membership ------------------------------------------------------------------------


def _member(**kwargs) -> PanelMember:
    return PanelMember.objects.create(
        user=UserFactory(),
        municipality=MunicipalityFactory(),
        consent_text="Ik wil gevraagd worden.",
        **kwargs,
    )


def test_panel_membership_goes_after_withdrawal_and_an_active_member_stays():
    with time_machine.travel(START, tick=False):
        withdrawn = _member(withdrawn_at=START)
        active = _member()

    with time_machine.travel(START - timedelta(minutes=1), tick=False):
        assert run("oudernetwerk.panel_membership").count == 0

    with time_machine.travel(START + timedelta(days=1), tick=False):
        assert run("oudernetwerk.panel_membership").count == 1

    assert list(PanelMember.objects.all()) == [active]
    assert not PanelMember.objects.filter(pk=withdrawn.pk).exists()


# --- Reminder bodies -------------------------------------------------------------------------


def test_network_reminder_bodies_and_attachments_are_emptied_30_days_after_sending():
    sent = START
    reminder = Reminder.objects.create(
        key="meetup-test",
        kind=Reminder.Kind.MEETUP_DAY_BEFORE,
        recipients=["ouder@test.example.nl"],
        subject="Morgen: koffieochtend",
        body="Tot morgen in het buurthuis.",
        html="<p>Tot morgen</p>",
        attachments=[
            {"filename": "a.ics", "content": "BEGIN:VCALENDAR", "mimetype": "text/calendar"}
        ],
        sent_at=sent,
    )
    cancelled = Reminder.objects.create(
        key="cancelled-test",
        kind=Reminder.Kind.CHECKIN,
        body="Hoe gaat het?",
        cancelled_at=sent,
    )

    with time_machine.travel(sent + timedelta(days=29), tick=False):
        assert run("oudernetwerk.reminder_bodies").count == 0

    with time_machine.travel(sent + timedelta(days=31), tick=False):
        assert run("oudernetwerk.reminder_bodies").count == 2
    reminder.refresh_from_db()
    cancelled.refresh_from_db()
    assert (reminder.body, reminder.html, reminder.recipients, reminder.attachments) == (
        "",
        "",
        [],
        [],
    )
    assert cancelled.body == ""
    assert reminder.subject == "Morgen: koffieochtend"


def test_a_buddy_profile_still_in_use_keeps_the_account_however_long_unused():
    with time_machine.travel(START, tick=False):
        profile = BuddyProfileFactory(user=UserFactory(last_login=START, roles=["buddy"]))

    with time_machine.travel(START.replace(year=2029), tick=False):
        assert run("steunpunt.accounts").count == 0

    assert BuddyProfile.objects.filter(pk=profile.pk).exists()
