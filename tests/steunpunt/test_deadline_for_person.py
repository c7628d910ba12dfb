"""A deadline given to a person lands at the end of a working day, by one rule."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from steunpunt.deadlines import deadline_for_person

AMS = ZoneInfo("Europe/Amsterdam")


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=AMS)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Tuesday 10.00 + 5 days is Sunday: Monday at the end of the day.
        ("2026-12-01 10:00", 5, "2026-12-07 17:00"),
        # Tuesday 08:42 + 5 days is Sunday 08:42: not then, Monday 17.00.
        ("2026-12-01 08:42", 5, "2026-12-07 17:00"),
        # Wednesday 10.00 + 5 days is Monday: that day, at 17.00.
        ("2026-12-02 10:00", 5, "2026-12-07 17:00"),
        # Wednesday 18.00 + 5 days is Monday 18.00, after office hours: Tuesday 17.00.
        ("2026-12-02 18:00", 5, "2026-12-08 17:00"),
        # Friday 11 December + 14 days is Christmas: past both Christmas days and the
        # weekend, Monday 28 December.
        ("2026-12-11 10:00", 14, "2026-12-28 17:00"),
    ],
)
def test_deadline_lands_at_the_end_of_a_working_day(start, days, expected):
    assert deadline_for_person(_at(start), days=days) == _at(expected)


def test_deadline_is_never_shorter_than_the_days_given():
    start = _at("2026-12-02 16:59")

    deadline = deadline_for_person(start, days=5)

    assert (deadline - start).total_seconds() >= 5 * 24 * 3600


def test_deadline_hour_comes_from_the_settings(settings):
    settings.DEADLINE_HOUR = 16

    assert deadline_for_person(_at("2026-12-01 10:00"), days=5) == _at("2026-12-07 16:00")
