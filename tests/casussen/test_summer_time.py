"""The sweeps and beat across the switch to and from summer time (issue #17, item 4).

Europe/Amsterdam: on Sunday 25 October 2026 the clock goes from 03:00 back to 02:00 (the
hour 02:00-03:00 happens twice); on Sunday 28 March 2027 it jumps from 02:00 to 03:00.
The sweep runs every 15 minutes; what it sends is keyed by local dates, so each reminder
goes once, on the right day, whatever the clock does in between."""

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.core import mail

from casussen import services
from casussen.models import Reminder
from config.celery import app
from steunpunt.deadlines import add_working_days
from tests.casussen.test_followups import _followup

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# The moments the clock changes, in UTC.
AUTUMN = datetime(2026, 10, 25, 1, 0, tzinfo=UTC)
SPRING = datetime(2027, 3, 28, 1, 0, tzinfo=UTC)


def _every_quarter(start: datetime, end: datetime):
    moment = start
    while moment <= end:
        yield moment
        moment += timedelta(minutes=15)


def _sweep_at(moments, capture) -> dict[datetime, list[str]]:
    """Runs the sweep at each moment; the reminder kinds sent at each, by moment."""
    sent = {}
    for moment in moments:
        before = set(Reminder.objects.values_list("pk", flat=True))
        with time_machine.travel(moment, tick=False), capture(execute=True):
            services.sweep_reminders()
        new = Reminder.objects.exclude(pk__in=before).values_list("kind", flat=True)
        if new:
            sent[moment] = sorted(new)
    return sent


def _local_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=AMSTERDAM).astimezone(UTC)


@pytest.mark.parametrize(
    ("created", "due", "switch"),
    [
        # Created on the Wednesday before, due the first working day after the switch
        # (Monday 29 March 2027 is Easter Monday).
        ("2026-10-21 10:00 +02:00", date(2026, 10, 26), AUTUMN),
        ("2027-03-24 10:00 +01:00", date(2027, 3, 30), SPRING),
    ],
    ids=["autumn", "spring"],
)
def test_the_due_date_reminder_goes_once_at_the_start_of_the_local_day(
    created, due, switch, django_capture_on_commit_callbacks
):
    with time_machine.travel(created, tick=False):
        followup, _worker = _followup(due_date=due)
    # Earlier reminders (two working days before) are out of the way first.
    _sweep_at([switch - timedelta(days=1)], django_capture_on_commit_callbacks)
    mail.outbox.clear()
    midnight = _local_midnight(due)
    moments = [
        *_every_quarter(switch - timedelta(hours=3), switch + timedelta(hours=3)),
        *_every_quarter(midnight - timedelta(hours=2), midnight + timedelta(hours=2)),
    ]

    sent = _sweep_at(moments, django_capture_on_commit_callbacks)

    assert sent == {midnight: [Reminder.Kind.FOLLOWUP_ON_DUE]}
    assert [m.to for m in mail.outbox] == [[followup.organisation.contact_email]]


@pytest.mark.parametrize("switch", [AUTUMN, SPRING], ids=["autumn", "spring"])
def test_nothing_is_sent_twice_in_the_hour_the_clock_changes(
    switch, django_capture_on_commit_callbacks
):
    due = add_working_days(switch.date(), 1)
    created = switch - timedelta(days=4)
    with time_machine.travel(created, tick=False):
        _followup(due_date=due)
    # Every run of the night, the repeated or skipped hour included, twice over.
    night = list(_every_quarter(switch - timedelta(hours=2), switch + timedelta(hours=2)))

    _sweep_at(night + night, django_capture_on_commit_callbacks)

    kinds = list(Reminder.objects.values_list("kind", flat=True))
    assert len(kinds) == len(set(kinds))


def _runs(schedule: crontab, start: datetime, hours: int) -> list[datetime]:
    """When beat would send an entry, checked minute by minute, as beat's tick does."""
    now = [start]
    schedule = crontab(
        minute=schedule._orig_minute,
        hour=schedule._orig_hour,
        day_of_week=schedule._orig_day_of_week,
        day_of_month=schedule._orig_day_of_month,
        month_of_year=schedule._orig_month_of_year,
        nowfun=lambda: now[0],
        app=app,
    )
    runs, last = [], start
    moment = start
    while moment < start + timedelta(hours=hours):
        now[0] = moment
        if schedule.is_due(last)[0]:
            runs.append(moment)
            last = moment
        moment += timedelta(minutes=1)
    return runs


DAILY = {
    name: entry["schedule"]
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
    # An interval (a timedelta, e.g. the outbox's redelivery) knows no clock time.
    if isinstance(entry["schedule"], crontab) and entry["schedule"]._orig_hour != "*"
}


@pytest.mark.parametrize("name", sorted(DAILY))
@pytest.mark.parametrize("switch", [AUTUMN, SPRING], ids=["autumn", "spring"])
def test_each_daily_beat_entry_runs_once_on_the_day_of_the_switch(name, switch):
    start = _local_midnight(switch.astimezone(AMSTERDAM).date())

    runs = _runs(DAILY[name], start - timedelta(hours=1), 26)

    days = [run.astimezone(AMSTERDAM).date() for run in runs]
    assert days == [switch.astimezone(AMSTERDAM).date()]


def test_the_reminder_sweep_never_runs_more_often_than_every_15_minutes_across_a_switch():
    schedule = settings.CELERY_BEAT_SCHEDULE["casussen-sweep-reminders"]["schedule"]
    for switch in (AUTUMN, SPRING):
        runs = _runs(schedule, switch - timedelta(hours=3), 6)
        gaps = {b - a for a, b in pairwise(runs)}
        # Never twice within a quarter; at most the repeated hour is left out in autumn.
        assert min(gaps) == timedelta(minutes=15)
        assert max(gaps) <= timedelta(hours=1, minutes=15)
