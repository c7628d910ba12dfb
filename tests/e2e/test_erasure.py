"""In a real browser on a phone: the parent asks for erasure from Mijn steunpunt."""

import pytest
from django.test import Client

from steunpunt.models import ErasureRequest
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import coordinator, make_case

pytestmark = pytest.mark.django_db(transaction=True)


def test_parent_asks_for_erasure_on_a_phone(browser, live_server, site_settings):
    parent = make_case(email="ouder@test.example.nl").parent
    coordinator(email="coordinator@test.example.nl")
    client = Client()
    client.force_login(parent)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()

    page.goto("/mijn/")
    page.get_by_role("link", name="Vraag ons om je gegevens te verwijderen").click()
    page.get_by_role("heading", name="Wat we moeten bewaren, en waarom").wait_for()
    screenshot(page, "erasure-ask-phone")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("button", name="Ja, vraag om mijn gegevens te verwijderen").click()
    page.get_by_text("Een coördinator kijkt ernaar").wait_for()
    screenshot(page, "erasure-asked-phone")

    assert ErasureRequest.objects.filter(user=parent, status="requested").exists()
    context.close()
