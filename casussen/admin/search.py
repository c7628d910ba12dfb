"""The case list at regional size (100,000 cases and more): a search that uses indexes,
filters that do not scan the table and a paginator that does not count it.

- Reference and the parent's email: exact or prefix (`LIKE 'x%'`, served by the
  `_like` indexes PostgreSQL gets for unique text columns), never `%x%`.
- The story: full text with the kennisbank's Dutch configuration on PostgreSQL (GIN
  index `case_story_search_gin`, migration 0008); a plain word search on SQLite.
- Counting: as every light admin list (`steunpunt.admin.paging.ListPaginator`): the
  planner's estimate for the whole table, a count up to a limit for a filtered list.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery
from django.db import router
from django.db.models import BooleanField, CharField, F, Func, Q, Value, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kennisbank.selectors import SEARCH_CONFIG
from steunpunt.admin.paging import is_postgres
from steunpunt.compiled import CompiledQuery
from steunpunt.models import Municipality, Theme

from .. import selectors
from ..models import Case

# A prefix as short as one letter matches many addresses: the first ones are enough.
MAX_PARENTS = 1_000


def search_cases(queryset, term: str):
    """Cases whose reference or parent's email is, or starts with, the term, or whose
    story matches its words. Every part is an indexed condition on the case table
    itself (the parents are looked up first), so PostgreSQL combines three index scans
    instead of computing the vector of every case."""
    term = term.strip()
    if not term:
        return queryset
    parents = (
        get_user_model()
        .objects.filter(email__startswith=term.lower())
        .order_by()
        .values_list("pk", flat=True)[:MAX_PARENTS]
    )
    if is_postgres():
        # `parent_id = ANY(ARRAY(...))`: the parents are found once, inside the list's
        # own query, and the condition is still one on the case table's index.
        of_parent = Func(
            F("parent_id"),
            ArraySubquery(parents),
            arg_joiner=" = ANY(",
            template="%(expressions)s)",
            output_field=BooleanField(),
        )
        match = Q(reference__startswith=term.upper()) | Q(of_parent)
    else:
        match = Q(reference__startswith=term.upper()) | Q(parent_id__in=list(parents))
    if "@" in term or term.upper().startswith(f"{settings.CASE_REFERENCE_PREFIX}-"):
        # An address or a reference: not words of a story.
        return queryset.filter(match)
    if is_postgres():
        story = SearchQuery(term, search_type="websearch", config=SEARCH_CONFIG)
        return queryset.filter(match | Q(story_vector=story))
    words = Q()
    for word in term.split():
        words &= Q(description__icontains=word)
    return queryset.filter(match | words)


class ReceivedFilter(admin.SimpleListFilter):
    """Instead of the date hierarchy (its years are a scan of the table): recent cases,
    through the index on created_at."""

    title = _("ontvangen")
    parameter_name = "ontvangen"

    def lookups(self, request, model_admin):
        return [
            ("7", _("Afgelopen 7 dagen")),
            ("30", _("Afgelopen 30 dagen")),
            ("365", _("Afgelopen jaar")),
        ]

    def queryset(self, request, queryset):
        if self.value() in {"7", "30", "365"}:
            since = timezone.now() - timedelta(days=int(self.value()))
            return queryset.filter(created_at__gte=since)
        return queryset


# The filters' choices, every case list asks them: one query (a UNION of the three small
# tables, each part in its own order), compiled once per process, read once per request.
_THEME, _MUNICIPALITY, _OWNER = 0, 1, 2


def _choices_part(queryset, part: int, order: list, email=None):
    return (
        queryset.order_by()
        .annotate(
            part=Value(part),
            row_number=Window(RowNumber(), order_by=order),
            key=F("pk"),
            label=F("name"),
            address=email if email is not None else Value(None, CharField()),
        )
        .values_list("part", "row_number", "key", "label", "address")
    )


def _choices_query():
    return (
        _choices_part(Theme.objects.all(), _THEME, [F("position").asc(), F("name").asc()])
        .union(
            _choices_part(Municipality.objects.all(), _MUNICIPALITY, [F("name").asc()]),
            _choices_part(
                selectors.case_owner_candidates(),
                _OWNER,
                [F("name").asc(), F("email").asc()],
                email=F("email"),
            ),
            all=True,
        )
        .order_by("part", "row_number")
    )


_CHOICES = CompiledQuery(_choices_query)


def filter_choices(request, part: int) -> list[tuple]:
    """The (pk, name, email) rows of one filter's choices, from the one query every
    filter of the request shares."""
    rows = getattr(request, "_case_filter_choices", None)
    if rows is None:
        rows = _CHOICES.rows(using=router.db_for_read(Case))
        request._case_filter_choices = rows
    return [(key, label, address) for kind, _position, key, label, address in rows if kind == part]


class MunicipalityFilter(admin.RelatedFieldListFilter):
    """Every municipality, from its own small table (not a `SELECT DISTINCT` over the
    cases, as RelatedOnlyFieldListFilter does)."""

    def field_choices(self, field, request, model_admin):
        return [(pk, name) for pk, name, _email in filter_choices(request, _MUNICIPALITY)]


class ThemeFilter(admin.RelatedFieldListFilter):
    """Every theme, in the order the intake form shows them."""

    def field_choices(self, field, request, model_admin):
        return [(pk, name) for pk, name, _email in filter_choices(request, _THEME)]


class OwnerFilter(admin.RelatedFieldListFilter):
    """The active coordinators, not every user and not a scan of the cases."""

    def field_choices(self, field, request, model_admin):
        # As User.__str__: the name, else the address.
        return [(pk, name or email) for pk, name, email in filter_choices(request, _OWNER)]
