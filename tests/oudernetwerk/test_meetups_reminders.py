"""The reminder the day before a meetup: from 9.00 local time, to parents with a place,
exactly once however often the sweep runs, with the meetup as a calendar file."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from oudernetwerk import services
from oudernetwerk.models import Reminder
from steunpunt.outbox import tasks as outbox_tasks
from tests.factories import UserFactory
from tests.factories.meetups import MeetupFactory
from tests.oudernetwerk.test_meetups_ics import unfold

pytestmark = pytest.mark.django_db

# Thursday 3 December 2026, 19.30-21.30 in Amsterdam (UTC+1).
STARTS = "2026-12-03 19:30 +01:00"
CREATED = "2026-11-20 12:00 +01:00"


@pytest.fixture
def meetup(site_settings):
    with time_machine.travel(CREATED, tick=False):
        starts_at = datetime.fromisoformat(STARTS.replace(" +", "+"))
        return MeetupFactory(
            title="Ouderavond over school",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            kind="online",
            online_url="https://meet.example.nl/ouderavond",
            place_name="",
            address="",
        )


def _register(meetup, email):
    with time_machine.travel(CREATED, tick=False):
        return services.meetup_register(meetup=meetup, parent=UserFactory(email=email))


def _sweep_at(moment: str, capture) -> dict:
    with time_machine.travel(moment, tick=False), capture(execute=True):
        return services.sweep()


def _reminders():
    return [m for m in mail.outbox if m.subject.startswith("Morgen:")]


def test_no_reminder_before_nine_on_the_day_before(meetup, django_capture_on_commit_callbacks):
    _register(meetup, "ouder@test.example.nl")

    result = _sweep_at("2026-12-02 08:59 +01:00", django_capture_on_commit_callbacks)

    assert result["meetup_day_before"] == 0
    assert _reminders() == []


def test_no_reminder_two_days_before(meetup, django_capture_on_commit_callbacks):
    _register(meetup, "ouder@test.example.nl")

    _sweep_at("2026-12-01 12:00 +01:00", django_capture_on_commit_callbacks)

    assert _reminders() == []


def test_reminder_goes_out_once_however_often_the_sweep_runs(
    meetup, django_capture_on_commit_callbacks
):
    _register(meetup, "ouder@test.example.nl")

    results = [
        _sweep_at(moment, django_capture_on_commit_callbacks)["meetup_day_before"]
        for moment in (
            "2026-12-02 09:00 +01:00",
            "2026-12-02 10:00 +01:00",
            "2026-12-02 23:00 +01:00",
        )
    ]

    assert results == [1, 0, 0]
    reminders = _reminders()
    assert [m.to for m in reminders] == [["ouder@test.example.nl"]]
    assert reminders[0].subject == "Morgen: Ouderavond over school"
    assert "https://meet.example.nl/ouderavond" in reminders[0].body
    reminder = Reminder.objects.get()
    assert reminder.kind == Reminder.Kind.MEETUP_DAY_BEFORE
    assert reminder.sent_at is not None
    assert reminder.key == f"meetup-reg-{reminder.registration_id}-day-before-2026-12-03"


def test_reminder_carries_the_meetup_as_a_calendar_file(meetup, django_capture_on_commit_callbacks):
    _register(meetup, "ouder@test.example.nl")

    _sweep_at("2026-12-02 09:00 +01:00", django_capture_on_commit_callbacks)

    [(filename, content, mimetype)] = _reminders()[0].attachments
    assert (filename, mimetype) == ("ontmoeting.ics", "text/calendar")
    assert "\r\n" in content
    props = unfold(content)
    assert props["METHOD"] == "PUBLISH"
    assert props["SUMMARY"] == "Ouderavond over school"
    assert props["DTSTART"] == "20261203T183000Z"
    assert props["DTEND"] == "20261203T203000Z"
    assert props["URL"] == "https://meet.example.nl/ouderavond"
    assert props["LOCATION"] == "Online"
    assert props["UID"].startswith(f"meetup-{meetup.pk}@")


def test_no_reminder_for_the_waiting_list_or_who_left(meetup, django_capture_on_commit_callbacks):
    meetup.capacity = 1
    meetup.save()
    _register(meetup, "plek@test.example.nl")
    _register(meetup, "wacht@test.example.nl")
    left = _register(meetup, "ook.wacht@test.example.nl")
    with time_machine.travel(CREATED, tick=False):
        services.meetup_cancel_registration(registration=left, actor=left.parent)

    _sweep_at("2026-12-02 09:00 +01:00", django_capture_on_commit_callbacks)

    assert [m.to for m in _reminders()] == [["plek@test.example.nl"]]


def test_no_reminder_for_a_cancelled_meetup(meetup, django_capture_on_commit_callbacks):
    _register(meetup, "ouder@test.example.nl")
    meetup.status = "cancelled"
    meetup.save()

    _sweep_at("2026-12-02 09:00 +01:00", django_capture_on_commit_callbacks)

    assert _reminders() == []


def test_claimed_reminder_is_not_sent_after_the_parent_left(
    meetup, django_capture_on_commit_callbacks
):
    registration = _register(meetup, "ouder@test.example.nl")
    with time_machine.travel("2026-12-02 09:00 +01:00", tick=False):
        # Claimed, but the worker has not delivered it yet (nothing run after commit).
        services.sweep()
        services.meetup_cancel_registration(registration=registration, actor=registration.parent)
        outbox_tasks.deliver(model="oudernetwerk.Reminder", row_id=Reminder.objects.get().pk)

    reminder = Reminder.objects.get()
    assert (reminder.sent_at, reminder.cancelled_at is not None) == (None, True)
    assert _reminders() == []


def test_parent_who_gets_a_place_later_that_day_gets_a_reminder_too(
    meetup, django_capture_on_commit_callbacks
):
    meetup.capacity = 1
    meetup.save()
    first = _register(meetup, "eerste@test.example.nl")
    _register(meetup, "wacht@test.example.nl")
    _sweep_at("2026-12-02 09:00 +01:00", django_capture_on_commit_callbacks)
    with time_machine.travel("2026-12-02 15:00 +01:00", tick=False):
        services.meetup_cancel_registration(registration=first, actor=first.parent)

    _sweep_at("2026-12-02 16:00 +01:00", django_capture_on_commit_callbacks)

    assert [m.to for m in _reminders()] == [["eerste@test.example.nl"], ["wacht@test.example.nl"]]


def test_meetup_just_after_midnight_is_reminded_the_evening_before_local_time(
    site_settings, django_capture_on_commit_callbacks
):
    with time_machine.travel(CREATED, tick=False):
        # 00.30 on 3 December in Amsterdam is still 2 December in UTC.
        starts_at = datetime(2026, 12, 3, 0, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
        meetup = MeetupFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=1))
    _register(meetup, "nacht@test.example.nl")

    _sweep_at("2026-12-02 09:00 +01:00", django_capture_on_commit_callbacks)

    assert [m.to for m in _reminders()] == [["nacht@test.example.nl"]]


def test_claimed_reminder_for_a_meetup_moved_to_another_day_is_not_sent(
    meetup, django_capture_on_commit_callbacks
):
    _register(meetup, "ouder@test.example.nl")
    with time_machine.travel("2026-12-02 09:00 +01:00", tick=False):
        services.sweep()
        meetup.starts_at += timedelta(days=7)
        meetup.ends_at += timedelta(days=7)
        meetup.save()
        outbox_tasks.deliver(model="oudernetwerk.Reminder", row_id=Reminder.objects.get().pk)

    assert Reminder.objects.get().cancelled_at is not None
    assert _reminders() == []

    _sweep_at("2026-12-09 09:00 +01:00", django_capture_on_commit_callbacks)

    assert [m.to for m in _reminders()] == [["ouder@test.example.nl"]]
    assert "DTSTART:20261210T183000Z" in _reminders()[0].attachments[0][1]
