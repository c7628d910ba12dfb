"""Counting an admin list at regional size (issue #12): never the whole table, and a
filtered list only as far as anyone pages.

- The unfiltered list of a large table (10,000 rows or more) shows PostgreSQL's estimate
  of the table size (`pg_class.reltuples`) instead of a `COUNT(*)` over every row.
- A filtered or searched list is counted up to a limit: two hundred rows, or three pages
  past the page asked for, whichever is more. Above it the list says "meer dan 200"
  and links the pages up to the limit; the next pages come into reach as one pages on,
  so every row can still be reached. (A search for a common word matches a quarter of
  100,000 cases: counting to five hundred of them read the story's search vector of
  2,000 rows, 2 ms of the page; no one pages through more than a few pages of a search:
  they search with more words.)
"""

from django.core.paginator import Paginator
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property

from steunpunt.compiled import prepared_objects

# Below this many rows the exact count is cheap; above it the estimate is close enough.
ESTIMATE_FROM = 10_000
# A filtered list is counted up to this many rows (or three pages past the page asked).
COUNT_LIMIT = 200
PAGES_AHEAD = 3


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def table_estimate(table: str) -> int | None:
    """PostgreSQL's estimate of the rows in `table` (None when it has none yet)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] >= 0 else None


def _rows_only(queryset):
    """The rows to count without what a row shows beside its fields: a sliced query is
    counted as a subquery of everything it selects, so an annotation (the case list's
    possible duplicate, a subquery per row) would be worked out for every counted row.
    Selecting the key alone counts the same rows; a filter on an annotation still
    applies. Not for an aggregate (its grouping is the query's)."""
    annotations = queryset.query.annotations.values()
    if not annotations or any(a.contains_aggregate for a in annotations):
        return queryset
    return queryset.values("pk")


class ListPaginator(Paginator):
    """The admin list's paginator: an estimate for a large unfiltered table, a count up
    to a limit for a filtered list. `capped` says the list has more rows than counted."""

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, page=1):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.limit = max(COUNT_LIMIT, (page + PAGES_AHEAD) * per_page)
        self.capped = False
        self.estimated = False

    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        if query is None:
            return super().count
        if not query.where:
            if is_postgres():
                estimate = table_estimate(self.object_list.model._meta.db_table)
                if estimate is not None and estimate >= ESTIMATE_FROM:
                    self.estimated = True
                    return estimate
            return super().count
        counted = _rows_only(self.object_list.order_by())[: self.limit + 1].count()
        if counted > self.limit:
            self.capped = True
            return self.limit
        return counted

    def page_with_count(self, shown, number: int) -> list | None:
        """The rows of page `number` of a filtered list, with its count (as `count`
        gives it) read in the same query: the capped count is a subquery PostgreSQL
        works out once, so the list asks one query instead of two. `shown` is the
        queryset the rows come from (the list's, with the columns the page reads).
        None for a page with no rows (past the end): `count` then counts it alone."""
        capped = _rows_only(self.object_list.order_by())[: self.limit + 1]
        sql, params = capped.query.get_compiler(using=capped.db).as_sql()
        # Django's own SQL for the capped rows, its values as parameters.
        counted = RawSQL(f"SELECT COUNT(*) FROM ({sql}) capped", params)  # noqa: S608, S611
        bottom = (number - 1) * self.per_page
        # Built afresh, but in the same shape for the same filters: a prepared statement.
        rows = prepared_objects(
            shown.annotate(_list_count=counted)[bottom : bottom + self.per_page]
        )
        if not rows:
            return None
        total = rows[0]._list_count
        if total > self.limit:
            self.capped = True
            total = self.limit
        self.__dict__["count"] = total
        return rows
