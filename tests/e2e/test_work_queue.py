"""The work queue on the demo data, in a real browser: a coordinator (and an editor)
opens the admin index, sees a count for every entry, and each link opens the list with
exactly that many rows."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps

from steunpunt import demo
from steunpunt.models import User
from tests.e2e.conftest import axe_violations, screenshot, signed_in
from tests.factories import TEST_TOTP_SECRET

pytestmark = pytest.mark.django_db(transaction=True)

COORDINATOR_QUEUE = {
    # Two of them are the demo parent's duplicate pair.
    "Nieuw en nog van niemand": 4,
    "Mijn zaken": 4,
    "Eerste reactie vandaag of te laat": 1,
    "Wacht op partner, termijn voorbij": 1,
    "Nieuwe berichten van ouders en partners": 1,
    "Ontevreden evaluaties om te bespreken": 1,
    "Zorgelijke check-ins": 1,
    "Koppelingen zonder contact": 1,
    "Buddyvoorstellen die binnen 24 uur verlopen": 1,
    "Raadplegingen om te sluiten": 1,
    # The demo partner's open request, and one parent of the pool still to call.
    "Vragen om ouderperspectief zonder uitnodiging": 1,
    "Ervaringsdeskundigen om te bellen": 1,
    "Bijeenkomsten zonder verslag": 0,
    # No publication of signals is offered for approval in the demo.
    "Signalen om goed te keuren": 0,
}
EDITOR_QUEUE = {
    "Artikelen om te controleren": 1,
    "Artikelen waarvan de controledatum voorbij is": 1,
    "Signalen om goed te keuren": 0,
}


@pytest.fixture
def demo_data(site_settings):
    demo.seed_demo()
    for config in apps.get_app_configs():
        if callable(getattr(config, "seed_demo", None)):
            config.seed_demo()


def _queue(page) -> list[tuple[str, int, str]]:
    entries = []
    for link in page.locator(".work-queue-list a").all():
        label = link.locator(".work-queue-label").inner_text()
        count = int(link.locator(".work-queue-count").inner_text())
        entries.append((label, count, link.get_attribute("href")))
    return entries


def _rows_on(page, url: str) -> int:
    page.goto(url)
    return page.locator("#result_list tbody tr").count()


def _check(page, expected: dict[str, int], name: str) -> None:
    page.goto("/admin/")
    entries = _queue(page)
    screenshot(page, name)
    assert {label: count for label, count, _url in entries} == expected
    assert axe_violations(page) == []
    for label, count, url in entries:
        page.goto("/admin/")
        with page.expect_navigation():
            page.get_by_role("link", name=f"{count} {label}").click()
        assert page.url.endswith(url), label
        assert page.locator("#result_list tbody tr").count() == count, label


def test_coordinator_work_queue_on_the_demo_data(browser, live_server, demo_data):
    page = signed_in(browser, live_server, User.objects.get(email="coordinator@demo.example.nl"))

    _check(page, COORDINATOR_QUEUE, "work-queue-coordinator")

    page.goto("/admin/")
    page.get_by_role("link", name="Meldingen instellen").click()
    page.get_by_label("Reactie van een ouder").select_option("digest")
    page.get_by_label("Samenvatting versturen om").select_option("07:30")
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("Je meldingen zijn opgeslagen.").is_visible()
    assert page.get_by_label("Reactie van een ouder").input_value() == "digest"


def test_editor_work_queue_on_the_demo_data(browser, live_server, demo_data):
    user = User.objects.get(email="redacteur2@demo.example.nl")
    # Only one demo account has a second factor made for it; staff need one.
    TOTP.activate(user, TEST_TOTP_SECRET)
    page = signed_in(browser, live_server, user)

    _check(page, EDITOR_QUEUE, "work-queue-editor")
