"""The case admin and the signals report at regional size: query counts pinned, no
select of every user, searches and filters that use indexes (issue #12)."""

import json
import re
import statistics
from datetime import date

import pytest
import time_machine
from django.contrib import admin
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Value
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casussen import reports
from casussen.admin.common import OverdueFilter
from casussen.admin.search import SEARCH_CONFIG, search_cases
from casussen.deadlines import working_days_between
from casussen.models import Case, Consent
from steunpunt.models import Municipality, Theme
from tests.casussen.scale_seed import seed
from tests.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
    make_case,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:casussen_case_changelist"

# Pinned: the list and the change page as a coordinator, whatever the table sizes.
# (On PostgreSQL the unfiltered list asks the planner's estimate first: one more.)
LIST_QUERIES = 10  # -1 since a user's permissions are read in one query; -2 since the
# theme, municipality and owner filters' choices are one query
# 27, +1 since issue #14's duplicates (possible duplicates and linked cases), +2 for
# the work queue (the coordinator's read mark and the evaluation); -3 since the names the
# page shows (owner, parent, who entered it) and the theme are read with the case; +2 for
# issue #15: the case's praatplaten, and the timeline the parent shared with it. -2 since
# the open follow-ups and valid consents are picked from the inlines' rows; -3 since the
# autocomplete widgets' selected rows (owner, school, organisation complained about; one
# query each before, the test sets all three: 32 before) are read with the case; -3 since
# a staff page writes its session at most once a minute; -1 since a user's permissions
# are read in one query (steunpunt/auth_backends.py), not two; -1 since the linked,
# merged and possibly duplicate cases are one UNION (casussen/admin/case_page.py); -1
# since the case's signals are read with the signals' choices. (On PostgreSQL one less:
# the suggested articles, and the theme's when the story finds none, are one query.) -2
# since the user's roles and whether they have a second factor are read with the user
# (steunpunt/auth_backends.py); -5 since the case's query says whether it has files,
# consents, follow-ups, praatplaten and a submitted evaluation, and the page reads only
# those it has (casussen/admin/case_page.py; this case has none).
CHANGE_QUERIES = 14


def _count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize(
    "params", [{}, {"termijn": "te-laat"}, {"ontvangen": "30"}, {"q": "OSP-S000"}]
)
def test_case_list_queries_are_pinned_and_do_not_grow(client, params):
    client.force_login(coordinator())
    seed(cases=20, users=10, events_per_case=1)
    few = _count(client, reverse(CHANGELIST), params)
    seed(cases=200, users=200, events_per_case=1)

    assert _count(client, reverse(CHANGELIST), params) == few
    assert few <= LIST_QUERIES + ("q" in params)  # a search looks up the parents first


def test_case_list_shows_fifty_cases_a_page(client):
    client.force_login(coordinator())
    seed(cases=60, users=10, events_per_case=0)

    first = client.get(reverse(CHANGELIST))
    second = client.get(reverse(CHANGELIST), {"p": 2})

    assert len(first.context["cl"].result_list) == 50
    assert len(second.context["cl"].result_list) == 10
    assert 'href="?p=2"' in first.content.decode()


def test_case_list_fetches_only_the_columns_its_rows_show(client):
    client.force_login(coordinator())
    seed(cases=5, users=5, events_per_case=0)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse(CHANGELIST)).content.decode()
    rows = [q["sql"] for q in queries.captured_queries if '"casussen_case"."reference"' in q["sql"]]

    assert len(rows) == 1
    assert '"casussen_case"."description"' not in rows[0]
    assert '"password"' not in rows[0]
    assert '"casussen_case"."respond_by"' in rows[0]
    assert page.count('class="action-select"') == 5


def test_case_list_has_no_date_hierarchy_and_no_distinct_scan(client):
    client.force_login(coordinator())
    seed(cases=20, users=10, events_per_case=1)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse(CHANGELIST))

    sql = " ".join(q["sql"] for q in queries.captured_queries).upper()
    assert "DISTINCT" not in sql
    assert "DATE_TRUNC" not in sql
    assert "DJANGO_DATETIME_TRUNC" not in sql


def test_case_list_search_is_exact_or_prefix_on_reference_and_email(client):
    client.force_login(coordinator())
    wanted = make_case(email="zoekouder@test.example.nl")
    make_case(email="andere@test.example.nl", description="Iets heel anders.")

    by_reference = client.get(reverse(CHANGELIST), {"q": wanted.reference[:-1].lower()})
    by_email = client.get(reverse(CHANGELIST), {"q": "ZOEKOUDER@"})
    # Not a substring: the middle of an address finds nothing.
    middle = client.get(reverse(CHANGELIST), {"q": "ouder@test"})

    assert wanted.reference in by_reference.content.decode()
    assert list(by_email.context["cl"].result_list) == [wanted]
    assert list(middle.context["cl"].result_list) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ARRAY() is PostgreSQL's")
def test_case_list_search_finds_the_parents_inside_the_lists_own_query(client):
    client.force_login(coordinator())
    wanted = make_case(email="binnenzoek@test.example.nl")
    make_case(email="anders@test.example.nl")

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(CHANGELIST), {"q": "binnenzoek"})

    lookups = [
        q["sql"]
        for q in queries.captured_queries
        if "LIKE 'binnenzoek%'" in q["sql"] and '"casussen_case"' not in q["sql"]
    ]
    assert lookups == []
    assert any("= ANY(ARRAY(" in q["sql"] for q in queries.captured_queries)
    assert list(response.context["cl"].result_list) == [wanted]


def test_case_list_search_finds_words_of_the_story(client):
    client.force_login(coordinator())
    wanted = make_case(email="a@test.example.nl", description="Mijn zoon is een thuiszitter.")
    make_case(email="b@test.example.nl", description="Een vraag over vervoer.")

    response = client.get(reverse(CHANGELIST), {"q": "thuiszitter"})

    assert list(response.context["cl"].result_list) == [wanted]


def test_owner_filter_lists_coordinators_only(client):
    me = coordinator(name="Coördinator Een")
    UserFactory(name="Gewone Ouder")
    client.force_login(me)
    make_case(email="a@test.example.nl")

    page = client.get(reverse(CHANGELIST)).content.decode()

    assert "Coördinator Een" in page
    assert "Gewone Ouder" not in page


def test_filter_choices_keep_each_tables_own_order(client):
    # The three filters share one UNION query (casussen/admin/search.py, `filter_choices`).
    me = coordinator(name="Bea Coördinator")
    coordinator(name="Anna Coördinator")
    MunicipalityFactory(name="Zaandam")
    MunicipalityFactory(name="Alkmaar")
    ThemeFactory(name="Later thema", position=90)
    ThemeFactory(name="Eerder thema", position=1)
    client.force_login(me)

    spec = {
        type(spec).__name__: [title for _pk, title in spec.lookup_choices]
        for spec in client.get(reverse(CHANGELIST)).context["cl"].filter_specs
        if hasattr(spec, "lookup_choices")
    }

    assert spec["ThemeFilter"] == list(
        Theme.objects.order_by("position", "name").values_list("name", flat=True)
    )
    assert spec["MunicipalityFilter"] == list(
        Municipality.objects.order_by("name").values_list("name", flat=True)
    )
    assert spec["OwnerFilter"] == ["Anna Coördinator", "Bea Coördinator"]


def test_change_page_has_no_select_of_all_users_and_is_pinned(client):
    me = coordinator()
    client.force_login(me)
    # With an owner, a school and an organisation complained about: the three
    # autocomplete widgets show their rows as read with the case.
    case = make_case(email="ouder@test.example.nl", school=OrganisationFactory(name="Eigen School"))
    Case.objects.filter(pk=case.pk).update(
        assigned_to=me, complaint_about=OrganisationFactory(name="Klachtschool")
    )
    url = reverse("admin:casussen_case_change", args=[case.pk])
    _count(client, url)  # the first view of a session does a little more once
    few = _count(client, url)
    seed(cases=100, users=200, events_per_case=1)
    response = client.get(url)

    assert _count(client, url) == few
    assert few <= CHANGE_QUERIES
    page = response.content.decode()
    assert "schaal150@test.example.nl" not in page
    assert "Schaalschool 299" not in page  # no select of every organisation either
    assert 'data-field-name="assigned_to"' in page  # the autocomplete widget
    assert f'<option value="{case.school_id}" selected>Eigen School</option>' in page
    assert ">Klachtschool</option>" in page
    assert f'<option value="{me.pk}" selected>{me}</option>' in page


def test_change_page_shows_no_owner_who_is_no_coordinator_any_more(client):
    # As Django's widget: the owner field shows only an owner among its choices.
    client.force_login(coordinator())
    gone = coordinator(name="Coördinator Vertrokken", is_active=False)
    case = make_case(email="ouder@test.example.nl")
    Case.objects.filter(pk=case.pk).update(assigned_to=gone)

    page = client.get(reverse("admin:casussen_case_change", args=[case.pk])).content.decode()

    select = re.search(r'<select name="assigned_to".*?</select>', page, re.S)
    assert select is not None  # the autocomplete widget
    assert "Vertrokken" not in select.group()
    assert " selected>" not in select.group()


def test_owner_autocomplete_finds_active_coordinators_only(client):
    me = coordinator(name="Coördinator Zoek")
    coordinator(name="Coördinator Weg", is_active=False)
    UserFactory(name="Coördinatie Ouder")
    client.force_login(me)
    params = {
        "app_label": "casussen",
        "model_name": "case",
        "field_name": "assigned_to",
        "term": "Coördin",
    }

    response = client.get(reverse("admin:autocomplete"), params)

    names = [row["text"] for row in json.loads(response.content)["results"]]
    assert names == [str(me)]


def test_owner_rule_still_holds_on_save(client):
    client.force_login(coordinator())
    case = make_case(email="ouder@test.example.nl")
    parent = case.parent
    response = client.post(
        reverse("admin:casussen_case_change", args=[case.pk]),
        {"assigned_to": parent.pk, "theme": case.theme_id, "priority": case.priority},
    )

    case.refresh_from_db()
    assert response.status_code == 200
    assert case.assigned_to is None


# --- Signals report ------------------------------------------------------------------------


def _naive_timings(rows, terms, *, respond):
    """The report's timings as computed before (working days day by day per case)."""
    result = {}
    for kind, created_at, moment, deadline in rows:
        done_on = timezone.localdate(moment)
        days = working_days_between(timezone.localdate(created_at), done_on)
        result.setdefault(kind, []).append((days, done_on <= deadline))
    return result


@time_machine.travel("2026-11-20 10:00 +01:00", tick=False)
def test_report_numbers_equal_the_day_by_day_count():
    seed(cases=1_000, users=20, events_per_case=0)
    quarter = reports.Quarter(2026, 2)
    start, end = quarter.bounds()
    rows = list(
        Case.objects.filter(resolved_at__gte=start, resolved_at__lt=end).values_list(
            "kind", "created_at", "resolved_at", "resolve_by"
        )
    )
    terms = {kind: reports.deadline_terms(kind=kind, theme=None) for kind in Case.Kind}

    timings = reports._timings(rows, terms, respond=False)

    naive = _naive_timings(rows, terms, respond=False)
    for kind, timing in zip(Case.Kind, timings, strict=True):
        values = naive.get(kind, [])
        n = len(values)
        assert timing.count == reports.suppress(n)
        assert timing.median == reports.suppress(
            n, statistics.median(d for d, _ in values) if n else None
        )
        assert timing.within_norm == reports.suppress(
            n, round(100 * sum(w for _, w in values) / n) if n else None
        )
    assert len(rows) >= 5


@time_machine.travel("2026-11-20 10:00 +01:00", tick=False)
def test_finished_quarter_is_counted_once_and_kept_until_a_case_changes():
    seed(cases=100, users=10, events_per_case=0)
    quarter = reports.Quarter(2026, 2)
    first = reports.signals_report(quarter=quarter)

    with CaptureQueriesContext(connection) as queries:
        again = reports.signals_report(quarter=quarter)

    assert again == first
    if connection.vendor == "postgresql":
        assert [q for q in queries.captured_queries if "casussen_case" in q["sql"]] == []
    # Cases added to the quarter after the fact (a bulk insert): counted, not stale.
    seed(cases=100, users=10, events_per_case=0)
    assert reports.signals_report(quarter=quarter) == reports.compute_signals_report(
        quarter=quarter
    )
    assert reports.signals_report(quarter=quarter) != first


@time_machine.travel("2026-11-20 10:00 +01:00", tick=False)
def test_current_quarter_is_computed_on_every_view():
    for n in range(5):
        make_case(email=f"a{n}@test.example.nl")
    quarter = reports.Quarter.current()
    before = reports.signals_report(quarter=quarter)
    make_case(email="b@test.example.nl")

    after = reports.signals_report(quarter=quarter)

    assert (before.total, after.total) == (5, 6)
    assert quarter.first_day <= date(2026, 11, 20) <= quarter.last_day


# --- PostgreSQL: the story's vector and its index ------------------------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full text search runs on PostgreSQL"
)


@postgres_only
def test_story_search_reads_the_gin_index():
    seed(cases=50, users=10, events_per_case=0)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")

    plan = search_cases(Case.objects.order_by(), "thuiszitter").explain()

    assert "case_story_search_gin" in plan
    assert "to_tsvector" not in plan  # read from the stored column, not computed


@postgres_only
@pytest.mark.parametrize("value", ["te-laat", "vandaag"])
def test_deadline_filters_read_the_running_cases_index_newest_first(rf, value):
    seed(cases=50, users=10, events_per_case=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE casussen_case")
        # 50 cases are too few for the planner to prefer any index: make it choose
        # between the indexes that give the list's order.
        for method in ("seqscan", "sort", "incremental_sort", "bitmapscan"):
            cursor.execute(f"SET LOCAL enable_{method} = off")
    request = rf.get("/", {"termijn": value})
    model_admin = admin.site._registry[Case]
    deadline = OverdueFilter(request, dict(request.GET.lists()), Case, model_admin)
    page = deadline.queryset(request, Case.objects.order_by("-created_at", "-id"))[:50]

    plan = page.explain()

    assert "Index Scan Backward using case_running_newest" in plan


@postgres_only
def test_story_vector_follows_the_story_and_is_emptied_with_it():
    case = make_case(email="a@test.example.nl", description="Mijn dochter is thuiszitter.")
    assert list(search_cases(Case.objects.all(), "thuiszitter")) == [case]
    found = search_cases(Case.objects.all(), "thuiszitter")

    Case.objects.filter(pk=case.pk).update(description="")

    assert list(found) == []
    case.refresh_from_db()
    assert str(case.story_vector or "") == ""


@postgres_only
def test_story_vector_is_not_recomputed_when_only_the_status_changes():
    # The sweep closes thousands of resolved cases at once: their stories are not parsed
    # again for that.
    case = make_case(email="a@test.example.nl", description="Mijn dochter is thuiszitter.")
    vector = SearchVector(Value("schoolreis"), config=SEARCH_CONFIG)
    Case.objects.filter(pk=case.pk).update(story_vector=vector)

    Case.objects.filter(pk=case.pk).update(status=Case.Status.IN_PROGRESS)

    assert list(search_cases(Case.objects.all(), "schoolreis")) == [case]


@pytest.mark.parametrize(("withdrawn", "valid"), [(1, 2), (3, 20)])
def test_change_page_lists_the_valid_consents_on_one_inline_page_or_more(client, withdrawn, valid):
    # Up to a page of consents, the list of valid ones is picked from the inline's rows;
    # beyond it (23 here, the inline shows 20) it is read by itself: the same list.
    client.force_login(coordinator())
    case = make_case(email="ouder@test.example.nl")
    now = timezone.now()
    for number in range(withdrawn + valid):
        Consent.objects.create(
            case=case,
            organisation=OrganisationFactory(name=f"Toestemmingschool {number:02}"),
            purpose="Overleg",
            method=Consent.Method.PHONE,
            given_at=now,
            withdrawn_at=now if number < withdrawn else None,
        )

    response = client.get(reverse("admin:casussen_case_change", args=[case.pk]))

    listed = {consent.organisation.name for consent in response.context["valid_consents"]}
    assert listed == {f"Toestemmingschool {n:02}" for n in range(withdrawn, withdrawn + valid)}
    page = response.content.decode()
    consent_list = re.search(r'<ul class="consent-list">.*?</ul>', page, re.S).group()
    assert consent_list.count("Intrekken") == valid
    assert "Toestemmingschool 00" not in consent_list


def test_change_page_reads_who_entered_the_case_and_who_held_it_in_one_query(client):
    # Not joined with the case (their joins made the case's query slow to plan): read
    # after it, both in one query, and none for one who is the owner read with the case.
    me = coordinator(name="Coördinator Eigenaar")
    client.force_login(me)
    desk = coordinator(name="Coördinator Balie")
    holder = coordinator(name="Coördinator Blokkade")
    case = make_case(email="ouder@test.example.nl")
    url = reverse("admin:casussen_case_change", args=[case.pk])
    _count(client, url)
    plain = _count(client, url)
    Case.objects.filter(pk=case.pk).update(
        created_by=desk,
        legal_hold_by=holder,
        legal_hold_since=timezone.now(),
        legal_hold_reason="Klacht bij de rechter.",
    )

    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    Case.objects.filter(pk=case.pk).update(created_by=me, legal_hold_by=me, assigned_to=me)
    owned = _count(client, url)

    assert "Coördinator Balie" in page
    assert "Coördinator Blokkade" in page
    assert len(queries.captured_queries) <= plain + 1
    assert owned <= plain


def test_case_list_query_set_is_built_once_and_copied_for_each_request(rf):
    case_admin = admin.site._registry[Case]
    request = rf.get(reverse(CHANGELIST))
    request.user = coordinator()
    make_case()

    first = case_admin.get_queryset(request)
    second = case_admin.get_queryset(request)
    shown = list(first)

    assert first is not second
    assert str(first.query) == str(second.query)
    assert len(shown) == 1
    assert shown[0].has_possible_duplicate is False
    assert case_admin._list_queryset._result_cache is None
