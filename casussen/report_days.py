"""The signals report's raw figures, kept per finished day (PostgreSQL).

A quarter's report is the sum of its days. A finished day is counted once and stored
(`SignalsDay`); today is always counted live. What a case brings to a day can still
change after the day (a case received on Monday is answered on Tuesday, gets another
theme, a tag or an evaluation, is reopened), so database triggers (migration 0010) log
the received and resolved moments of every case a write touches (`SignalsChange`). A
view counts again every stored day with a logged moment, before it sums. So what the
page shows is always the same as counting the quarter from scratch.

Race-free by construction: a log entry is written in the transaction of the change,
so it becomes visible exactly when the change does. The log is read *before* the days
are counted, and only the entries read are removed after storing: a change committed
meanwhile keeps its entry and its day is counted again next time. Two views storing at
once take turns (an advisory lock), so an older count never overwrites a newer one.

The figures are plain counts in a flat `Counter` with string keys, so days add up with
`+` and store as JSON. Small cells are suppressed only after summing (`reports`), never
per day. Labels (names of themes, municipalities, tags; which municipality and type a
school has) are not stored: they are looked up when the report is built, so renaming or
moving a school changes no stored day.
"""

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection, transaction
from django.db.models import OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from .deadlines import is_working_day
from .models import Case, SignalsChange, SignalsDay

# Any transaction-level advisory lock key that is ours alone ("OSP signals").
_LOCK_KEY = 0x05_0D_51_6E
# Django's limit for parameters in one query is far above this; PostgreSQL's is 65,535.
_DELETE_BATCH = 10_000

# A merged duplicate is the same question twice: it is not counted again.
COUNTED_RESOLUTIONS = ["", *(r for r in Case.Resolution.values if r != Case.Resolution.DUPLICATE)]


def supported() -> bool:
    """The log is kept by PostgreSQL triggers; the embedded SQLite default counts the
    report from scratch on every view."""
    return connection.vendor == "postgresql"


def day_start(day: date) -> datetime:
    """Local midnight at the start of `day` (a day is 23 or 25 hours when the clocks
    change)."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _days(first: date, last: date) -> list[date]:
    return [date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)]


def _ranges(days: Iterable[date]) -> list[tuple[datetime, datetime]]:
    """Consecutive days joined into (start, end) moments."""
    ranges: list[list[date]] = []
    for day in sorted(days):
        if ranges and ranges[-1][1] + timedelta(days=1) == day:
            ranges[-1][1] = day
        else:
            ranges.append([day, day])
    return [(day_start(first), day_start(last + timedelta(days=1))) for first, last in ranges]


def _within(field: str, ranges: list[tuple[datetime, datetime]]) -> Q:
    q = Q(pk__in=[])
    for start, end in ranges:
        q |= Q(**{f"{field}__gte": start, f"{field}__lt": end})
    return q


def local(moment: date | datetime) -> date:
    return timezone.localdate(moment) if isinstance(moment, datetime) else moment


def working_days_up_to(first: date | None, last: date | None) -> dict[date, int]:
    """For every day from `first` to `last`: the working days after `first` up to and
    including that day (`working_days_between(first, day)`)."""
    counted: dict[date, int] = {}
    if first is None or last is None:
        return counted
    total, day = 0, first
    counted[day] = 0
    while day < last:
        day += timedelta(days=1)
        total += is_working_day(day)
        counted[day] = total
    return counted


def _add_times(figures: dict[date, Counter], rows: list, part: str) -> None:
    """Rows of (day, kind, received on, done on, deadline): per day and kind, how many
    took how many working days (`<part>:<kind>:<days>`) and made the deadline
    (`<part>:<kind>:within`)."""
    rows = [(day, kind, local(a), local(b), deadline) for day, kind, a, b, deadline in rows]
    counted = working_days_up_to(
        min((row[2] for row in rows), default=None), max((row[3] for row in rows), default=None)
    )
    for day, kind, received_on, done_on, deadline in rows:
        days = max(counted.get(done_on, 0) - counted[received_on], 0)
        figures[day][f"{part}:{kind}:{days}"] += 1
        figures[day][f"{part}:{kind}:within"] += done_on <= deadline


def count_days(days: Iterable[date]) -> dict[date, Counter]:
    """The raw figures of each of `days`, in one query however many days and cases.

    Keys: `kind:`, `channel:`, `theme:<id>`, `school:<id or empty>`, `tag:<id>` count the
    cases received that day (not merged duplicates); `respond:<kind>:<working days>` and
    `respond:<kind>:within` their first responses; `resolve:...` the same for the cases
    resolved that day; `score:<1-5>` and `topic:<key>:<answer>` their evaluations."""
    days = list(days)
    figures: dict[date, Counter] = {day: Counter() for day in days}
    if not days:
        return figures
    ranges = _ranges(days)
    tz = timezone.get_current_timezone()
    tags = Case.signal_tags.through.objects.filter(case_id=OuterRef("pk")).values("signaltag_id")
    # Every case received or resolved on one of the days, with what the report counts of
    # it: its tags as an array, its evaluation through the one-to-one join.
    rows = (
        Case.objects.filter(_within("created_at", ranges) | _within("resolved_at", ranges))
        .order_by()
        .values_list(
            TruncDate("created_at", tzinfo=tz),
            "kind",
            "channel",
            "theme_id",
            "school_id",
            "resolution",
            TruncDate("responded_at", tzinfo=tz),
            "respond_by",
            TruncDate("resolved_at", tzinfo=tz),
            "resolve_by",
            ArraySubquery(tags),
            "evaluation__submitted_at",
            "evaluation__satisfaction",
            "evaluation__topics",
        )
    )
    responded, resolved = [], []
    for (
        received_on,
        kind,
        channel,
        theme,
        school,
        resolution,
        responded_on,
        respond_by,
        resolved_on,
        resolve_by,
        tag_ids,
        submitted_at,
        satisfaction,
        topics,
    ) in rows:
        if received_on in figures and resolution in COUNTED_RESOLUTIONS:
            counter = figures[received_on]
            counter[f"kind:{kind}"] += 1
            counter[f"channel:{channel}"] += 1
            counter[f"theme:{theme}"] += 1
            counter[f"school:{school or ''}"] += 1
            for tag in tag_ids:
                counter[f"tag:{tag}"] += 1
            if responded_on is not None:
                responded.append((received_on, kind, received_on, responded_on, respond_by))
        if resolved_on in figures:
            resolved.append((resolved_on, kind, received_on, resolved_on, resolve_by))
            if submitted_at is not None and satisfaction is not None:
                counter = figures[resolved_on]
                counter[f"score:{satisfaction}"] += 1
                for key, answer in topics.items():
                    counter[f"topic:{key}:{answer}"] += 1
    _add_times(figures, responded, "respond")
    _add_times(figures, resolved, "resolve")
    return figures


def quarter_figures(*, first: date, last: date) -> Counter:
    """The summed raw figures of the days from `first` to `last` (a quarter). Today is
    counted live and not stored: it changes all day. Every other day is taken as stored,
    or counted and stored now when it is missing or changed since. That includes the
    days after today, which hold nothing unless a clock was wrong (then they are
    counted like any other day)."""
    today = timezone.localdate()
    days = _days(first, last)
    kept = [day for day in days if day != today]
    summed = _kept(kept)
    if summed is None:
        summed = _count_and_store(kept)
    total = Counter(summed)
    for counter in count_days([today] if today in days else []).values():
        total.update(counter)
    return +total  # without the zeroes


# The sums of stored days this process read last, by (first day, last day): the kept
# days of a quarter only change when one of them is stored again, so a view that finds
# the same row versions reads no figures and adds nothing up. A row's version is its
# `xmin` (the transaction that wrote it, new on every update) with its `computed_at`;
# PostgreSQL gives them for every day in one small query, the figures are only read
# when they differ. Bounded: a few quarters per process.
_SUMS: dict[tuple[date, date], tuple[str, Counter]] = {}
_SUMS_KEPT = 8


def _kept(days: list[date]) -> Counter | None:
    """The summed stored figures of `days`; None when one of them is missing or has a
    logged change (then they are counted under the lock)."""
    if not days:
        return Counter()
    gaps = _gaps(days)
    count, changed, version = _versions(days, gaps)
    if changed or count != len(days):
        return None
    if (memo := _SUMS.get((days[0], days[-1]))) is not None and memo[0] == version:
        return memo[1]
    summed = Counter()
    stored = SignalsDay.objects.filter(day__gte=days[0], day__lte=days[-1]).exclude(day__in=gaps)
    for data in stored.values_list("data", flat=True):
        summed.update(data)
    _remember(days, version, summed)
    return summed


def _gaps(days: list[date]) -> list[date]:
    # `days` are consecutive but for a gap of one day (today, kept while it lay ahead).
    return sorted(set(_days(days[0], days[-1])).difference(days))


def _versions(days: list[date], gaps: list[date]) -> tuple[int, bool, str]:
    """How many of `days` (from the first to the last but the `gaps`) are stored,
    whether one has a logged change, and the digest of their row versions, in one
    query."""
    # A day's log entries are those from its local midnight to the next: the bounds in
    # SQL, from the stored day, so the check is one index probe per day.
    zone = timezone.get_current_timezone().key
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT COUNT(*),
                COALESCE(BOOL_OR(EXISTS(
                    SELECT 1 FROM {SignalsChange._meta.db_table} c
                    WHERE c.moment >= d.day::timestamp AT TIME ZONE %s
                    AND c.moment < (d.day + 1)::timestamp AT TIME ZONE %s
                )), FALSE),
                MD5(STRING_AGG(
                    d.day::text || ':' || d.xmin::text || ':' || d.computed_at::text, ','
                    ORDER BY d.day
                ))
            FROM {SignalsDay._meta.db_table} d
            WHERE d.day >= %s AND d.day <= %s AND NOT (d.day = ANY(%s))
            """,  # noqa: S608 - only our own table names
            [zone, zone, days[0], days[-1], gaps],
        )
        return cursor.fetchone()


def _remember(days: list[date], version: str, summed: Counter) -> None:
    key = (days[0], days[-1])
    _SUMS.pop(key, None)
    while len(_SUMS) >= _SUMS_KEPT:
        _SUMS.pop(next(iter(_SUMS)))
    _SUMS[key] = (version, summed)


def _stored(days: list[date]) -> tuple[dict[date, Counter], dict[date, list[int]]]:
    """The stored figures of `days` (consecutive, but for a gap of one day: today), and
    the log entries (ids per day) that fall in them."""
    if not days:
        return {}, {}
    start, end = day_start(days[0]), day_start(days[-1] + timedelta(days=1))
    changed: dict[date, list[int]] = {}
    # The log first: a day counted and stored after this read is at least as new.
    wanted = set(days)
    for pk, moment in SignalsChange.objects.filter(moment__gte=start, moment__lt=end).values_list(
        "pk", "moment"
    ):
        # Today's entries stay until today is a stored day too.
        if (day := timezone.localdate(moment)) in wanted:
            changed.setdefault(day, []).append(pk)
    stored = {
        day: Counter(data)
        for day, data in SignalsDay.objects.filter(day__gte=days[0], day__lte=days[-1]).values_list(
            "day", "data"
        )
        if day in wanted
    }
    return stored, changed


def _count_and_store(days: list[date]) -> Counter:
    """Count the missing and changed days among `days` and store them; the log entries
    read before counting are removed with it. The summed figures of all `days`."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        # Read again under the lock: another view may have stored these days meanwhile.
        stored, changed = _stored(days)
        todo = [day for day in days if day not in stored or day in changed]
        counted = count_days(todo)
        now = timezone.now()
        SignalsDay.objects.bulk_create(
            [SignalsDay(day=day, data=dict(counted[day]), computed_at=now) for day in todo],
            update_conflicts=True,
            unique_fields=["day"],
            update_fields=["data", "computed_at"],
        )
        read = [pk for pks in changed.values() for pk in pks]
        for n in range(0, len(read), _DELETE_BATCH):
            SignalsChange.objects.filter(pk__in=read[n : n + _DELETE_BATCH]).delete()
        summed = Counter()
        for counter in {**stored, **counted}.values():
            summed.update(counter)
        # Under the lock no other view stores these days: the versions read now are
        # those of the figures here (unless a change was logged meanwhile).
        if days:
            count, changed_since, version = _versions(days, _gaps(days))
            if not changed_since and count == len(days):
                _remember(days, version, summed)
    return summed
