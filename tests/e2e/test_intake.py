"""Journey: a parent on a phone asks a question and gets the reference."""

import re

import pytest
from django.core import mail

from casussen import services
from casussen.models import Case
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import ThemeFactory, make_case

pytestmark = pytest.mark.django_db(transaction=True)


def test_parent_asks_a_question_on_a_phone(phone, site_settings):
    ThemeFactory(name="Thuiszitten en verzuim", slug="thuiszitten")

    phone.goto("/vraag/")
    assert axe_violations(phone) == []
    screenshot(phone, "intake-phone")

    phone.get_by_label("Waar gaat het over?").select_option(label="Thuiszitten en verzuim")
    phone.get_by_label("Vertel je verhaal").fill("Mijn dochter zit al een maand thuis.")
    phone.get_by_label("Je e-mailadres").fill("ouder@test.example.nl")
    phone.locator("#id_privacy").check()
    phone.get_by_role("button", name="Verstuur").click()
    phone.wait_for_url("**/vraag/ontvangen/")

    case = Case.objects.get()
    assert phone.locator(".reference").inner_text() == case.reference
    assert axe_violations(phone) == []
    screenshot(phone, "intake-received-phone")


def test_missing_email_keeps_the_story_on_a_phone(phone, site_settings):
    ThemeFactory(name="Thuiszitten en verzuim", slug="thuiszitten")
    phone.goto("/vraag/")
    phone.get_by_label("Waar gaat het over?").select_option(label="Thuiszitten en verzuim")
    phone.get_by_label("Vertel je verhaal").fill("Mijn dochter zit al een maand thuis.")
    phone.locator("#id_privacy").check()

    with phone.expect_navigation():
        phone.get_by_role("button", name="Verstuur").click()

    assert phone.get_by_label("Vertel je verhaal").input_value() == (
        "Mijn dochter zit al een maand thuis."
    )
    assert phone.get_by_role("alert").first.is_visible()
    assert axe_violations(phone) == []
    screenshot(phone, "intake-error-phone")


def test_owner_confirms_a_question_sent_with_their_address_on_a_phone(phone, site_settings):

    owner = make_case(email="ouder@test.example.nl").parent
    planted = make_case(
        email="ouder@test.example.nl", signed_in=False, description="Een vraag van iemand anders."
    )
    link = services.case_confirm_link(planted).split("/vraag/", 1)[1]
    mail.outbox.clear()

    phone.goto(f"/vraag/{link}")
    assert phone.get_by_role("heading", name="Is deze vraag van jou?").is_visible()
    assert axe_violations(phone) == []
    screenshot(phone, "confirm-question-phone")
    phone.get_by_role("button", name="Ja, deze vraag is van mij").click()
    phone.wait_for_url(re.compile(r".*/accounts/login/.*"))

    planted.refresh_from_db()
    assert planted.confirmed_at is not None
    assert planted.parent == owner
