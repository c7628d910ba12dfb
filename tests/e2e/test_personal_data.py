"""On a phone: the parent opens /mijn/gegevens/, downloads the readable file and opens it
without the site; corrects their phone number."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from casussen import services
from tests.e2e.conftest import ARTIFACTS, axe_violations, screenshot
from tests.factories import BuddyRequestFactory, make_case
from tests.factories.meetups import MeetupFactory, MeetupRegistrationFactory

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PHONE = {"viewport": {"width": 390, "height": 844}}


def _signed_in(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, accept_downloads=True, **PHONE)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context.new_page()


@pytest.fixture
def parent(settings, tmp_path, site_settings):
    settings.MEDIA_ROOT = tmp_path
    case = make_case(
        email="ouder@test.example.nl",
        phone="06 11223344",
        description="Mijn dochter mag niet mee op schoolreis omdat ze extra hulp nodig heeft.",
        attachments=[SimpleUploadedFile("brief.pdf", PDF, "application/pdf")],
    )
    parent = case.parent
    parent.name = "Sanne Proef"
    parent.save()
    services.parent_reply(case=case, parent=parent, text="Kunt u mij bellen na 15.00 uur?")
    BuddyRequestFactory(parent=parent, answer_by=timezone.localdate() + timedelta(days=10))
    MeetupRegistrationFactory(parent=parent, meetup=MeetupFactory(title="Koffie in Heiloo"))
    return parent


def test_page_and_downloaded_file_on_a_phone(browser, live_server, parent, tmp_path):
    page = _signed_in(browser, live_server, parent)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto("/mijn/")
    page.get_by_role("link", name="Naar je gegevens").click()
    page.wait_for_url("**/mijn/gegevens/")
    assert page.get_by_role("heading", name="Je gegevens", exact=True).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "personal-data-phone")
    assert axe_violations(page) == []
    assert errors == []  # nothing refused by the Content-Security-Policy

    with page.expect_download() as info:
        page.get_by_role("link", name="Alleen het bestand om te lezen").click()
    download = info.value
    assert download.suggested_filename.endswith(".html")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    reader = browser.new_context(**PHONE).new_page()
    requests = []
    reader.on("request", lambda request: requests.append(request.url))
    reader.goto(saved.as_uri())
    assert requests == [saved.as_uri()]  # self-contained: it loads nothing else
    assert reader.get_by_role("heading", name="Je vragen en klachten").is_visible()
    assert reader.get_by_text("Kunt u mij bellen na 15.00 uur?").is_visible()
    assert reader.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(reader, "personal-data-download-phone")
    reader.get_by_role("heading", name="Je vragen en klachten").scroll_into_view_if_needed()
    reader.screenshot(path=str(ARTIFACTS / "personal-data-download-cases-phone.png"))
    assert axe_violations(reader) == []
    reader.context.close()
    page.context.close()


def test_phone_number_corrected_on_a_phone(browser, live_server, parent):
    page = _signed_in(browser, live_server, parent)
    page.goto("/mijn/gegevens/")
    page.get_by_role("link", name="Naam of telefoonnummer aanpassen").click()
    page.get_by_label("Je telefoonnummer").fill("bel me")
    page.get_by_role("button", name="Opslaan").click()
    # Under the field, and linked from the error summary above the form.
    assert page.locator(
        ".invalid-feedback", has_text="Vul een telefoonnummer in met 10 cijfers"
    ).is_visible()
    assert (
        page.locator(".error-summary")
        .get_by_role("link", name="Vul een telefoonnummer in met 10 cijfers")
        .is_visible()
    )
    assert page.get_by_label("Je telefoonnummer").input_value() == "bel me"
    screenshot(page, "personal-data-contact-error-phone")
    page.get_by_label("Je telefoonnummer").fill("06 22334455")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/mijn/gegevens/")
    assert page.get_by_text("We hebben je gegevens aangepast").is_visible()
    assert parent.cases.get().phone == "06 22334455"
    page.context.close()
