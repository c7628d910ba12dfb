from datetime import date

import pytest

from casussen.deadlines import (
    add_working_days,
    easter_sunday,
    is_working_day,
    kings_day,
    public_holidays,
    working_days_between,
)


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)),
     (2027, date(2027, 3, 28)), (2038, date(2038, 4, 25))],
)  # fmt: skip
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter


def test_kings_day_moves_to_saturday_when_the_27th_is_a_sunday():
    assert kings_day(2025) == date(2025, 4, 26)
    assert kings_day(2026) == date(2026, 4, 27)


def test_public_holidays_2026():
    assert public_holidays(2026) == {
        date(2026, 1, 1),
        date(2026, 4, 6),
        date(2026, 4, 27),
        date(2026, 5, 5),
        date(2026, 5, 14),
        date(2026, 5, 25),
        date(2026, 12, 25),
        date(2026, 12, 26),
    }


def test_weekends_are_not_working_days():
    assert not is_working_day(date(2026, 11, 28))  # Saturday
    assert not is_working_day(date(2026, 11, 29))  # Sunday
    assert is_working_day(date(2026, 11, 30))


def test_two_working_days_from_thursday_is_monday():
    assert add_working_days(date(2026, 11, 26), 2) == date(2026, 11, 30)


def test_working_days_skip_christmas():
    # Thursday 24 December 2026 + 2 working days: 25 (Fri) and 26 (Sat) are skipped.
    assert add_working_days(date(2026, 12, 24), 2) == date(2026, 12, 29)


def test_working_days_skip_easter_monday_and_kings_day():
    assert add_working_days(date(2026, 4, 3), 1) == date(2026, 4, 7)  # Fri -> Tue
    assert add_working_days(date(2026, 4, 24), 1) == date(2026, 4, 28)  # Fri -> Tue


def test_working_days_skip_ascension_and_liberation_day():
    assert add_working_days(date(2026, 5, 4), 1) == date(2026, 5, 6)
    assert add_working_days(date(2026, 5, 13), 1) == date(2026, 5, 15)


def test_ten_working_days_over_new_year():
    assert add_working_days(date(2026, 12, 21), 10) == date(2027, 1, 6)


def test_working_days_between_counts_after_start_up_to_end():
    assert working_days_between(date(2026, 11, 27), date(2026, 11, 30)) == 1
    assert working_days_between(date(2026, 11, 30), date(2026, 11, 27)) == 0
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 29)) == 2
