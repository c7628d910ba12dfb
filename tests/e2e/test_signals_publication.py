"""Journey: an editor approves the quarter's publication in the admin; a partner reads
it and a partners-only one in the portal; anyone reads the public one on a phone and
its print version. Every page passes axe-core; no small group is on a page."""

from datetime import timedelta

import pytest
import time_machine

from casussen.reports import Quarter
from signalen import services
from tests.e2e.conftest import axe_violations, screenshot, signed_in
from tests.factories import (
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
    editor,
    make_case,
)

pytestmark = pytest.mark.django_db(transaction=True)

SECTIONS = ["thema", "soort", "kanaal", "reactie", "tevredenheid", "praatplaat"]


@pytest.fixture
def quarter_cases():
    last = Quarter.current().previous
    big = ThemeFactory(name="Thuiszitten", slug="thuiszitten")
    small = ThemeFactory(name="Vervoer", slug="vervoer")
    with time_machine.travel(last.first_day + timedelta(days=20), tick=False):
        for n in range(12):
            make_case(email=f"ouder{n}@voorbeeld.example.nl", theme=big)
        for n in range(2):
            make_case(email=f"klein{n}@voorbeeld.example.nl", theme=small)
    return last


def _prepare(preparer, quarter, *, public):
    return services.publication_prepare(
        year=quarter.year,
        quarter=quarter.number,
        title=f"Signalen van ouders, {quarter.code}",
        summary="Veel ouders vertellen over **thuiszitten**.\n\n- Lang wachten op hulp\n"
        "- Weinig contact met school",
        sections=SECTIONS,
        is_public=public,
        actor=preparer,
    )


def test_approved_publication_read_by_partner_and_anyone(
    browser, live_server, site_settings, quarter_cases
):
    preparer, approver = coordinator(), editor()
    publication = _prepare(preparer, quarter_cases, public=True)
    services.publication_transition(publication=publication, action="submit", actor=preparer)
    partners_only = _prepare(preparer, quarter_cases.previous, public=False)
    services.publication_transition(publication=partners_only, action="submit", actor=preparer)
    services.publication_transition(publication=partners_only, action="approve", actor=approver)

    # The editor approves in the admin.
    admin = signed_in(browser, live_server, approver, viewport={"width": 1280, "height": 900})
    admin.goto(f"/admin/signalen/publication/{publication.pk}/change/")
    with admin.expect_navigation():
        admin.get_by_role("button", name="Goedkeuren en publiceren").click()
    assert admin.get_by_text("is nu: gepubliceerd").is_visible()
    screenshot(admin, "signals-approved-admin")

    # A partner reads both in the portal, on a phone.
    partner = UserFactory(roles=["partner"], organisation=OrganisationFactory(kind="wijkteam"))
    page = signed_in(browser, live_server, partner, viewport={"width": 375, "height": 740})
    page.goto("/partner/signalen/")
    assert axe_violations(page) == []
    page.get_by_role("link", name=partners_only.title).click()
    page.wait_for_url(f"**/partner/signalen/{partners_only.pk}/")
    assert page.get_by_text("Alleen voor partners.").is_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "signals-partner-phone")

    # Anyone reads the public one, and prints it for the netwerkgroep.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 740})
    anyone = context.new_page()
    anyone.goto("/signalen/")
    assert partners_only.title not in anyone.content()
    anyone.get_by_role("link", name=publication.title).click()
    anyone.wait_for_url(f"**/signalen/{publication.pk}/")
    assert anyone.locator("h1").inner_text() == publication.title
    table = anyone.get_by_role("table", name="Per thema")
    assert table.get_by_role("row", name="Thuiszitten").inner_text().split()[1] == "x"
    assert "niet getoond" in table.get_by_role("row", name="Vervoer").inner_text()
    assert axe_violations(anyone) == []
    assert anyone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(anyone, "signals-public-phone")

    anyone.get_by_role("link", name="Printversie voor het overleg").click()
    anyone.wait_for_url(f"**/signalen/{publication.pk}/afdrukken/")
    assert axe_violations(anyone) == []
    anyone.emulate_media(media="print")
    assert not anyone.get_by_role("link", name="Terug naar de publicatie").is_visible()
    screenshot(anyone, "signals-print")
    context.close()
