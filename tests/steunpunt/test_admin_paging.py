"""Counting admin lists at regional size (issue #12): a filtered list is counted up to a
limit and says "meer dan"; every row stays reachable; no count of the whole table."""

import pytest
from django.contrib import admin
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casussen.models import Case
from steunpunt.admin import paging
from steunpunt.admin.paging import ListPaginator
from tests.factories import ThemeFactory, coordinator, make_case

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:casussen_case_changelist"


@pytest.fixture
def small_limit(monkeypatch):
    """A limit of three rows and no pages ahead, so a handful of cases is "many"."""
    monkeypatch.setattr(paging, "COUNT_LIMIT", 3)
    monkeypatch.setattr(paging, "PAGES_AHEAD", 0)


def _cases(count: int, theme) -> None:
    for n in range(count):
        make_case(email=f"teller{n}@test.example.nl", theme=theme)


def test_filtered_count_stops_at_the_limit(small_limit):
    theme = ThemeFactory()
    _cases(5, theme)

    paginator = ListPaginator(Case.objects.filter(theme=theme).order_by("pk"), 2, page=1)

    assert paginator.count == 3
    assert paginator.capped


def test_later_pages_are_counted_further_so_every_row_is_reached(small_limit):
    theme = ThemeFactory()
    _cases(5, theme)
    cases = Case.objects.filter(theme=theme).order_by("pk")

    third = ListPaginator(cases, 2, page=3)

    assert third.count == 5
    assert not third.capped
    assert list(third.page(3).object_list) == list(cases)[4:]


def _with_sibling(cases):
    """Cases annotated with whether another case has the same theme (a subquery per row)."""
    others = Case.objects.filter(theme=OuterRef("theme"), pk__lt=OuterRef("pk"))
    return cases.annotate(has_sibling=Exists(others))


def test_an_annotation_the_list_shows_is_not_worked_out_for_the_count():
    theme = ThemeFactory()
    _cases(3, theme)
    paginator = ListPaginator(_with_sibling(Case.objects.filter(theme=theme)), 50)

    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 3

    [count] = queries.captured_queries
    assert "EXISTS" not in count["sql"].upper()


def test_a_filter_on_an_annotation_still_narrows_the_count():
    theme = ThemeFactory()
    _cases(3, theme)
    cases = _with_sibling(Case.objects.filter(theme=theme)).filter(has_sibling=True)

    assert ListPaginator(cases, 50).count == 2


def test_a_list_under_the_limit_is_counted_exactly():
    theme = ThemeFactory()
    _cases(2, theme)

    paginator = ListPaginator(Case.objects.filter(theme=theme), 50)

    assert paginator.count == 2
    assert not paginator.capped


def test_capped_list_says_more_than_and_links_the_counted_pages(client, small_limit, monkeypatch):
    monkeypatch.setattr(admin.site._registry[Case], "list_per_page", 2)
    client.force_login(coordinator())
    theme = ThemeFactory()
    _cases(5, theme)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse(CHANGELIST), {"status__exact": "new"}).content.decode()

    assert page.count("meer dan 3") == 2  # in the search box line and under the list
    assert "p=2" in page
    assert "p=3" not in page  # not counted yet: reached from page 2
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts
    assert all("LIMIT" in sql.upper() for sql in counts)


def test_unfiltered_list_does_not_count_the_table_twice(client):
    client.force_login(coordinator())
    make_case()

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("admin:casussen_followup_changelist"))

    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the estimate is PostgreSQL's")
def test_large_unfiltered_table_is_estimated_not_counted(monkeypatch):
    monkeypatch.setattr(paging, "ESTIMATE_FROM", 0)
    make_case()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE casussen_case")

    paginator = ListPaginator(Case.objects.all(), 50)
    with CaptureQueriesContext(connection) as queries:
        count = paginator.count

    assert paginator.estimated
    assert count == 1
    assert "pg_class" in queries.captured_queries[0]["sql"]


def test_page_past_the_first_limit_can_be_opened(client, small_limit, monkeypatch):
    monkeypatch.setattr(admin.site._registry[Case], "list_per_page", 2)
    client.force_login(coordinator())
    theme = ThemeFactory()
    _cases(5, theme)

    response = client.get(reverse(CHANGELIST), {"theme__id__exact": theme.pk, "p": 3})

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 1
    assert "5 vragen en klachten" in response.content.decode()


@pytest.mark.parametrize("number", [1, 2])
def test_page_with_count_gives_the_rows_and_count_of_count_and_page(small_limit, number):
    theme = ThemeFactory()
    _cases(5, theme)
    listed = Case.objects.filter(theme=theme).order_by("-pk")

    together = ListPaginator(listed, 2, page=number)
    apart = ListPaginator(listed, 2, page=number)
    rows = together.page_with_count(listed, number)

    assert rows == list(apart.page(number).object_list)
    assert together.count == apart.count
    assert together.capped == apart.capped


def test_page_with_count_of_a_page_past_the_end_is_none(small_limit):
    theme = ThemeFactory()
    _cases(2, theme)
    listed = Case.objects.filter(theme=theme).order_by("-pk")

    assert ListPaginator(listed, 2, page=5).page_with_count(listed, 5) is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the combined count is PostgreSQL's")
def test_filtered_case_list_reads_its_rows_and_count_in_one_query(client, small_limit, monkeypatch):
    monkeypatch.setattr(admin.site._registry[Case], "list_per_page", 2)
    client.force_login(coordinator())
    theme = ThemeFactory()
    _cases(5, theme)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(CHANGELIST), {"status__exact": "new"})

    case_queries = [q["sql"] for q in queries.captured_queries if '"casussen_case"' in q["sql"]]
    assert len(case_queries) == 1
    assert "COUNT(*)" in case_queries[0]
    assert len(response.context["cl"].result_list) == 2
    assert response.content.decode().count("meer dan 3") == 2
