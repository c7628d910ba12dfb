"""On a phone: a form with errors opens on its error summary, whose links lead to the
fields; the receipt after /vraag/ names the files that arrived."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def question_page(browser, live_server, site_settings, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ThemeFactory(name="Thuiszitten en verzuim", slug="thuiszitten")
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto("/vraag/")
    page.get_by_label("Waar gaat het over?").select_option(label="Thuiszitten en verzuim")
    page.get_by_label("Vertel je verhaal").fill("Mijn dochter zit al een maand thuis.")
    yield page
    context.close()


def test_error_summary_takes_the_focus_and_links_to_the_fields(question_page):
    page = question_page
    with page.expect_navigation():
        page.get_by_role("button", name="Verstuur").click()

    summary = page.locator(".error-summary")
    # The click starts a navigation; expect() waits for the new page's autofocus.
    expect(summary).to_be_focused()
    assert summary.get_by_role("link", name="Je e-mailadres").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "error-summary-390")

    summary.get_by_role("link", name="Je e-mailadres").click()
    expect(page.locator("#id_email")).to_be_focused()


def test_error_summary_names_the_refused_file(question_page):
    page = question_page
    page.get_by_label("Je e-mailadres").fill("ouder@test.example.nl")
    page.locator("#id_privacy").check()
    page.locator("#id_attachments").set_input_files(
        [
            {"name": "brief.pdf", "mimeType": "application/pdf", "buffer": PDF},
            {"name": "programma.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00"},
        ]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Verstuur").click()

    summary = page.locator(".error-summary")
    # The click starts a navigation; expect() waits for the new page's autofocus.
    expect(summary).to_be_focused()
    assert "Bestand programma.pdf" in summary.inner_text()
    assert "brief.pdf" not in summary.inner_text()
    screenshot(page, "error-summary-file-390")


def test_receipt_names_the_files_and_links_to_the_portal(question_page):
    page = question_page
    page.get_by_label("Je e-mailadres").fill("ouder@test.example.nl")
    page.locator("#id_privacy").check()
    page.locator("#id_attachments").set_input_files(
        [{"name": "brief van school.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Verstuur").click()
    page.wait_for_url("**/vraag/ontvangen/")

    assert "brief van school.pdf" in page.locator(".received-files").inner_text()
    assert page.get_by_role("link", name="Naar Mijn steunpunt").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert axe_violations(page) == []
    screenshot(page, "received-390")
