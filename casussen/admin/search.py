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
from django.contrib.postgres.search import SearchQuery
from django.db import router
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kennisbank.selectors import SEARCH_CONFIG
from steunpunt.admin.paging import is_postgres
from steunpunt.compiled import CompiledQuery
from steunpunt.models import Municipality, Theme

from .. import selectors

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
    parents = list(
        get_user_model()
        .objects.filter(email__startswith=term.lower())
        .order_by()
        .values_list("pk", flat=True)[:MAX_PARENTS]
    )
    match = Q(reference__startswith=term.upper()) | Q(parent_id__in=parents)
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


# The filters' choices, every case list asks them: compiled once per process.
_MUNICIPALITIES = CompiledQuery(
    lambda: Municipality.objects.order_by("name").values_list("pk", "name")
)
_THEMES = CompiledQuery(
    lambda: Theme.objects.order_by("position", "name").values_list("pk", "name")
)
_OWNERS = CompiledQuery(
    lambda: selectors.case_owner_candidates().values_list("pk", "name", "email")
)


class MunicipalityFilter(admin.RelatedFieldListFilter):
    """Every municipality, from its own small table (not a `SELECT DISTINCT` over the
    cases, as RelatedOnlyFieldListFilter does)."""

    def field_choices(self, field, request, model_admin):
        return _MUNICIPALITIES.rows(using=router.db_for_read(Municipality))


class ThemeFilter(admin.RelatedFieldListFilter):
    """Every theme, in the order the intake form shows them."""

    def field_choices(self, field, request, model_admin):
        return _THEMES.rows(using=router.db_for_read(Theme))


class OwnerFilter(admin.RelatedFieldListFilter):
    """The active coordinators, not every user and not a scan of the cases."""

    def field_choices(self, field, request, model_admin):
        rows = _OWNERS.rows(using=router.db_for_read(get_user_model()))
        # As User.__str__: the name, else the address.
        return [(pk, name or email) for pk, name, email in rows]
