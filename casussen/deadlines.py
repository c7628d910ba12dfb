"""The working days the cases count their deadlines in: they live in the core
(`steunpunt.deadlines`), so every app gives people deadlines by the same rule."""

from steunpunt.deadlines import (  # noqa: F401 - the cases' names for them
    add_working_days,
    deadline_for_person,
    easter_sunday,
    is_working_day,
    kings_day,
    public_holidays,
    subtract_working_days,
    working_days_between,
)
