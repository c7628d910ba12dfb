"""Working days as Dutch law counts them for deadlines (Algemene termijnenwet, art. 3):
no Saturdays or Sundays, and none of the generally recognised public holidays:
Nieuwjaarsdag, Tweede Paasdag, Koningsdag, 5 mei, Hemelvaartsdag, Tweede Pinksterdag
and both Christmas days.

And the one rule for a deadline given to a person (`deadline_for_person`): it lands at
the end of a working day, never "zondag om 08:42". The cases count in working days
(`add_working_days`); the buddy requests and proposals count in days and round up."""

from datetime import date, datetime, time, timedelta
from functools import cache

from django.conf import settings
from django.utils import timezone


def easter_sunday(year: int) -> date:
    """Gregorian Easter (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


def kings_day(year: int) -> date:
    """27 April, or the 26th when the 27th is a Sunday."""
    day = date(year, 4, 27)
    return day - timedelta(days=1) if day.weekday() == 6 else day


@cache
def public_holidays(year: int) -> frozenset[date]:
    easter = easter_sunday(year)
    return frozenset(
        {
            date(year, 1, 1),
            easter + timedelta(days=1),  # Tweede Paasdag
            kings_day(year),
            date(year, 5, 5),
            easter + timedelta(days=39),  # Hemelvaartsdag
            easter + timedelta(days=50),  # Tweede Pinksterdag
            date(year, 12, 25),
            date(year, 12, 26),
        }
    )


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (the start day itself not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


def subtract_working_days(start: date, days: int) -> date:
    """The date `days` working days before `start`."""
    current = start
    remaining = days
    while remaining > 0:
        current -= timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def deadline_for_person(start: datetime, *, days: int) -> datetime:
    """The moment a person is asked to act by (or promised to hear by): at least `days`
    days after `start`, at `DEADLINE_HOUR` (the end of office hours, local time) on a
    working day. A proposal made on Tuesday evening with five days is due on Monday at
    the end of the day, not on Sunday evening."""
    earliest = timezone.localtime(start) + timedelta(days=days)
    day = earliest.date()
    while True:
        if is_working_day(day):
            moment = timezone.make_aware(datetime.combine(day, time(settings.DEADLINE_HOUR)))
            if moment >= earliest:
                return moment
        day += timedelta(days=1)
