"""The parent portal's reads of cases, compiled once per process (casussen/selectors.py):
the same cases as the ORM gives, and nobody else's."""

from datetime import date, datetime

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casussen import selectors, services
from casussen.models import Case, CaseAttachment, Consent
from tests.factories import OrganisationFactory, UserFactory, coordinator, make_case

pytestmark = pytest.mark.django_db


def _orm_rows(user):
    return list(
        selectors.portal_cases_for_parent(user)
        .select_related(None)
        .select_related("theme")
        .only(*selectors.PORTAL_ROW_FIELDS)
    )


def _fields(case):
    return [getattr(case, name) for name in ("pk", *selectors.PORTAL_ROW_FIELDS[:-1])]


def _values(case):
    """What the ORM gives for a row of /mijn/: the fields as `_fields`, the theme's name."""
    return [*_fields(case), case.theme.name]


def test_portal_rows_are_the_orm_rows_newest_first():
    first = make_case(email="ouder@test.example.nl")
    second = make_case(email="ouder@test.example.nl")
    make_case(email="ander@test.example.nl")

    rows = selectors.portal_case_rows(first.parent)

    assert [row.pk for row in rows] == [second.pk, first.pk]
    # Plain values (no model instances), equal to the ORM's, dates and times converted.
    assert [list(row) for row in rows] == [_values(case) for case in _orm_rows(first.parent)]
    assert [row.theme_name for row in rows] == [second.theme.name, first.theme.name]
    assert isinstance(rows[0].created_at, datetime)
    assert isinstance(rows[0].respond_by, date)


def test_portal_rows_leave_out_unconfirmed_and_merged_cases():
    kept = make_case(email="ouder@test.example.nl")
    merged = make_case(email="ouder@test.example.nl")
    unconfirmed = make_case(email="ouder@test.example.nl")
    Case.objects.filter(pk=merged.pk).update(merged_into=kept)
    Case.objects.filter(pk=unconfirmed.pk).update(confirmed_at=None)

    assert [row.pk for row in selectors.portal_case_rows(kept.parent)] == [kept.pk]


def test_portal_rows_of_someone_without_cases_are_empty():
    assert selectors.portal_case_rows(UserFactory()) == []


def test_case_for_parent_is_the_orm_case_with_its_school_and_theme():
    school = OrganisationFactory(name="Basisschool De Linde")
    case = make_case(school=school)

    found = selectors.case_for_parent(case.parent, case.pk)

    assert found == case
    assert found.description == case.description
    assert found.created_at == case.created_at
    assert found.theme.name == case.theme.name
    assert found.school.name == "Basisschool De Linde"
    assert found.complaint_about is None


def test_case_for_parent_refuses_another_parents_case():
    case = make_case(email="ouder@test.example.nl")
    other = make_case(email="ander@test.example.nl").parent

    with pytest.raises(Http404):
        selectors.case_for_parent(other, case.pk)


def test_case_for_parent_refuses_an_unconfirmed_case():
    case = make_case()
    Case.objects.filter(pk=case.pk).update(confirmed_at=None)

    with pytest.raises(Http404):
        selectors.case_for_parent(case.parent, case.pk)


def test_case_page_with_an_id_too_large_for_the_database_is_not_found(client):
    client.force_login(make_case().parent)

    response = client.get(reverse("casussen:portal_case", args=[10**30]))

    assert response.status_code == 404


def _queries(client, case) -> tuple[int, str]:
    client.force_login(case.parent)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("casussen:portal_case", args=[case.pk]))
    return len(queries), response.content.decode()


def test_case_page_reads_the_school_with_the_case(client):
    with_school = make_case(school=OrganisationFactory(name="Basisschool De Linde"))
    without_school = make_case(email="ander@test.example.nl")
    _queries(client, without_school)  # warm: the compiled queries, the templates

    count_with, content = _queries(client, with_school)
    count_without, _content = _queries(client, without_school)

    assert "Basisschool De Linde" in content
    assert count_with == count_without


def test_case_page_parts_of_a_new_case_are_empty():
    case = make_case()

    found, parts = selectors.case_page_for_parent(case.parent, case.pk)

    assert found == case
    assert parts == selectors.CasePageParts(
        open_evaluation=False, attachments=False, consents=False, praatplaten=False
    )


def test_case_page_parts_say_what_the_case_has():
    case = make_case()
    worker = coordinator()
    services.consent_give(
        case=case, organisation=OrganisationFactory(), method=Consent.Method.PHONE, actor=worker
    )
    # The row is enough: the parts ask whether there is one, never for the file.
    CaseAttachment.objects.create(
        case=case,
        file="casussen/brief.pdf",
        original_name="brief.pdf",
        content_type="application/pdf",
        size=8,
    )

    _found, parts = selectors.case_page_for_parent(case.parent, case.pk)

    assert parts == selectors.CasePageParts(
        open_evaluation=False, attachments=True, consents=True, praatplaten=False
    )


def test_case_page_of_a_case_with_nothing_beside_it_reads_no_parts(
    client, django_assert_num_queries
):
    case = make_case()
    client.force_login(case.parent)
    client.get(reverse("casussen:portal_case", args=[case.pk]))

    # Session, user (with their roles), the case with which parts have anything (the
    # timeline panel's live shares among them), its timeline, who read it, the
    # organisations the consent form offers, site settings.
    with django_assert_num_queries(7):
        response = client.get(reverse("casussen:portal_case", args=[case.pk]))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
