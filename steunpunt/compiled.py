"""Queries of a fixed shape that every request asks, built and compiled once per process.

Building a queryset and compiling it to SQL costs Django more than PostgreSQL needs to
answer it: on the bench machine about 0.7 ms against 0.1 ms for a lookup by key. Every
signed-in request asks the same few (its session, its user, its roles), so those are
compiled once per process and database, with markers where the request's values go, and
then run with the values put in place of the markers.

For plain values that reach the database as they are (ids and strings), and for dates and
aware datetimes, which the backend adapts the same way for the marker and for the value
(on SQLite both become text). Any other value the field adapts first would not match its
marker.

On PostgreSQL the compiled queries are also prepared statements (`cursor`): the text is
the same for every value, so PostgreSQL plans each once per connection instead of on
every request. Planning the case page's query took 2.5 ms, running it 0.3 ms.
"""

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models import Count, Field, Model, QuerySet, Window
from django.db.models.query import (
    MAX_GET_RESULTS,
    ModelIterable,
    get_related_populators,
    prefetch_related_objects,
)


class CompiledQuery:
    """`build(*marks)` returns the queryset, with `marks` where the values go; `rows(*values)`
    runs it with those values. A queryset of `values_list()` gives its tuples, any other
    its model instances (`instances`). `columns()`, if given: the model fields of the
    leading columns of a `values_list()` row, in order, whose values `converted_rows`
    gives as Django would."""

    def __init__(
        self,
        build: Callable[..., QuerySet],
        *marks: Any,
        columns: Callable[[], Sequence[Field]] | None = None,
    ) -> None:
        self._build = build
        self._marks = marks
        self._columns = columns
        self._compiled: dict[str, tuple[str, tuple, list[list[int]], Sequence[str] | None]] = {}
        self._converters: dict[str, list] = {}
        self._column_converters: dict[str, list] = {}
        self._objects: dict[str, tuple] = {}

    def _slots(self, params: Sequence, alias: str) -> list[list[int]]:
        slots = []
        for mark in self._marks:
            adapted = _adapted(mark, connections[alias])
            found = [i for i, param in enumerate(params) if param == adapted]
            if not found:
                raise ValueError(f"mark {mark!r} is not a parameter of the query as built")
            slots.append(found)
        return slots

    def _compile(self, alias: str):
        compiled = self._compiled.get(alias)
        if compiled is None:
            queryset = self._build(*self._marks).using(alias)
            query = queryset.query
            fields = None
            if queryset._iterable_class is ModelIterable:
                # Model rows: the concrete fields in their order, for `Model.from_db`.
                fields = [f.attname for f in queryset.model._meta.concrete_fields]
                query = queryset.values_list(*fields).query
            sql, params = query.get_compiler(alias).as_sql()
            compiled = (sql, tuple(params), self._slots(params, alias), fields)
            self._compiled[alias] = compiled
        return compiled

    def sql(self, *values: Any, using: str = "default") -> tuple[str, list]:
        """The SQL and its parameters with these values in the markers' place, to run
        or to put in a larger statement."""
        sql, params, slots, _fields = self._compile(using)
        return sql, self._params(params, slots, values, using)

    def _params(self, params, slots, values, using) -> list:
        params = list(params)
        connection = connections[using]
        for positions, value in zip(slots, values, strict=True):
            value = _adapted(value, connection)
            for position in positions:
                params[position] = value
        return params

    def rows(self, *values: Any, using: str = "default") -> list[tuple]:
        sql, params = self.sql(*values, using=using)
        with cursor(using) as rows:
            rows.execute(sql, params)
            return rows.fetchall()

    def instances(self, model: type[Model], *values: Any, using: str = "default") -> list[Model]:
        fields = self._compile(using)[3]
        if fields is None:
            raise TypeError("a values_list() query gives rows, not instances")
        converters = self._converters.get(using)
        if converters is None:
            converters = self._converters[using] = _converters(model, fields, connections[using])
        rows = _converted(self.rows(*values, using=using), converters)
        return [model.from_db(using, fields, row) for row in rows]

    def converted_rows(self, *values: Any, using: str = "default") -> list[tuple]:
        """`rows`, with the values of the `columns()` as Django gives them for their
        fields (SQLite's dates and times, for one, arrive as text)."""
        if self._columns is None:
            raise TypeError("converted_rows() needs the query's columns()")
        converters = self._column_converters.get(using)
        if converters is None:
            converters = self._column_converters[using] = field_converters(
                self._columns(), connections[using]
            )
        return _converted(self.rows(*values, using=using), converters)

    def objects(self, *values: Any, using: str = "default") -> list[Model]:
        """The model instances as the queryset itself would give them: with what it
        `select_related()` and its annotations, made by Django's own row handling
        (`ModelIterable`), from SQL compiled once. A queryset that prefetches, or that
        gives values instead of instances, is refused: those need more than one query."""
        compiled = self._objects.get(using)
        if compiled is None:
            sql, params, compiler, shape = _compiled_objects(
                self._build(*self._marks).using(using), using
            )
            compiled = (sql, params, self._slots(params, using), compiler, shape)
            self._objects[using] = compiled
        sql, params, slots, compiler, shape = compiled
        params = self._params(params, slots, values, using)
        return _read_objects(sql, params, compiler, shape, using)


def prepared_objects(queryset: QuerySet) -> list[Model]:
    """`list(queryset)`, the same instances, with the SQL run as a prepared statement
    (`cursor`): for a page whose query Django builds afresh every request, but in the
    same shape, so that PostgreSQL plans it once per connection. The same refusals as
    `CompiledQuery.objects`."""
    using = queryset.db
    try:
        sql, params, compiler, shape = _compiled_objects(queryset, using)
    except EmptyResultSet:  # a filter no row can match (`pk__in=[]`): as Django, no query
        return []
    return _read_objects(sql, params, compiler, shape, using)


def prepared_get(queryset: QuerySet, **lookup) -> Model:
    """`queryset.get(**lookup)` (the same object, the same errors), its query run as a
    prepared statement on PostgreSQL: for the object of a change page, whose query has
    the same shape for every object. What the queryset prefetches is read after it, as
    Django does."""
    found = queryset.filter(**lookup)
    if (
        connections[found.db].vendor != "postgresql"
        or found._iterable_class is not ModelIterable
        or found._known_related_objects
        or found.query.distinct_fields
    ):
        return found.get()
    prefetch = found._prefetch_related_lookups
    rows = prepared_objects(found.prefetch_related(None).order_by()[:MAX_GET_RESULTS])
    if len(rows) == 1:
        if prefetch:
            prefetch_related_objects(rows, *prefetch)
        return rows[0]
    model = queryset.model
    if not rows:
        raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
    raise model.MultipleObjectsReturned(
        f"get() returned more than one {model._meta.object_name} -- it returned "
        f"{len(rows) if len(rows) < MAX_GET_RESULTS else f'more than {MAX_GET_RESULTS - 1}'}!"
    )


def reads_in_one_query(queryset: QuerySet) -> bool:
    """Whether `queryset` gives model instances from its one query (no prefetching, no
    related objects it knows already): what `prepared_objects` and `CompiledQuery.objects`
    can read."""
    return (
        queryset._iterable_class is ModelIterable
        and not queryset._prefetch_related_lookups
        and not queryset._known_related_objects
    )


def _compiled_objects(queryset: QuerySet, using: str) -> tuple:
    if queryset._iterable_class is not ModelIterable:
        raise TypeError("objects() is for querysets of model instances")
    if not reads_in_one_query(queryset):
        raise TypeError("a queryset that prefetches or knows related objects is refused")
    compiler = queryset.query.get_compiler(using)
    sql, params = compiler.as_sql()
    select, klass_info = compiler.select, compiler.klass_info
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    init_list = [column[0].target.attname for column in select[start:end]]
    return sql, tuple(params), compiler, (start, end, init_list, klass_info["model"])


def _read_objects(sql: str, params, compiler, shape: tuple, using: str) -> list[Model]:
    start, end, init_list, model = shape
    with cursor(using) as found:
        found.execute(sql, params)
        rows = found.fetchall()
    if compiler.has_extra_select:
        rows = [row[: compiler.col_count] for row in rows]
    # Populators keep per-row state only in the instances they make; built per call
    # as Django does, they are cheap next to the query.
    populators = get_related_populators(compiler.klass_info, compiler.select, using)
    annotations = compiler.annotation_col_map
    out = []
    for row in compiler.results_iter([rows]):
        obj = model.from_db(using, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        for name, position in annotations.items():
            setattr(obj, name, row[position])
        out.append(obj)
    return out


def cursor(using: str = "default") -> CursorWrapper:
    """A cursor for a query whose text is the same on every request: on PostgreSQL with
    prepared statements on (`DATABASE_PREPARED_STATEMENTS`, config/settings.py), one that
    binds the values on the server and prepares the statement, so it is planned once per
    connection; else the connection's own. Its queries are logged, counted and wrapped
    (`execute_wrapper`) as any other."""
    connection = connections[using]
    if (
        connection.vendor != "postgresql"
        or connection.settings_dict["OPTIONS"].get("prepare_threshold") is None
    ):
        return connection.cursor()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = _PreparingCursor(connection.connection)
    if connection.queries_logged:
        return _LoggedPreparingCursor(raw, connection)
    return connection.make_cursor(raw)


class _PreparingCursor(ServerBindingCursor):
    """Django's server-binding cursor that prepares every statement it runs (psycopg
    keeps at most `prepared_max` per connection; the least recently used go)."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


class _LoggedPreparingCursor(CursorDebugWrapper):
    """The debug cursor (tests, DEBUG) of a `_PreparingCursor`: it logs the query with
    its values in the text, as for any other query (Django reads that text from the
    cursor, and a prepared statement's cursor has none)."""

    def execute(self, sql, params=None):
        with self.debug_sql(self.db.ops.compose_sql(sql, params), params):
            return super(CursorDebugWrapper, self).execute(sql, params)


def _adapted(value: Any, connection) -> Any:
    """The value as the backend sends it for a date or datetime field (text on SQLite)."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    return value


def _converters(model, fields, connection) -> list[tuple[int, Callable]]:
    """What Django's compiler applies to the raw column values (SQLite's datetimes arrive
    as text, for one): per column the backend's converters and the field's own."""
    return field_converters([model._meta.get_field(attname) for attname in fields], connection)


def _converted(rows: list[tuple], converters: list[tuple[int, Callable]]) -> list[tuple]:
    """The rows with each (position, convert) of `converters` applied."""
    if not converters:
        return rows
    out = []
    for row in rows:
        row = list(row)
        for index, convert in converters:
            row[index] = convert(row[index])
        out.append(tuple(row))
    return out


def field_converters(fields, connection) -> list[tuple[int, Callable]]:
    """For columns of these model fields, in this order: (position, convert) for each
    column whose raw value Django would convert, as `_converters` does for one model."""
    out = []
    for index, model_field in enumerate(fields):
        column = model_field.get_col(model_field.model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if converters:

            def convert(value, converters=converters, column=column):
                for converter in converters:
                    value = converter(value, column, connection)
                return value

            out.append((index, convert))
    return out


def asked_page_number(value) -> int:
    """The page asked for, from 0, as Django's `Paginator` will read it (1 when none)."""
    try:
        number = int(float(value)) if value not in (None, "") else 1
    except (TypeError, ValueError, OverflowError):
        number = 1
    return max(number, 1) - 1


class CompiledPages(Sequence):
    """An ordered query set for a `Paginator`: its count and its pages, each page from a
    query compiled once per process whose rows also say how many there are in all (a
    window over the same rows), so most requests need no count of their own.

    `page` is the page the request asks for (as the Paginator gets it): that page is read
    first. A subclass says `per_page`, `compiled_pages` (a later page, rare, is read
    through the ORM), `mark` (the marker of the one argument), `ordered(argument)` (the
    query set) and `count_all()` (the count when the asked page has no rows)."""

    per_page: int
    compiled_pages: int
    mark: Any

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls._page_queries: dict[int, CompiledQuery] = {}

    @classmethod
    def ordered(cls, argument) -> QuerySet:
        raise NotImplementedError

    def count_all(self) -> int:
        raise NotImplementedError

    def __init__(self, argument, *, using: str, page: str | int | None = None) -> None:
        self.argument = argument
        self.using = using
        self._count: int | None = None
        self._read: dict[int, list] = {}
        self._hint = asked_page_number(page)

    @classmethod
    def _page_query(cls, number: int) -> CompiledQuery:
        query = cls._page_queries.get(number)
        if query is None:
            bottom = number * cls.per_page
            query = cls._page_queries.setdefault(
                number,
                CompiledQuery(
                    lambda argument: cls.ordered(argument).annotate(total=Window(Count("pk")))[
                        bottom : bottom + cls.per_page
                    ],
                    cls.mark,
                ),
            )
        return query

    def count(self) -> int:
        if self._count is None and self._hint < self.compiled_pages:
            rows = self._page(self._hint)
            if rows:
                self._count = rows[0].total
        if self._count is None:
            self._count = self.count_all()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def _page(self, number: int) -> list:
        if number not in self._read:
            self._read[number] = self._page_query(number).objects(self.argument, using=self.using)
        return self._read[number]

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError(f"{type(self).__name__} is read a page at a time")
        bottom, top = index.start or 0, index.stop
        number = bottom // self.per_page
        if bottom % self.per_page or number >= self.compiled_pages:
            return list(self.ordered(self.argument)[bottom:top])
        # The Paginator asks for a shorter last page: the rows are the same.
        return self._page(number)[: top - bottom]
