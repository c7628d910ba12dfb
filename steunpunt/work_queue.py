"""The work queue on the admin index: what needs doing, as counts that link to the
admin list showing exactly those, in the order a coordinator (or an editor) works them.

Each app gives its own entries through its AppConfig's `work_queue(user, now)` (the
core imports no app). An entry's count is a number or, better, what to count: a query
set (or a tuple of them whose counts add up). Every query set of every entry is counted
in one statement (`count_together`), each as its own indexed subquery, so the index
costs one query for the whole queue whatever the size of the tables (issue #12: nine
counts were nine round trips, each planned and sent on its own).

Building and compiling some twenty query sets cost Django more than PostgreSQL needs to
count them, so an entry whose query set has a fixed shape gives a `CompiledCount`
instead: built and compiled once per process with markers where the request's values
go (`steunpunt.compiled`, ADR 0016)."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime

from django.apps import apps
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet, Value
from django.utils import timezone

from . import roles
from .compiled import CompiledQuery

# The markers a `CompiledCount` is built with, for the request's values it takes.
_MARKS = {"user": -7_301_001, "today": date(1901, 2, 3)}


class CompiledCount:
    """What an entry counts, compiled once per process: `build` takes markers for the
    values `uses` names, in that order ("user": the user's id, "today": the day), and
    `of(user, today)` is this request's count, those values in the markers' place. A
    value derived from one (the day before) cannot be a marker: the build must use each
    as it is (`CompiledQuery` refuses a marker it does not find)."""

    def __init__(self, build: Callable[..., QuerySet], *uses: str) -> None:
        self._uses = uses
        marks = [_MARKS[use] for use in uses]
        self._query = CompiledQuery(lambda *values: _countable(build(*values)), *marks)

    def of(self, user, today: date) -> "Counted":
        values = {"user": user.pk, "today": today}
        return Counted(self._query, tuple(values[use] for use in self._uses))


@dataclass(frozen=True)
class Counted:
    query: CompiledQuery
    values: tuple


@dataclass(frozen=True)
class WorkQueueEntry:
    # Lower comes first: the order in which the work is done.
    rank: int
    label: str
    # A number, or what to count: a query set or a `CompiledCount.of(...)`, or a tuple
    # of them added up.
    count: "int | QuerySet | Counted | tuple[QuerySet | Counted, ...]"
    url: str
    # "coordinator" or "editor": the heading the entry is listed under.
    role: str
    help: str = ""


def _countable(queryset: QuerySet) -> QuerySet:
    """The query set to count: a query set that selects nothing in particular selects a
    constant, so an index alone can answer it."""
    inner = queryset.order_by()
    if not inner.query.values_select and not inner.query.distinct:
        inner = inner.values(_work_queue=Value(1))
    return inner


def _counted_sql(counted: "QuerySet | Counted") -> tuple[str, list]:
    """`SELECT COUNT(*)` of the query set, as a subquery."""
    if isinstance(counted, Counted):
        sql, params = counted.query.sql(*counted.values, using=connection.alias)
    else:
        sql, params = _countable(counted).query.sql_with_params()
    # Django compiled `sql`; every value in it is a parameter.
    return f"(SELECT COUNT(*) FROM ({sql}) AS counted)", list(params)  # noqa: S608


def count_together(querysets: "list[QuerySet | Counted]") -> list[int]:
    """The counts of these query sets (or compiled counts), read in one query (in this
    order)."""
    counts: list[int | None] = [None] * len(querysets)
    parts, params, where = [], [], []
    for index, queryset in enumerate(querysets):
        try:
            sql, part_params = _counted_sql(queryset)
        except EmptyResultSet:  # `.none()` or an empty `__in`: nothing to count
            counts[index] = 0
            continue
        parts.append(sql)
        params += part_params
        where.append(index)
    if parts:
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            row = cursor.fetchone()
        for index, value in zip(where, row, strict=True):
            counts[index] = int(value)
    return counts


def _counted(entries: list[WorkQueueEntry]) -> list[WorkQueueEntry]:
    """The entries with every count a number, all query sets counted in one query."""
    querysets = []
    for entry in entries:
        if isinstance(entry.count, QuerySet | Counted):
            querysets.append(entry.count)
        elif isinstance(entry.count, tuple):
            querysets += entry.count
    counts = iter(count_together(querysets))
    result = []
    for entry in entries:
        if isinstance(entry.count, QuerySet | Counted):
            entry = replace(entry, count=next(counts))
        elif isinstance(entry.count, tuple):
            entry = replace(entry, count=sum(next(counts) for _part in entry.count))
        result.append(entry)
    return result


def work_queue_for(user, *, now: datetime | None = None) -> list[WorkQueueEntry]:
    """The entries for this user's roles (none for anyone without coordinator or editor
    role), in working order."""
    if not (roles.is_coordinator(user) or roles.has_role(user, roles.EDITOR)):
        return []
    now = now or timezone.now()
    entries = []
    for config in apps.get_app_configs():
        provider = getattr(config, "work_queue", None)
        if callable(provider):
            entries += provider(user, now)
    return sorted(_counted(entries), key=lambda entry: entry.rank)
