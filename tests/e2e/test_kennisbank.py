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
    phone.get_by_role("button", name="Verstuur").click()
    phone.wait_for_load_state()
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
