"""In a real browser at 1366 px: a coordinator reviews a parent's erasure request and
carries it out; the privacy officer filters the access log and exports it."""

import csv
import io

import pytest
from django.core import mail

from steunpunt import access_log, erasure
from steunpunt.models import AccessEvent, ErasureRequest, User
from tests.clients import SecondFactorClient
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import coordinator, make_case, privacy_officer

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"viewport": {"width": 1366, "height": 900}}


def _signed_in(browser, live_server, user, **options):
    client = SecondFactorClient()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, **DESKTOP, **options)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context.new_page()


def test_coordinator_reviews_and_carries_out_an_erasure(browser, live_server, site_settings):
    parent = make_case(email="ouder@test.example.nl").parent
    worker = coordinator(email="coordinator@test.example.nl")
    request = erasure.erasure_ask(user=parent)
    mail.outbox.clear()
    page = _signed_in(browser, live_server, worker)

    page.goto("/admin/steunpunt/erasurerequest/")
    page.locator(f"#result_list a[href$='/{request.pk}/change/']").click()
    page.get_by_role("heading", name="Wat we moeten bewaren, en waarom").wait_for()
    assert page.get_by_role("heading", name="Wat we verwijderen of anoniem maken").is_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    screenshot(page, "erasure-review-desktop")

    page.get_by_role("button", name="Gegevens nu verwijderen").click()
    page.get_by_text("Uitgevoerd. De ouder krijgt een bevestiging.").wait_for()
    screenshot(page, "erasure-done-desktop")

    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.DONE
    assert not User.objects.filter(pk=parent.pk).exists()
    assert [m.to for m in mail.outbox] == [["ouder@test.example.nl"]]


def test_privacy_officer_filters_the_log_and_exports_it(browser, live_server, site_settings):
    worker = coordinator(email="coordinator@test.example.nl")
    looked_at = make_case(email="ouder.a@test.example.nl")
    other = make_case(email="ouder.b@test.example.nl")
    for case in (looked_at, other):
        access_log.record(
            action=AccessEvent.Action.VIEW,
            actor=worker,
            obj=case,
            subject=case.parent,
            case_reference=case.reference,
        )
    page = _signed_in(browser, live_server, privacy_officer(), accept_downloads=True)

    page.goto("/admin/steunpunt/accessevent/")
    page.locator("input[name=kenmerk]").fill(looked_at.reference)
    page.locator("input[name=kenmerk]").press("Enter")
    page.wait_for_url(f"**kenmerk={looked_at.reference}")
    page.get_by_role("link", name="coördinator", exact=True).click()
    page.wait_for_url("**actor_role__exact=coordinator**")

    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert "vraag of klacht" in rows.first.inner_text()
    assert "ouder.a@test.example.nl" in rows.first.inner_text()
    assert axe_violations(page) == []
    screenshot(page, "access-log-filtered-desktop")

    with page.expect_download() as download:
        page.get_by_role("link", name="Exporteer deze lijst (CSV)").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(lines) == 2
    assert looked_at.reference in lines[1]
