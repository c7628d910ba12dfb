"""The admin case page's reads from queries compiled once (`casussen.admin.case_page`):
the same rows as the ORM's queries they stand in for (issue #12)."""

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casussen import selectors, services
from casussen.admin import case_page
from casussen.models import Case, CaseAttachment, Consent, Evaluation, FollowUp, Praatplaat
from steunpunt import access_log
from steunpunt.admin.inlines import EMPTY_RELATIONS
from steunpunt.models import AccessEvent
from tests.factories import (
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
    make_case,
    make_followup,
)

pytestmark = pytest.mark.django_db

PARENT = "ouder@test.example.nl"


def _pks(relations) -> list[list[int]]:
    return [[case.pk for case in part] for part in relations]


@pytest.fixture
def family():
    """A parent's case with an open duplicate on its theme, a closed one, one on another
    theme, a linked case (theirs too, on another theme) and a case merged into it."""
    UserFactory(email=PARENT)
    theme = ThemeFactory()
    case = make_case(email=PARENT, theme=theme)
    duplicate = make_case(email=PARENT, theme=theme)
    closed = make_case(email=PARENT, theme=theme)
    Case.objects.filter(pk=closed.pk).update(status=Case.Status.CLOSED)
    other_theme = make_case(email=PARENT)
    linked = make_case(email=PARENT)
    services.case_link(case=case, other=linked, actor=coordinator())
    merged = make_case(email="derde@test.example.nl")
    Case.objects.filter(pk=merged.pk).update(merged_into=case)
    return case, duplicate, other_theme, linked, merged


def test_case_relations_are_those_of_the_selector_in_one_query(family):
    case, duplicate, _other_theme, linked, merged = family

    with CaptureQueriesContext(connection) as queries:
        relations = case_page.case_relations(case)

    assert len(queries.captured_queries) == 1
    assert _pks(relations) == _pks(selectors.case_relations(case))
    assert _pks(relations) == [[duplicate.pk], [linked.pk], [merged.pk]]


def test_case_relations_list_a_linked_duplicate_as_both(family):
    case, duplicate, *_rest = family
    services.case_link(case=case, other=duplicate, actor=coordinator())

    relations = case_page.case_relations(case)

    assert _pks(relations) == _pks(selectors.case_relations(case))
    assert duplicate.pk in _pks(relations)[0]
    assert duplicate.pk in _pks(relations)[1]
    assert relations.linked[0].is_linked


def test_case_relations_of_a_case_without_parent_are_its_links_and_merges(family):
    case, _duplicate, _other_theme, linked, merged = family
    Case.objects.filter(pk=case.pk).update(parent=None)
    case.refresh_from_db()

    relations = case_page.case_relations(case)

    assert _pks(relations) == _pks(selectors.case_relations(case))
    assert _pks(relations) == [[], [linked.pk], [merged.pk]]


def test_case_for_page_is_the_orms_case_with_its_related_rows():
    me = coordinator()
    case = make_case(email=PARENT, school=OrganisationFactory(name="Eigen School"))
    Case.objects.filter(pk=case.pk).update(assigned_to=me)
    expected = (
        Case.objects.select_related(*case_page.CASE_SELECT_RELATED)
        .annotate(
            owner_is_candidate=Exists(
                selectors.case_owner_candidates().filter(pk=OuterRef("assigned_to_id"))
            )
        )
        .get(pk=case.pk)
    )

    found = case_page.case_for_page(case.pk)
    with CaptureQueriesContext(connection) as queries:
        related = [found.theme, found.parent, found.assigned_to, found.school]

    assert len(queries.captured_queries) == 0
    assert related == [expected.theme, expected.parent, expected.assigned_to, expected.school]
    assert found.owner_is_candidate is True
    assert found.created_at == expected.created_at
    assert found.get_deferred_fields() == expected.get_deferred_fields()


def test_case_for_page_says_whether_the_owner_is_still_a_coordinator():
    gone = coordinator(is_active=False)
    case = make_case(email=PARENT)
    Case.objects.filter(pk=case.pk).update(assigned_to=gone)

    assert case_page.case_for_page(case.pk).owner_is_candidate is False


@pytest.mark.parametrize("pk", [0, -1, 10**30])
def test_case_for_page_of_an_id_no_case_has_is_none(pk):
    make_case(email=PARENT)

    assert case_page.case_for_page(pk) is None


def test_submitted_evaluation_is_the_submitted_one_only():
    case = make_case(email=PARENT)
    evaluation = Evaluation.objects.create(case=case, invited_at=timezone.now())

    assert case_page.submitted_evaluation(case) is None

    Evaluation.objects.filter(pk=evaluation.pk).update(submitted_at=timezone.now(), satisfaction=4)

    found = case_page.submitted_evaluation(case)
    assert found.pk == evaluation.pk
    assert found.satisfaction == 4


def test_praatplaten_are_the_cases_by_kind_with_their_organisation():
    case = make_case(email=PARENT)
    other = make_case(email="ander@test.example.nl")
    conversation = Praatplaat.objects.create(case=case, kind=Praatplaat.Kind.CONVERSATION)
    after = Praatplaat.objects.create(case=case, kind=Praatplaat.Kind.AFTER_CASE)
    Praatplaat.objects.create(case=other, kind=Praatplaat.Kind.CONVERSATION)

    found = case_page.praatplaten(case)

    expected = list(Praatplaat.objects.filter(case=case).order_by("kind", "pk"))
    assert [p.pk for p in found] == [p.pk for p in expected]
    assert {p.pk for p in found} == {conversation.pk, after.pk}


def test_followup_page_reads_its_case_and_organisation_with_it(client):
    worker = coordinator()
    client.force_login(worker)
    school = OrganisationFactory(name="De Schoolschool")
    case = services.case_assign(case=make_case(email=PARENT), coordinator=worker, actor=worker)
    consent = services.consent_give(
        case=case, organisation=school, method=Consent.Method.PHONE, actor=worker
    )
    followup = make_followup(case, consent, due_date=case.created_at.date())

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:casussen_followup_change", args=[followup.pk]))

    page = response.content.decode()
    assert case.reference in page
    assert "De Schoolschool" in page
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    # (The signed-in user's read names their own organisation in a subquery.)
    reads = [sql for sql in reads if not sql.startswith('SELECT "steunpunt_user"."id"')]
    assert not [sql for sql in reads if 'FROM "casussen_case"' in sql]
    assert not [sql for sql in reads if 'FROM "steunpunt_organisation"' in sql]


def test_followup_page_of_an_id_no_followup_has_is_not_found_as_before(client):
    client.force_login(coordinator())

    for pk in ["0", "9" * 26, "abc"]:
        response = client.get(f"/admin/casussen/followup/{pk}/change/")
        assert response.status_code == 302  # Django's "does not exist" redirect


@pytest.mark.parametrize("held", [False, True])
def test_case_action_links_are_the_reversed_urls(held):
    case = make_case(email=PARENT)
    if held:
        Case.objects.filter(pk=case.pk).update(
            legal_hold_since=timezone.now(), legal_hold_reason="Rechter."
        )
        case.refresh_from_db()
    request = RequestFactory().get("/")
    request.user = coordinator()

    links = site._registry[Case]._case_actions(request, case)

    names = ["message", "note", "consent", "followup", "status", "merge", "link"]
    names.append("lift_legal_hold" if held else "legal_hold")
    assert [url for url, _label in links] == [
        reverse(f"admin:casussen_case_{name}", args=[case.pk]) for name in names
    ]


# The tables whose rows the case page shows only when the case has some.
_KNOWN_EMPTY = (
    "casussen_caseattachment",
    "casussen_consent",
    "casussen_followup",
    "casussen_praatplaat",
    "casussen_evaluation",
)


def _read_tables(queries) -> set[str]:
    """The tables read by a query of their own (not by a subquery of another's)."""
    return {
        table
        for query in queries.captured_queries
        for table in _KNOWN_EMPTY
        if query["sql"].startswith(f'SELECT "{table}".')
    }


def test_case_page_of_a_case_without_files_consents_followups_praatplaten_reads_none(client):
    client.force_login(coordinator())
    case = make_case(email=PARENT)
    Evaluation.objects.create(case=case, invited_at=timezone.now())  # not submitted
    url = reverse("admin:casussen_case_change", args=[case.pk])

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    assert _read_tables(queries) == set()
    assert response.context["evaluation"] is None
    assert response.context["valid_consents"] == []
    assert response.context["open_followups"] == []
    page = response.content.decode()
    for prefix in ("attachments", "consents", "followups"):
        group = page.split(f'id="{prefix}-group"')[1].split("</fieldset>")[0]
        assert "<p>Nog niets.</p>" in group


def test_case_page_of_a_case_with_each_of_them_reads_and_shows_them(client):
    client.force_login(coordinator())
    case = make_case(email=PARENT)
    school = OrganisationFactory(name="Zorgschool")
    consent = Consent.objects.create(
        case=case,
        organisation=school,
        purpose="Overleg",
        method=Consent.Method.PHONE,
        given_at=timezone.now(),
    )
    make_followup(case, consent, due_date=case.created_at.date())
    CaseAttachment.objects.create(
        case=case,
        file="casussen/brief.pdf",
        original_name="brief.pdf",
        content_type="application/pdf",
        size=8,
    )
    Praatplaat.objects.create(case=case, kind=Praatplaat.Kind.CONVERSATION)
    Evaluation.objects.create(
        case=case, invited_at=timezone.now(), submitted_at=timezone.now(), satisfaction=4
    )
    url = reverse("admin:casussen_case_change", args=[case.pk])

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert _read_tables(queries) == set(_KNOWN_EMPTY)
    assert response.context["evaluation"].satisfaction == 4
    assert [c.pk for c in response.context["valid_consents"]] == [consent.pk]
    assert len(response.context["open_followups"]) == 1
    assert len(response.context["praatplaat_panel"]) == 1
    page = response.content.decode()
    for prefix, shown in (
        ("attachments", "brief.pdf"),
        ("consents", "Zorgschool"),
        ("followups", "Zorgschool"),
    ):
        group = page.split(f'id="{prefix}-group"')[1].split("</fieldset>")[0]
        assert shown in group
        assert "Nog niets." not in group


def test_case_for_page_knows_which_inlines_have_no_rows():
    case = make_case(email=PARENT)
    Consent.objects.create(
        case=case,
        organisation=OrganisationFactory(),
        purpose="Overleg",
        method=Consent.Method.PHONE,
        given_at=timezone.now(),
    )

    found = case_page.case_for_page(case.pk)

    assert getattr(found, EMPTY_RELATIONS) == {
        (CaseAttachment, "case"),
        (FollowUp, "case"),
        (Praatplaat, "case"),
    }
    assert found.has_consents
    assert not found.has_submitted_evaluation


def test_reads_of_case_are_the_others_reads_newest_first_without_who():
    case = make_case(email=PARENT)
    worker = coordinator()
    for _ in range(2):
        access_log.record(
            action=AccessEvent.Action.VIEW,
            actor=worker,
            obj=case,
            subject=case.parent,
            case_reference=case.reference,
        )
    access_log.record(
        action=AccessEvent.Action.VIEW,
        actor=case.parent,
        obj=case,
        subject=case.parent,
        case_reference=case.reference,
    )

    reads = selectors.reads_of_case(case)

    newest = AccessEvent.objects.filter(actor=worker).order_by("-at", "-id")
    assert [read.at for read in reads] == [event.at for event in newest]
    assert {read.actor_role for read in reads} == {"coordinator"}
    assert selectors.Read._fields == (
        "at",
        "actor_role",
        "actor_organisation",
        "action",
        "object_type",
    )
