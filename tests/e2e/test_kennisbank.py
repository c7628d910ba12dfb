"""Journey: a parent on a phone finds an article, reads it and says it helped; a partner
sees partner articles that an anonymous visitor never sees."""

import pytest

from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import ArticleFactory, OrganisationFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def knowledge(site_settings):
    theme = ThemeFactory(name="Thuiszitten en verzuim", slug="thuiszitten")
    first = ArticleFactory(
        title="Thuiszitten: de eerste week",
        slug="thuiszitten-eerste-week",
        summary="Wat je kunt doen als je kind niet naar school gaat.",
        body="## Wat kun je doen\n\n- Bel de school\n- Schrijf op wat er gebeurt\n\n"
        "Ideeën voor thuis en de coördinator van het steunpunt helpen je verder.",
        themes=[theme],
        view_count=10,
    )
    other = ArticleFactory(
        title="Praten met school", slug="praten-met-school", themes=[theme], view_count=5
    )
    first.related.add(other)
    ArticleFactory(
        title="Ouders als partners",
        slug="ouders-als-partners",
        visibility="partners",
        audience="professionals",
        body="Werken met ouders op school.",
    )
    return first


def test_parent_searches_reads_and_gives_feedback_on_a_phone(phone, knowledge):
    phone.goto("/kennisbank/")
    assert axe_violations(phone) == []
    screenshot(phone, "kennisbank-index-phone")

    phone.get_by_label("Waar zoek je informatie over?").fill("ideeen")
    phone.get_by_role("button", name="Zoek").click()
    phone.wait_for_url("**/kennisbank/?q=ideeen*")
    assert phone.locator("mark").first.is_visible()
    assert axe_violations(phone) == []
    screenshot(phone, "kennisbank-search-phone")

    phone.get_by_role("link", name="Thuiszitten: de eerste week").click()
    phone.wait_for_url("**/kennisbank/thuiszitten-eerste-week/")
    assert phone.locator("h1").inner_text() == "Thuiszitten: de eerste week"
    assert phone.get_by_role("link", name="Praten met school").is_visible()
    assert axe_violations(phone) == []

    phone.get_by_label("Ja").check()
    phone.get_by_label("Wil je nog iets zeggen? (mag leeg blijven)").fill("Fijn, duidelijk.")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Verstuur").click()
    assert phone.get_by_text("Bedankt voor je reactie.").is_visible()
    screenshot(phone, "kennisbank-article-phone")


def test_partner_article_is_only_found_by_a_partner(browser, live_server, knowledge, client):
    anonymous = browser.new_context(base_url=live_server.url).new_page()
    anonymous.goto("/kennisbank/?q=partners")
    assert "Ouders als partners" not in anonymous.content()
    assert anonymous.goto("/kennisbank/ouders-als-partners/").status == 404

    partner = UserFactory(roles=["partner"])
    client.force_login(partner)
    context = browser.new_context(base_url=live_server.url)
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto("/kennisbank/?q=partners")
    screenshot(page, "kennisbank-partner-search")
    page.get_by_role("link", name="Ouders als partners").click()
    page.wait_for_url("**/kennisbank/ouders-als-partners/")
    assert page.get_by_text("Voor partners").is_visible()
    context.close()


def test_directory_on_a_phone_is_accessible(phone, knowledge):

    OrganisationFactory(name="Wijkteam Proefstad", kind="wijkteam", description="Hulp thuis.")

    phone.goto("/wegwijzer/")

    assert phone.get_by_text("Wijkteam Proefstad").is_visible()
    assert axe_violations(phone) == []
    screenshot(phone, "wegwijzer-phone")


@pytest.fixture
def narrow(browser, live_server):
    """A 390 px phone."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


def test_parent_finds_the_theme_by_another_word_and_a_typo_at_390px(narrow, knowledge):
    narrow.goto("/kennisbank/?q=thuiszitter")
    assert narrow.get_by_role("link", name="Thuiszitten: de eerste week").is_visible()
    assert narrow.get_by_role("link", name="Praten met school").is_visible()  # by its theme
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(narrow, "kennisbank-synonym-390")

    narrow.goto("/kennisbank/?q=thuiszitem")
    assert narrow.get_by_text("We zochten ook naar:").is_visible()
    assert narrow.get_by_role("link", name="Thuiszitten: de eerste week").is_visible()
    assert axe_violations(narrow) == []
    screenshot(narrow, "kennisbank-typo-390")


def test_hidden_school_is_offered_and_shown_at_390px(narrow, knowledge):
    OrganisationFactory(name="Basisschool De Windwijzer Oost", kind="school_po")

    narrow.goto("/wegwijzer/?q=Windwijzer")
    assert narrow.get_by_text("0 organisaties gevonden").is_visible()
    assert narrow.get_by_text("1 school gevonden die nu verborgen is.").is_visible()
    assert axe_violations(narrow) == []
    screenshot(narrow, "wegwijzer-hidden-390")

    narrow.get_by_role("link", name="Toon deze school ook").click()
    narrow.wait_for_url("**/wegwijzer/?q=Windwijzer&soort=alle")
    assert narrow.get_by_text("Basisschool De Windwijzer Oost").is_visible()
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(narrow, "wegwijzer-shown-390")
