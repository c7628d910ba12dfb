import pytest

from tests.e2e.conftest import axe_violations, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_renders_in_dutch_on_a_phone(phone, site_settings):
    phone.goto("/")

    assert phone.locator("html").get_attribute("lang") == "nl"
    assert phone.locator("h1").count() == 1
    assert phone.locator("h1").is_visible()
    assert site_settings.name in phone.title()
    screenshot(phone, "home-phone")


def test_skip_link_moves_focus_to_the_content(phone):
    phone.goto("/")

    phone.keyboard.press("Tab")
    focused = phone.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Naar de inhoud"
    assert phone.locator(".skip-link").is_visible()

    phone.keyboard.press("Enter")
    assert phone.evaluate("document.activeElement.id") == "main"


def test_menu_opens_and_works_by_keyboard_on_a_phone(phone):
    phone.goto("/")
    menu = phone.locator("#main-menu")
    toggler = phone.locator(".navbar-toggler")
    assert not menu.is_visible()

    toggler.focus()
    phone.keyboard.press("Enter")
    menu.locator("a").first.wait_for(state="visible")

    assert toggler.get_attribute("aria-expanded") == "true"
    phone.keyboard.press("Tab")
    active = phone.evaluate("document.activeElement.closest('#main-menu') !== null")
    assert active
    screenshot(phone, "home-phone-menu-open")

    target = phone.evaluate("document.activeElement.getAttribute('href')")
    phone.keyboard.press("Enter")
    phone.wait_for_url(f"**{target}")
    assert phone.locator("h1").is_visible()


def test_home_has_no_serious_accessibility_violations(phone, desktop):
    for page in (phone, desktop):
        page.goto("/")
        assert axe_violations(page) == []
    screenshot(desktop, "home-desktop")


@pytest.mark.parametrize(
    "path", ["/contact/", "/privacy/", "/toegankelijkheid/", "/accounts/login/"]
)
def test_public_pages_have_no_serious_accessibility_violations(phone, path):
    phone.goto(path)

    assert axe_violations(phone) == []
    screenshot(phone, "page" + path.replace("/", "-").rstrip("-"))


def test_language_switch_shows_english_and_back(desktop):
    desktop.goto("/")
    desktop.select_option("#language-select", "en")
    with desktop.expect_navigation():
        desktop.get_by_role("button", name="Kies").click()

    assert desktop.locator("html").get_attribute("lang") == "en"

    desktop.select_option("#language-select", "nl")
    with desktop.expect_navigation():
        desktop.locator(".language-switch button").click()
    assert desktop.locator("html").get_attribute("lang") == "nl"
