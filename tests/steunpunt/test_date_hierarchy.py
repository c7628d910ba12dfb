"""The admin lists' date drill-down found by index probes (issue #12): the same years,
months and days, links and titles as Django's `date_hierarchy`, without a
`SELECT DISTINCT` over the list."""

from datetime import date, datetime, timedelta

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from casussen import services
from casussen.models import Consent, FollowUp
from oudernetwerk.models import BuddyRequest
from steunpunt.admin import date_hierarchy as date_hierarchy_module
from steunpunt.admin.date_hierarchy import in_periods, light_date_hierarchy
from tests.factories import BuddyRequestFactory, OrganisationFactory, coordinator, make_case

pytestmark = pytest.mark.django_db


def _followups(days: list[date]) -> None:
    worker = coordinator()
    school = OrganisationFactory()
    case = services.case_assign(case=make_case(), coordinator=worker, actor=worker)
    consent = services.consent_give(
        case=case, organisation=school, method=Consent.Method.PHONE, actor=worker
    )
    FollowUp.objects.bulk_create(
        FollowUp(
            case=case,
            consent=consent,
            organisation=school,
            contact_email="zorg@school.example.nl",
            request="Wilt u bellen?",
            due_date=day,
        )
        for day in days
    )


def _changelist(model, params):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    request = RequestFactory().get(url, params)
    request.user = coordinator()
    return admin.site._registry[model].get_changelist_instance(request)


FOLLOWUP_PARAMS = [
    {},
    {"due_date__year": "2025"},
    {"due_date__year": "2026"},
    {"due_date__year": "2026", "due_date__month": "2"},
    {"due_date__year": "2026", "due_date__month": "2", "due_date__day": "28"},
    {"due_date__year": "2026", "status__exact": "open"},
    {"due_date__year": "2019"},  # no rows: no periods
]


@pytest.mark.parametrize("params", FOLLOWUP_PARAMS)
def test_date_field_periods_are_djangos(params):
    _followups([date(2025, 12, 31), date(2026, 1, 1), date(2026, 2, 1), date(2026, 2, 28)])
    with translation.override("nl"):
        theirs = date_hierarchy(_changelist(FollowUp, params))
        ours = light_date_hierarchy(_changelist(FollowUp, params))

    assert ours == theirs


def test_a_list_within_one_month_shows_its_days_as_django_does():
    _followups([date(2026, 11, 21) + timedelta(days=n) for n in range(0, 10, 3)])

    theirs = date_hierarchy(_changelist(FollowUp, {}))
    ours = light_date_hierarchy(_changelist(FollowUp, {}))

    assert ours == theirs
    assert len(ours["choices"]) == 4


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"created_at__year": "2026"},
        {"created_at__year": "2026", "created_at__month": "3"},
        {"created_at__year": "2026", "created_at__month": "3", "created_at__day": "29"},
    ],
)
def test_datetime_field_periods_follow_the_local_day_as_djangos_do(params):
    # Around midnight and the change to summer time, where UTC and Amsterdam differ.
    moments = [
        datetime(2025, 12, 31, 23, 30, tzinfo=timezone.get_current_timezone()),
        datetime(2026, 3, 28, 23, 30, tzinfo=timezone.get_current_timezone()),
        datetime(2026, 3, 29, 0, 30, tzinfo=timezone.get_current_timezone()),
        datetime(2026, 3, 29, 23, 59, tzinfo=timezone.get_current_timezone()),
    ]
    for moment in moments:
        ask = BuddyRequestFactory()
        BuddyRequest.objects.filter(pk=ask.pk).update(created_at=moment)

    theirs = date_hierarchy(_changelist(BuddyRequest, params))
    ours = light_date_hierarchy(_changelist(BuddyRequest, params))

    assert ours == theirs


def test_the_follow_up_list_asks_no_distinct(client):
    _followups([date(2025, 12, 31), date(2026, 1, 1), date(2026, 2, 1)])
    client.force_login(coordinator())
    url = reverse("admin:casussen_followup_changelist")

    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
        client.get(url, {"due_date__year": "2026"})

    sql = " ".join(q["sql"] for q in queries.captured_queries).upper()
    assert "DISTINCT" not in sql
    assert "EXISTS" in sql
    assert "due_date__year=2025" in page
    assert "due_date__year=2026" in page


def _compiles(monkeypatch) -> list:
    compiled = []
    real = date_hierarchy_module._probe_sql

    def counting(queryset):
        compiled.append(queryset)
        return real(queryset)

    monkeypatch.setattr(date_hierarchy_module, "_probe_sql", counting)
    return compiled


def test_the_days_of_a_month_are_probed_with_sql_compiled_twice(monkeypatch):
    days = [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 30)]
    _followups(days)
    compiled = _compiles(monkeypatch)

    found = in_periods(
        FollowUp.objects.all(),
        "due_date",
        [(date(2026, 11, n), date(2026, 11, n) + timedelta(days=1)) for n in range(1, 31)],
    )

    assert len(compiled) == 2
    assert [date(2026, 11, n) for n, has in enumerate(found, start=1) if has] == days


def test_local_days_of_a_datetime_field_are_probed_with_sql_compiled_twice(monkeypatch):
    zone = timezone.get_current_timezone()
    ask = BuddyRequestFactory()
    BuddyRequest.objects.filter(pk=ask.pk).update(
        created_at=datetime(2026, 3, 29, 0, 30, tzinfo=zone)
    )
    compiled = _compiles(monkeypatch)

    found = in_periods(
        BuddyRequest.objects.all(),
        "created_at",
        [
            (datetime(2026, 3, n, tzinfo=zone), datetime(2026, 3, n + 1, tzinfo=zone))
            for n in range(27, 31)
        ],
    )

    assert len(compiled) == 2
    assert found == [False, False, True, False]


def test_probes_that_differ_in_more_than_their_bounds_are_each_compiled(monkeypatch):
    _followups([date(2026, 11, 2)])
    compiled = _compiles(monkeypatch)
    # The same bounds twice: the two first probes cannot show where the bounds are.
    bounds = [(date(2026, 11, 2), date(2026, 11, 3))] * 2 + [(date(2026, 11, 4), date(2026, 11, 5))]

    found = in_periods(FollowUp.objects.all(), "due_date", bounds)

    assert len(compiled) == 3
    assert found == [True, True, False]
