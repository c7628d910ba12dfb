"""Journey: a resolved case with a school's answer invites the school to the praatplaat;
the school fills it in on a phone, by keyboard only where it counts, and sees what
happens with it; the parent fills in a conversation praatplaat and prints both sides
with the discussion questions. The partner's page and the print view pass axe-core."""

import pytest
from django.utils import timezone

from casussen import services
from casussen.deadlines import add_working_days
from casussen.models import Case, Consent, FollowUp, Praatplaat
from casussen.services import praatplaat as service
from tests.clients import SecondFactorClient
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import OrganisationFactory, coordinator, make_case

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 375, "height": 740}}


def _case_with_school():
    me = coordinator()
    school = OrganisationFactory(name="Basisschool De Regenboog")
    case = make_case(email="ouder@test.example.nl")
    services.case_assign(case=case, coordinator=me, actor=me)
    services.consent_give(case=case, organisation=school, method=Consent.Method.PHONE, actor=me)
    followup = services.followup_create(
        case=case,
        organisation=school,
        request="Wilt u een gesprek plannen?",
        due_date=add_working_days(timezone.localdate(), 8),
        actor=me,
    )
    return case, followup, me


def test_school_fills_in_the_praatplaat_on_a_phone(browser, live_server, site_settings):
    case, followup, me = _case_with_school()
    services.followup_answer(followup=followup, answer="Gepland.", via=FollowUp.Channel.LINK)
    case.refresh_from_db()
    services.case_transition(
        case=case, to_status=Case.Status.RESOLVED, actor=me, resolution=Case.Resolution.ANSWERED
    )
    praatplaat = Praatplaat.objects.get(case=case)
    context = browser.new_context(base_url=live_server.url, **PHONE)
    page = context.new_page()

    page.goto(f"/praatplaat/{service.praatplaat_token(praatplaat)}/")

    assert page.get_by_role("heading", level=1).inner_text() == "Hoe ging de samenwerking?"
    assert axe_violations(page) == []
    # Nothing sticks out sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "praatplaat-partner-phone")
    # The first answer by keyboard: tab to the radio group, arrow to "Een beetje".
    page.get_by_role("group", name="Denkt vanuit het kind").get_by_label("Eens", exact=True).focus()
    page.keyboard.press("ArrowRight")
    page.get_by_role("group", name="Is dichtbij").get_by_label("Oneens").check()
    page.get_by_label("Wilt u nog iets zeggen? (mag leeg blijven)").fill("Goed contact.")
    page.get_by_role("button", name="Verstuur").click()

    page.get_by_role("heading", level=1, name="Dank u wel").wait_for()
    assert page.get_by_text("Wat gebeurt er nu?").is_visible()
    assert axe_violations(page) == []
    praatplaat.refresh_from_db()
    assert praatplaat.professional_topics == {"child_centred": "partly", "nearby": "disagree"}
    assert praatplaat.professional_comment == "Goed contact."
    context.close()


def test_error_on_the_partners_page_passes_axe(browser, live_server, site_settings):
    case, followup, me = _case_with_school()
    praatplaat = service.praatplaat_create(case=case, actor=me)
    service.praatplaat_send_to_partner(praatplaat=praatplaat, followup=followup, actor=me)
    praatplaat.refresh_from_db()
    context = browser.new_context(base_url=live_server.url, **PHONE)
    page = context.new_page()
    page.goto(f"/praatplaat/{service.praatplaat_token(praatplaat)}/")

    page.get_by_role("button", name="Verstuur").click()

    assert page.get_by_text("Kies bij minstens één onderwerp een antwoord.").is_visible()
    assert axe_violations(page) == []
    context.close()


def test_parent_fills_in_and_prints_both_sides(browser, live_server, site_settings):
    case, _followup, _me = _case_with_school()
    client = SecondFactorClient()
    client.force_login(case.parent)
    context = browser.new_context(base_url=live_server.url, **PHONE)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()

    page.goto(f"/mijn/{case.pk}/")
    page.get_by_role("button", name="Maak een praatplaat").click()
    page.get_by_role("group", name="Is dichtbij").get_by_label("Eens", exact=True).check()
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("Je hebt jouw kant ingevuld").is_visible()
    page.get_by_label("Basisschool De Regenboog").check()
    page.get_by_role("button", name="Stuur de link").click()
    assert page.get_by_text("krijgt een e-mail met een link").is_visible()
    assert axe_violations(page) == []
    praatplaat = Praatplaat.objects.get(case=case)
    service.praatplaat_professional_submit(praatplaat=praatplaat, topics={"nearby": "partly"})

    page.get_by_role("link", name="Afdrukken voor het gesprek").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Praatplaat: hoe werken we samen?"
    row = page.get_by_role("row", name="Is dichtbij")
    assert "Eens" in row.inner_text()
    assert "Een beetje" in row.inner_text()
    assert page.get_by_text("Hoe zou dat beter kunnen?").is_visible()
    assert axe_violations(page) == []
    page.emulate_media(media="print")
    assert not page.get_by_role("link", name="Terug").is_visible()
    screenshot(page, "praatplaat-print")
    context.close()
