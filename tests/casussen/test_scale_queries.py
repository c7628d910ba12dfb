"""Query counts of the follow-up pages at regional size (issue #12): the same for a few
rows as for three times as many, and no more than the number measured at 100k cases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casussen import services
from casussen.models import Consent, FollowUp
from tests.factories import OrganisationFactory, coordinator, make_case
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

FOLLOWUP_LIST_QUERIES = 13
# -2 since the page reads its case and organisation with the follow-up (one compiled
# query, casussen/admin/records.py).
FOLLOWUP_CHANGE_QUERIES = 7


def _count(client, url) -> int:
    return page_queries(client, url)[0]


def _followups(count: int, worker) -> list[FollowUp]:
    school = OrganisationFactory()
    case = services.case_assign(case=make_case(), coordinator=worker, actor=worker)
    consent = services.consent_give(
        case=case, organisation=school, method=Consent.Method.PHONE, actor=worker
    )
    return FollowUp.objects.bulk_create(
        FollowUp(
            case=case,
            consent=consent,
            organisation=school,
            contact_email=f"zorg{n}@school.example.nl",
            request="Wilt u het plan met de ouder bespreken?",
            due_date=case.created_at.date(),
        )
        for n in range(count)
    )


def test_followup_list_queries_do_not_grow(client):
    worker = coordinator()
    client.force_login(worker)
    _followups(3, worker)
    few = _count(client, reverse("admin:casussen_followup_changelist"))
    _followups(9, worker)

    assert _count(client, reverse("admin:casussen_followup_changelist")) == few
    assert few <= FOLLOWUP_LIST_QUERIES


def test_followup_change_page_queries_do_not_grow(client):
    worker = coordinator()
    client.force_login(worker)
    first = _followups(1, worker)[0]
    url = reverse("admin:casussen_followup_change", args=[first.pk])
    few = _count(client, url)
    _followups(9, worker)

    assert _count(client, url) == few
    assert few <= FOLLOWUP_CHANGE_QUERIES


def test_followup_organisation_filter_lists_organisations_in_use_without_distinct(client):
    worker = coordinator()
    client.force_login(worker)
    used = [_followups(1, worker)[0].organisation for _n in range(2)]
    unused = OrganisationFactory(name="Nooit Gevraagd")

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("admin:casussen_followup_changelist")).content.decode()

    assert all(f"organisation__id__exact={school.pk}" in page for school in used)
    assert f"organisation__id__exact={unused.pk}" not in page
    distinct_organisations = [
        q["sql"]
        for q in queries.captured_queries
        if "DISTINCT" in q["sql"].upper() and "organisation_id" in q["sql"]
    ]
    assert distinct_organisations == []


def test_followup_list_fetches_only_what_its_rows_show(client):
    worker = coordinator()
    client.force_login(worker)
    followups = _followups(2, worker)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("admin:casussen_followup_changelist")).content.decode()
    [rows] = [
        q["sql"]
        for q in queries.captured_queries
        if '"casussen_followup"."answered_at"' in q["sql"]
    ]

    assert '"casussen_case"."description"' not in rows
    assert '"casussen_followup"."request"' not in rows
    assert '"casussen_case"."reference"' in rows
    for followup in followups:
        assert reverse("admin:casussen_followup_change", args=[followup.pk]) in page
    assert page.count(followups[0].case.reference) == 2
