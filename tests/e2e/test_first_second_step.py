"""In a real browser at 1366 px and 390 px: a new editor signs in with the password,
then with a code by email, sets up the app without giving the password again, reads what
the recovery codes are for and goes on to the admin (issue #13, item 6)."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail

from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import UserFactory, has_totp

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "een-lang-testwachtwoord"


def _code_from(message) -> str:
    return re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.MULTILINE).group(1)


def _current_code(secret: str) -> str:
    """The app's code for now. Near the end of its 30-second window the server may check
    it in the next one and refuse it: then wait for the next window first."""
    left = 30 - time.time() % 30
    if left < 10:
        time.sleep(left + 0.5)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.parametrize("width", [1366, 390])
def test_new_editor_sets_up_the_app_with_one_password(browser, live_server, width):
    editor = UserFactory(roles=["editor"], is_staff=True, email="redacteur@test.example.nl")
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    visited = []
    page.on("framenavigated", lambda frame: visited.append(frame.url))

    page.goto("/admin/")
    page.locator("summary").click()
    page.fill("input[name=login]", editor.email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Inloggen met wachtwoord").click()
    page.get_by_text("Dan hoef je je wachtwoord niet nog een keer in te vullen.").wait_for()

    page.fill("input[name=email]", editor.email)
    page.get_by_role("button", name="Stuur mij een inlogcode").click()
    page.get_by_role("heading", name="Vul je inlogcode in").wait_for()
    page.fill("input[name=code]", _code_from(mail.outbox[-1]))
    page.get_by_role("button", name="Inloggen").click()

    page.get_by_role("heading", name="App voor inlogcodes instellen").wait_for()
    secret = page.locator("#authenticator_secret").input_value()
    page.fill("input[name=code]", _current_code(secret))
    page.get_by_role("button", name="App koppelen").click()

    page.get_by_role("heading", name="Je herstelcodes").wait_for()
    assert page.get_by_text("Je app voor inlogcodes is gekoppeld.").is_visible()
    assert page.get_by_text("Elke code werkt maar één keer.").is_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"recovery-codes-{width}")

    page.get_by_role("link", name="Verder naar het beheer").click()
    page.get_by_role("heading", name="Overzicht").wait_for()
    assert page.url.endswith("/admin/")
    assert has_totp(editor)
    assert not [url for url in visited if "/accounts/reauthenticate/" in url]
    context.close()
