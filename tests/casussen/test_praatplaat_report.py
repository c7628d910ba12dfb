"""The praatplaat from both sides in the signals report: per topic and per type of
organisation, parents next to professionals, and where they differ most; every number
under 5 suppressed, on the page and in the CSV."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casussen import services
from casussen.deadlines import add_working_days
from casussen.models import Case, Consent, FollowUp, Praatplaat
from casussen.praatplaat_report import perspectives_report
from casussen.reports import SUPPRESSED, Quarter
from casussen.services import praatplaat as service
from steunpunt.models import Organisation
from tests.factories import OrganisationFactory, coordinator, make_case

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
Q4 = Quarter(2026, 4)
NOVEMBER = datetime(2026, 11, 2, 10, 0, tzinfo=AMSTERDAM)


def _resolved(
    count: int,
    *,
    organisation,
    prefix: str,
    parent: dict | None,
    professional: dict | None,
    when=NOVEMBER,
) -> list[Case]:
    """`count` cases with an answered follow-up to `organisation`, resolved at `when`,
    evaluated by the parent with `parent` and scored by the professional with
    `professional` (None: not filled in)."""
    me = coordinator(email=f"{prefix}-coordinator@test.example.nl")
    done = []
    with time_machine.travel(when, tick=False):
        for n in range(count):
            case = make_case(email=f"{prefix}{n}@test.example.nl")
            services.case_assign(case=case, coordinator=me, actor=me)
            services.consent_give(
                case=case, organisation=organisation, method=Consent.Method.PHONE, actor=me
            )
            followup = services.followup_create(
                case=case,
                organisation=organisation,
                request="Wilt u meedenken?",
                due_date=add_working_days(timezone.localdate(), 5),
                actor=me,
            )
            services.followup_answer(followup=followup, answer="Gedaan.", via=FollowUp.Channel.LINK)
            case.refresh_from_db()
            case = services.case_transition(
                case=case,
                to_status=Case.Status.RESOLVED,
                actor=me,
                resolution=Case.Resolution.ANSWERED,
            )
            if parent is not None:
                services.evaluation_submit(
                    evaluation=case.evaluation, satisfaction=4, topics=parent
                )
            if professional is not None:
                service.praatplaat_professional_submit(
                    praatplaat=Praatplaat.objects.get(case=case), topics=professional
                )
            done.append(case)
    return done


def _group(report, label: str):
    return next(group for group in report.groups if group.label == label)


def _topic(group, label: str):
    return next(topic for topic in group.topics if topic.topic == label)


def test_parents_and_professionals_side_by_side_per_topic_with_the_difference():
    school = OrganisationFactory(kind=Organisation.Kind.SCHOOL_PO)
    _resolved(
        5,
        organisation=school,
        prefix="a",
        parent={"nearby": "disagree", "result": "agree"},
        professional={"nearby": "agree", "result": "agree"},
    )

    report = perspectives_report(quarter=Q4)

    everyone = _group(report, "Alle organisaties")
    schools = _group(report, "Basisschool (PO)")
    assert (everyone.parents, everyone.professionals) == (5, 5)
    nearby = _topic(schools, "Is dichtbij")
    assert (nearby.parents_agree, nearby.professionals_agree, nearby.difference) == (0, 100, 100)
    result = _topic(schools, "Werkt samen aan resultaat")
    assert (result.parents_agree, result.professionals_agree, result.difference) == (100, 100, 0)
    # Where they differ most: only the topic with a difference.
    assert [topic.topic for topic in schools.largest] == ["Is dichtbij"]
    # A topic nobody answered has no figures at all.
    assert _topic(schools, "Maakt afspraken").difference is None


def test_fewer_than_5_answers_are_suppressed_and_give_no_difference():
    school = OrganisationFactory(kind=Organisation.Kind.SCHOOL_PO)
    care = OrganisationFactory(kind=Organisation.Kind.YOUTH_CARE, name="Jeugdhulp Proef")
    _resolved(
        5,
        organisation=school,
        prefix="a",
        parent={"nearby": "agree"},
        professional=None,
    )
    _resolved(
        4,
        organisation=care,
        prefix="b",
        parent={"nearby": "agree"},
        professional={"nearby": "disagree"},
    )

    report = perspectives_report(quarter=Q4)

    care_group = _group(report, "Jeugdhulpaanbieder")
    assert (care_group.parents, care_group.professionals) == (SUPPRESSED, SUPPRESSED)
    nearby = _topic(care_group, "Is dichtbij")
    assert (nearby.parents_agree, nearby.professionals_agree) == (SUPPRESSED, SUPPRESSED)
    assert nearby.difference == SUPPRESSED
    assert care_group.largest == []
    schools = _group(report, "Basisschool (PO)")
    assert (schools.parents, schools.professionals) == (5, 0)
    assert _topic(schools, "Is dichtbij").professionals_agree is None
    everyone = _group(report, "Alle organisaties")
    assert (everyone.parents, everyone.professionals) == (9, SUPPRESSED)
    assert _topic(everyone, "Is dichtbij").parents_agree == 100
    assert _topic(everyone, "Is dichtbij").difference == SUPPRESSED


def test_only_cases_resolved_in_the_quarter_count():
    school = OrganisationFactory(kind=Organisation.Kind.SCHOOL_PO)
    september = datetime(2026, 9, 30, 10, 0, tzinfo=AMSTERDAM)
    _resolved(
        5,
        organisation=school,
        prefix="q3",
        parent={"nearby": "agree"},
        professional={"nearby": "agree"},
        when=september,
    )

    report = perspectives_report(quarter=Q4)

    assert [group.label for group in report.groups] == ["Alle organisaties"]
    assert (report.groups[0].parents, report.groups[0].professionals) == (0, 0)
    assert perspectives_report(quarter=Quarter(2026, 3)).groups[0].professionals == 5


def test_a_conversation_praatplaat_is_not_counted():
    with time_machine.travel(NOVEMBER, tick=False):
        for n in range(5):
            case = make_case(email=f"gesprek{n}@test.example.nl")
            praatplaat = service.praatplaat_create(case=case, actor=case.parent)
            service.praatplaat_parent_submit(
                praatplaat=praatplaat, parent=case.parent, topics={"nearby": "agree"}
            )

    report = perspectives_report(quarter=Q4)

    assert [(group.label, group.parents) for group in report.groups] == [("Alle organisaties", 0)]
    assert Praatplaat.objects.filter(parent_submitted_at__isnull=False).count() == 5


def test_the_report_reads_both_sides_in_one_query():
    school = OrganisationFactory(kind=Organisation.Kind.SCHOOL_PO)
    _resolved(5, organisation=school, prefix="a", parent={"nearby": "agree"}, professional=None)

    with CaptureQueriesContext(connection) as queries:
        perspectives_report(quarter=Q4)

    assert len(queries) == 1


def test_page_and_csv_show_both_sides_suppressed(client):
    school = OrganisationFactory(kind=Organisation.Kind.SCHOOL_PO)
    _resolved(
        5,
        organisation=school,
        prefix="a",
        parent={"nearby": "disagree"},
        professional={"nearby": "agree", "result": "agree"},
    )
    client.force_login(coordinator())

    page = client.get(reverse("admin:casussen_signals_report"), {"kwartaal": "2026-4"})
    response = client.get(reverse("admin:casussen_signals_report_csv"), {"kwartaal": "2026-4"})

    html = page.content.decode()
    assert "Praatplaat van twee kanten: ouders en professionals" in html
    assert "Het grootste verschil" in html
    text = response.content.decode("utf-8")[1:]
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    section = "praatplaat ouder en professional"
    assert [section, "Basisschool (PO): ouders", "5"] in rows
    assert [section, "Basisschool (PO): Is dichtbij: ouders eens (%)", "0"] in rows
    assert [section, "Basisschool (PO): Is dichtbij: professionals eens (%)", "100"] in rows
    assert [section, "Basisschool (PO): Is dichtbij: verschil (procentpunt)", "100"] in rows
    # Five professionals answered "result", no parent did: no difference to show.
    assert [
        section,
        "Basisschool (PO): Werkt samen aan resultaat: verschil (procentpunt)",
        "<5",
    ] in (rows)
    values = [row[2] for row in rows if row[0] == section]
    assert not {"1", "2", "3", "4"} & set(values)


def test_the_parents_side_counts_a_case_once_per_organisation_type():
    first = OrganisationFactory(kind=Organisation.Kind.SCHOOL_PO)
    second = OrganisationFactory(kind=Organisation.Kind.SCHOOL_PO)
    cases = _resolved(
        5, organisation=first, prefix="a", parent=None, professional={"nearby": "agree"}
    )
    me = coordinator(email="tweede@test.example.nl")
    with time_machine.travel(NOVEMBER, tick=False):
        for case in cases:
            case = services.case_transition(case=case, to_status=Case.Status.IN_PROGRESS, actor=me)
            services.consent_give(
                case=case, organisation=second, method=Consent.Method.PHONE, actor=me
            )
            followup = services.followup_create(
                case=case,
                organisation=second,
                request="Ook u?",
                due_date=add_working_days(date(2026, 11, 2), 5),
                actor=me,
            )
            services.followup_answer(followup=followup, answer="Ja.", via=FollowUp.Channel.LINK)
            case.refresh_from_db()
            case = services.case_transition(
                case=case,
                to_status=Case.Status.RESOLVED,
                actor=me,
                resolution=Case.Resolution.ANSWERED,
            )
            services.evaluation_submit(
                evaluation=case.evaluation, satisfaction=5, topics={"nearby": "agree"}
            )

    report = perspectives_report(quarter=Q4)

    schools = _group(report, "Basisschool (PO)")
    assert schools.parents == 5
    assert schools.professionals == 5
    assert Praatplaat.objects.count() == 10
