"""Journeys on a phone: a parent takes the last place at a meetup, a second parent joins
the waiting list and moves up when the first leaves; a parent joins the parent panel and
answers a questionnaire without a name being stored."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from oudernetwerk.models import Invitation, MeetupRegistration, PanelMember
from tests.e2e.conftest import axe_violations, screenshot, signed_in
from tests.factories import MunicipalityFactory, UserFactory
from tests.factories.consultations import sealed_answers, survey
from tests.factories.meetups import MeetupFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 375, "height": 740}}


def test_waiting_list_moves_up_when_someone_leaves(browser, live_server, site_settings):
    meetup = MeetupFactory(
        title="Koffieochtend: als je kind thuiszit",
        capacity=1,
        starts_at=timezone.now() + timedelta(days=6),
    )
    first = UserFactory(email="eerste@test.example.nl")
    second = UserFactory(email="tweede@test.example.nl")

    page = signed_in(browser, live_server, first, **PHONE)
    page.goto("/ontmoeten/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Koffieochtend: als je kind thuiszit").click()
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(f"**/ontmoeten/{meetup.pk}/")
    assert axe_violations(page) == []
    screenshot(page, "meetup-registered")

    other = signed_in(browser, live_server, second, **PHONE)
    other.goto(f"/ontmoeten/{meetup.pk}/")
    other.get_by_role("button", name="Zet me op de wachtlijst").click()
    other.wait_for_url(f"**/ontmoeten/{meetup.pk}/")
    assert "plek 1" in other.content()
    assert MeetupRegistration.objects.get(parent=second).status == "waiting"

    mail.outbox.clear()
    page.goto(f"/ontmoeten/{meetup.pk}/afmelden/")
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.locator("main").get_by_role("button").first.click()
    assert MeetupRegistration.objects.get(parent=second).status == "registered"
    assert any(m.to == ["tweede@test.example.nl"] for m in mail.outbox)


def test_parent_joins_the_panel_and_answers(browser, live_server, site_settings):
    MunicipalityFactory(name="Heiloo", slug="heiloo")
    parent = UserFactory(email="panel@test.example.nl")
    consultation, choice, open_question = survey(title="Hoe ging het gesprek met school?")

    page = signed_in(browser, live_server, parent, **PHONE)
    page.goto("/raadplegen/")
    assert axe_violations(page) == []
    page.get_by_label("In welke gemeente woon je?").select_option(label="Heiloo")
    page.locator("#id_consent").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Ik doe mee").click()
    assert PanelMember.objects.filter(user=parent, withdrawn_at__isnull=True).exists()

    # The coordinator invites the panel; the parent answers on the phone.
    Invitation.objects.create(consultation=consultation, user=parent)
    page.goto(f"/raadplegen/{consultation.pk}/")
    assert axe_violations(page) == []
    page.get_by_label("Het kan beter").check()
    page.get_by_label("Wat kan beter? (mag leeg blijven)").fill("Meer tijd voor vragen.")
    screenshot(page, "consultation-form")
    with page.expect_navigation():
        page.get_by_role("button", name="Antwoorden versturen").click()
    assert Invitation.objects.get(user=parent).has_answered is True
    # The answers wait sealed until the consultation closes (docs/adr/0004).
    assert sealed_answers(consultation) == [
        {choice.pk: "Het kan beter", open_question.pk: "Meer tijd voor vragen."}
    ]
    screenshot(page, "consultation-thanks")
