"""The date drill-down of an admin list (`date_hierarchy`) without `SELECT DISTINCT` over
the table (issue #12).

Django lists the years, months or days that have rows with `queryset.dates(...)`: a
`SELECT DISTINCT DATE_TRUNC(...)` that reads every row of the list (20,000 follow-ups at
regional size). Here the candidates come from the list's first and last date (the
`MIN`/`MAX` Django asks first, read from the field's index), and each candidate period is
tested with an `EXISTS` on that index, all in one query (compiled once: the periods
after the second reuse the first one's SQL with their own bounds). The periods shown, their links
and titles are Django's own (`date_hierarchy` is called as is, tested against its
output)."""

import copy
import datetime

from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import EmptyResultSet
from django.db import connection, models
from django.db.models import Max, Min, Value
from django.utils import timezone


def _probe_sql(queryset) -> tuple[str, list] | None:
    """The SQL and parameters of "a row of `queryset`", or None when it has none."""
    try:
        sql, params = queryset.order_by().values(_probe=Value(1))[:1].query.sql_with_params()
    except EmptyResultSet:
        return None
    return sql, list(params)


def _ask(probes: list[tuple[str, list] | None]) -> list[bool]:
    """Whether each probe (SQL and parameters, None for none) finds a row, in one query."""
    parts, params, answers, asked = [], [], [False] * len(probes), []
    for index, probe in enumerate(probes):
        if probe is None:
            continue
        parts.append(f"EXISTS({probe[0]})")
        params += probe[1]
        asked.append(index)
    if parts:
        with connection.cursor() as cursor:
            # Django compiled every part; every value in them is a parameter.
            cursor.execute("SELECT " + ", ".join(parts), params)
            for index, value in zip(asked, cursor.fetchone(), strict=True):
                answers[index] = bool(value)
    return answers


def _db_value(field, value):
    """`value` as a lookup on `field` passes it to the database."""
    return field.get_db_prep_value(field.get_prep_value(value), connection, prepared=True)


def in_periods(queryset, field_name: str, bounds: list[tuple]) -> list[bool]:
    """Whether `queryset` has a row with `field_name` from start to (not including) end,
    for each (start, end) in `bounds`, in one query. Django compiles the first two
    periods' probes; the others are the first's SQL with their own start and end as its
    parameters, where those two compiled probes show that only the bounds differ, in
    the two places the bounds' database values take (Django compiles each otherwise)."""

    def compiled(start, end):
        return _probe_sql(
            queryset.filter(**{f"{field_name}__gte": start, f"{field_name}__lt": end})
        )

    if len(bounds) < 3:
        return _ask([compiled(start, end) for start, end in bounds])
    first, second = compiled(*bounds[0]), compiled(*bounds[1])
    places = _bound_places(queryset, field_name, bounds[:2], first, second)
    if places is None:
        probes = [first, second, *(compiled(start, end) for start, end in bounds[2:])]
        return _ask(probes)
    field = get_fields_from_path(queryset.model, field_name)[-1]
    sql, params = first
    at_start, at_end = places
    probes = [first, second]
    for start, end in bounds[2:]:
        these = list(params)
        these[at_start], these[at_end] = _db_value(field, start), _db_value(field, end)
        probes.append((sql, these))
    return _ask(probes)


def _bound_places(queryset, field_name, bounds, first, second) -> tuple[int, int] | None:
    """Where the start and end are among the parameters of the two compiled probes, when
    the probes differ in nothing else (None otherwise)."""
    if first is None or second is None or first[0] != second[0]:
        return None
    (_sql, one), (_sql, two) = first, second
    if len(one) != len(two):
        return None
    differ = [i for i, (a, b) in enumerate(zip(one, two, strict=True)) if a != b]
    if len(differ) != 2:
        return None
    field = get_fields_from_path(queryset.model, field_name)[-1]
    (start_one, end_one), (start_two, end_two) = bounds
    for at_start, at_end in (differ, differ[::-1]):
        if (
            one[at_start] == _db_value(field, start_one)
            and one[at_end] == _db_value(field, end_one)
            and two[at_start] == _db_value(field, start_two)
            and two[at_end] == _db_value(field, end_two)
        ):
            return at_start, at_end
    return None


def _periods(first: datetime.date, last: datetime.date, kind: str) -> list[tuple]:
    """(start, end) dates of every year, month or day from `first` to `last`."""
    periods = []
    if kind == "year":
        for year in range(first.year, last.year + 1):
            periods.append((datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)))
    elif kind == "month":
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            following = (year + 1, 1) if month == 12 else (year, month + 1)
            periods.append((datetime.date(year, month, 1), datetime.date(*following, 1)))
            year, month = following
    else:
        day = first
        while day <= last:
            periods.append((day, day + datetime.timedelta(days=1)))
            day += datetime.timedelta(days=1)
    return periods


class _ProbingQuerySet:
    """Stands in for `cl.queryset` in Django's `date_hierarchy`: the same `aggregate`,
    and `dates`/`datetimes` answered by probes instead of `SELECT DISTINCT`."""

    def __init__(self, queryset):
        self._queryset = queryset
        self._range = None

    def aggregate(self, *args, **kwargs):
        result = self._queryset.aggregate(*args, **kwargs)
        if set(result) == {"first", "last"}:
            self._range = (result["first"], result["last"])
        return result

    def dates(self, field_name, kind, order="ASC"):
        return self._probe(field_name, kind, aware=False)

    def datetimes(self, field_name, kind, order="ASC", tzinfo=None):
        return self._probe(field_name, kind, aware=True)

    def _probe(self, field_name: str, kind: str, *, aware: bool) -> list:
        if self._range is None:
            self.aggregate(first=Min(field_name), last=Max(field_name))
        first, last = self._range
        if first is None or last is None:
            return []
        if aware:
            first, last = (
                (timezone.localtime(v) if timezone.is_aware(v) else v).date() for v in (first, last)
            )
        periods = _periods(first, last, kind)

        def bound(day: datetime.date):
            if not aware:
                return day
            # Midnight where the list is shown, as Django's `datetimes()` truncates.
            return datetime.datetime(
                day.year, day.month, day.day, tzinfo=timezone.get_current_timezone()
            )

        found = in_periods(
            self._queryset, field_name, [(bound(start), bound(end)) for start, end in periods]
        )
        return [bound(start) for (start, _end), has in zip(periods, found, strict=True) if has]


def light_date_hierarchy(cl):
    """Django's `date_hierarchy(cl)` with the periods found by probes."""
    if not cl.date_hierarchy:
        return date_hierarchy(cl)
    field = get_fields_from_path(cl.model, cl.date_hierarchy)[-1]
    if not isinstance(field, (models.DateField, models.DateTimeField)):
        return date_hierarchy(cl)
    probing = copy.copy(cl)
    probing.queryset = _ProbingQuerySet(cl.queryset)
    return date_hierarchy(probing)
