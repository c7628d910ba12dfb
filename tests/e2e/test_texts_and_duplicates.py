"""Journeys of issue #14: a coordinator picks a standard text, previews the exact email,
goes back to edit it and sends it; a coordinator merges a duplicate question and the
parent then sees one case."""

import re

import pytest
from django.core import mail

from casussen.models import Case, StandardText
from tests.e2e.conftest import axe_violations, screenshot, signed_in
from tests.factories import ThemeFactory, UserFactory, coordinator, make_case

pytestmark = pytest.mark.django_db(transaction=True)

PARENT = "ouder@test.example.nl"


def test_standard_text_is_picked_previewed_edited_and_sent(browser, live_server, site_settings):
    UserFactory(email=PARENT, name="Fatima el Amrani")
    case = make_case(email=PARENT)
    StandardText.objects.create(
        title="Eerste reactie",
        purpose=StandardText.Purpose.PARENT_MESSAGE,
        body="Beste {voornaam}, dank je voor je vraag {kenmerk}. Ik bel je deze week.",
    )
    mail.outbox.clear()
    admin = signed_in(browser, live_server, coordinator())
    admin.goto(f"/admin/casussen/case/{case.pk}/change/")
    admin.get_by_role("link", name="Bericht aan ouder").click()

    admin.get_by_label("Standaardtekst").select_option(label="Eerste reactie")
    admin.get_by_role("button", name="Tekst invoegen").click()
    text = admin.get_by_label("Bericht aan de ouder")
    assert text.input_value() == (
        "Beste {voornaam}, dank je voor je vraag {kenmerk}. Ik bel je deze week."
    )
    admin.get_by_label("We wachten op antwoord van de ouder").check()
    assert axe_violations(admin) == []

    admin.get_by_role("button", name="Voorbeeld bekijken").click()
    preview = admin.locator(".email-preview-text")
    assert f"Beste Fatima, dank je voor je vraag {case.reference}." in preview.inner_text()
    assert case.reference in admin.locator(".email-preview-subject").inner_text()
    assert mail.outbox == []
    admin.get_by_role("button", name="Opgemaakte e-mail tonen").click()
    formatted = admin.frame_locator("iframe[name=email-html]")
    formatted.get_by_text(f"Beste Fatima, dank je voor je vraag {case.reference}.").wait_for()
    assert formatted.get_by_role("link", name="Reageren in Mijn steunpunt").is_visible()
    assert axe_violations(admin) == []
    screenshot(admin, "standard-text-preview")

    admin.get_by_role("button", name="Terug naar bewerken").click()
    text = admin.get_by_label("Bericht aan de ouder")
    assert text.input_value().startswith("Beste {voornaam}")
    assert admin.get_by_label("We wachten op antwoord van de ouder").is_checked()
    text.fill(text.input_value() + "\nNeem je de brief van school erbij?")
    admin.get_by_role("button", name="Voorbeeld bekijken").click()
    assert "Neem je de brief van school erbij?" in admin.locator(".email-preview-text").inner_text()
    admin.get_by_role("button", name="Versturen").click()
    admin.wait_for_url(f"**/admin/casussen/case/{case.pk}/change/")

    [message] = [m for m in mail.outbox if m.to == [PARENT]]
    assert f"Beste Fatima, dank je voor je vraag {case.reference}." in message.body
    assert "Neem je de brief van school erbij?" in message.body
    case.refresh_from_db()
    assert case.status == Case.Status.WAITING_FOR_PARENT


def test_duplicate_is_merged_and_the_parent_sees_one_case(browser, live_server, site_settings):
    theme = ThemeFactory(name="Thuiszitten")
    UserFactory(email=PARENT, name="Sanne Bakker")
    first = make_case(email=PARENT, theme=theme, description="Mijn zoon zit thuis.")
    second = make_case(
        email=PARENT, theme=theme, description="Nog een keer: mijn zoon zit nog steeds thuis."
    )
    admin = signed_in(browser, live_server, coordinator())

    admin.goto("/admin/casussen/case/")
    assert admin.locator(".case-duplicate").count() == 2
    admin.goto(f"/admin/casussen/case/{second.pk}/change/")
    assert admin.get_by_text("Mogelijk dubbel").is_visible()
    admin.get_by_role("link", name="Samenvoegen (dubbel)").click()
    admin.get_by_label("Samenvoegen met").select_option(value=str(first.pk))
    admin.get_by_role("button", name="Verder").click()
    # The confirmation is the next page: wait for it (checked at once, it read the form).
    admin.get_by_text(f"{second.reference} wordt gesloten als dubbel").wait_for()
    assert axe_violations(admin) == []
    screenshot(admin, "merge-confirm")
    admin.get_by_role("button", name="Ja, samenvoegen").click()
    admin.wait_for_url(f"**/admin/casussen/case/{first.pk}/change/")
    second.refresh_from_db()
    assert (second.status, second.merged_into_id) == (Case.Status.CLOSED, first.pk)

    portal = signed_in(browser, live_server, first.parent, viewport={"width": 375, "height": 740})
    portal.goto("/mijn/")
    assert portal.get_by_role("link", name=re.compile(first.reference)).count() == 1
    assert portal.get_by_role("link", name=re.compile(second.reference)).count() == 0
    portal.goto(f"/mijn/{second.pk}/")
    portal.wait_for_url(f"**/mijn/{first.pk}/")
    assert portal.get_by_text(f"Je vraag {second.reference} hoort bij deze vraag.").is_visible()
    assert portal.get_by_text("Nog een keer: mijn zoon zit nog steeds thuis.").is_visible()
    assert axe_violations(portal) == []
    screenshot(portal, "merged-case-portal-phone")
