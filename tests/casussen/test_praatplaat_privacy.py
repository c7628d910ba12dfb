"""The praatplaat and privacy: the parent's download holds both sides of their own
praatplaten, the comments go a year after the case is closed (not on legal hold) and
with the case's anonymisation, and the privacy page states the term."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from casussen import services
from casussen.deadlines import add_working_days
from casussen.models import Case, Consent, Praatplaat
from casussen.services import praatplaat as service
from steunpunt import personal_data, retention
from tests.factories import OrganisationFactory, coordinator, make_case

pytestmark = pytest.mark.django_db

NOW = "2026-11-02 10:00 +01:00"


def _filled_case() -> tuple[Case, Praatplaat]:
    me = coordinator()
    school = OrganisationFactory(name="Basisschool De Regenboog")
    case = make_case(email="ouder@test.example.nl")
    services.case_assign(case=case, coordinator=me, actor=me)
    services.consent_give(case=case, organisation=school, method=Consent.Method.PHONE, actor=me)
    followup = services.followup_create(
        case=case,
        organisation=school,
        request="Wilt u meedenken?",
        due_date=add_working_days(timezone.localdate(), 8),
        actor=me,
    )
    praatplaat = service.praatplaat_create(case=case, actor=case.parent)
    service.praatplaat_parent_submit(
        praatplaat=praatplaat, parent=case.parent, topics={"nearby": "agree"}, comment="Fijn."
    )
    service.praatplaat_send_to_partner(praatplaat=praatplaat, followup=followup, actor=me)
    praatplaat = service.praatplaat_professional_submit(
        praatplaat=praatplaat, topics={"nearby": "partly"}, comment="Meer tijd nemen."
    )
    return case, praatplaat


def _close(case: Case) -> Case:
    me = coordinator()
    case.refresh_from_db()
    return services.case_transition(
        case=case, to_status=Case.Status.CLOSED, actor=me, resolution=Case.Resolution.WITHDRAWN
    )


def test_the_download_holds_both_sides_of_the_parents_praatplaat():
    case, _praatplaat = _filled_case()

    collected = personal_data.collect(case.parent)

    section = next(s for s in collected.sections if s.section.key == "praatplaat")
    [item] = section.data
    assert item["reference"] == case.reference
    assert item["organisation"] == "Basisschool De Regenboog"
    assert item["parent"]["answers"] == [{"topic": "Is dichtbij", "answer": "Eens"}]
    assert item["parent"]["comment"] == "Fijn."
    assert item["professional"]["answers"] == [{"topic": "Is dichtbij", "answer": "Een beetje"}]
    assert item["professional"]["comment"] == "Meer tijd nemen."
    # Never who at the school filled it in, nor where the link went.
    assert "ib@" not in str(item)
    assert "school" not in {key for key in item if key != "organisation"}


def test_another_parents_download_holds_none_of_it():
    _filled_case()
    other = make_case(email="ander@test.example.nl").parent

    collected = personal_data.collect(other)

    section = next(s for s in collected.sections if s.section.key == "praatplaat")
    assert section.data == []


def test_comments_go_a_year_after_the_case_is_closed_the_answers_stay():
    with time_machine.travel(NOW, tick=False) as traveller:
        case, praatplaat = _filled_case()
        _close(case)
        traveller.shift(timedelta(days=360))
        retention.run(only=["casussen.praatplaat_comments"])
        praatplaat.refresh_from_db()
        assert praatplaat.professional_comment == "Meer tijd nemen."

        traveller.shift(timedelta(days=10))
        [result] = retention.run(only=["casussen.praatplaat_comments"])

    praatplaat.refresh_from_db()
    assert result.count == 1
    assert (praatplaat.parent_comment, praatplaat.professional_comment) == ("", "")
    assert praatplaat.professional_topics == {"nearby": "partly"}


def test_a_case_on_legal_hold_keeps_its_comments():
    with time_machine.travel(NOW, tick=False) as traveller:
        case, praatplaat = _filled_case()
        case = _close(case)
        services.case_place_legal_hold(
            case=case, actor=coordinator(), reason="Klacht bij de rechter"
        )
        traveller.shift(timedelta(days=400))
        [result] = retention.run(only=["casussen.praatplaat_comments"])

    praatplaat.refresh_from_db()
    assert result.held == [case.reference]
    assert praatplaat.professional_comment == "Meer tijd nemen."


def test_anonymising_the_case_wipes_the_comments():
    case, praatplaat = _filled_case()
    case = _close(case)

    services.case_anonymise(case=case)

    praatplaat.refresh_from_db()
    assert (praatplaat.parent_comment, praatplaat.professional_comment) == ("", "")
    assert praatplaat.parent_topics == {"nearby": "agree"}


def test_the_privacy_page_states_the_term_from_the_one_table(client, site_settings):
    response = client.get(reverse("privacy"))

    html = response.content.decode()
    assert "De praatplaat over de samenwerking" in html
    assert retention.term_text("praatplaat") in html
