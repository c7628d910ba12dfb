import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casussen.models import Case, CaseAttachment, Consent
from tests.factories import OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def form_data():
    theme = ThemeFactory(name="Thuiszitten", slug="thuiszitten")
    return {
        "kind": "question",
        "theme": theme.pk,
        "description": "Mijn zoon gaat al drie weken niet naar school.",
        "age_band": "8-12",
        "school": "",
        "email": "ouder@test.example.nl",
        "phone": "",
        "contact_preference": "email",
        "contact_times": "",
        "privacy": "on",
        "website": "",
    }


def test_form_is_dutch_and_labelled(client):
    content = client.get(reverse("casussen:intake")).content.decode()

    assert "Stel een vraag of dien een klacht in" in content
    assert 'for="id_email"' in content
    assert 'for="id_description"' in content


def test_parent_submits_a_question_and_sees_the_reference(
    client, form_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("casussen:intake"), form_data, follow=True)

    case = Case.objects.get()
    content = response.content.decode()
    assert case.reference in content
    assert "Wat gebeurt er nu?" in content
    assert mail.outbox[0].to == ["ouder@test.example.nl"]


def test_missing_email_keeps_the_story_and_says_what_to_do(client, form_data):
    form_data["email"] = ""

    response = client.post(reverse("casussen:intake"), form_data)

    content = response.content.decode()
    assert response.status_code == 400
    assert "Vul je e-mailadres in" in content
    assert "Mijn zoon gaat al drie weken niet naar school." in content
    assert not Case.objects.exists()


def test_complaint_needs_the_organisation_it_is_about(client, form_data):
    form_data["kind"] = "complaint"

    response = client.post(reverse("casussen:intake"), form_data)

    assert "Kies over welke organisatie je klacht gaat." in response.content.decode()
    assert not Case.objects.exists()


def test_phone_contact_needs_a_phone_number(client, form_data):
    form_data["contact_preference"] = "phone"

    response = client.post(reverse("casussen:intake"), form_data)

    assert "Vul je telefoonnummer in" in response.content.decode()


def test_privacy_must_be_read(client, form_data):
    del form_data["privacy"]

    response = client.post(reverse("casussen:intake"), form_data)

    assert "Zet een vinkje" in response.content.decode()
    assert not Case.objects.exists()


def test_consent_for_the_chosen_school_is_recorded(client, form_data):
    school = OrganisationFactory(kind="school_po")
    form_data.update(school=str(school.pk), consent_school="on")

    client.post(reverse("casussen:intake"), form_data)

    consent = Consent.objects.get()
    assert (consent.organisation, consent.method) == (school, "form")


def test_consent_without_a_school_from_the_list_is_refused(client, form_data):
    form_data.update(school="anders", school_other="De Verzonnen School", consent_school="on")

    response = client.post(reverse("casussen:intake"), form_data)

    assert "Kies eerst de school uit de lijst" in response.content.decode()


def test_attachment_checked_by_content_is_stored(client, form_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    form_data["attachments"] = [SimpleUploadedFile("brief.pdf", PDF, "application/pdf")]

    client.post(reverse("casussen:intake"), form_data)

    assert CaseAttachment.objects.get().content_type == "application/pdf"


def test_disguised_attachment_is_refused_and_nothing_is_stored(
    client, form_data, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    form_data["attachments"] = [SimpleUploadedFile("brief.pdf", b"MZ\x90\x00", "application/pdf")]

    response = client.post(reverse("casussen:intake"), form_data)

    assert response.status_code == 400
    assert "Dit soort bestand kunnen we niet aannemen" in response.content.decode()
    assert "Bestanden moet je opnieuw kiezen" in response.content.decode()
    assert not Case.objects.exists()


def test_honeypot_stores_nothing_but_looks_fine(client, form_data):
    form_data["website"] = "http://spam.example"

    response = client.post(reverse("casussen:intake"), form_data, follow=True)

    assert response.status_code == 200
    assert not Case.objects.exists()
    assert mail.outbox == []


def test_too_many_questions_from_one_email_are_refused_kindly(client, form_data):
    for _ in range(3):
        client.post(reverse("casussen:intake"), form_data)

    response = client.post(reverse("casussen:intake"), form_data)

    assert response.status_code == 429
    assert "Wacht een uur" in response.content.decode()
    assert Case.objects.count() == 3


def test_too_many_questions_from_one_address_are_refused(client, form_data):
    for n in range(5):
        client.post(reverse("casussen:intake"), {**form_data, "email": f"o{n}@test.example.nl"})

    response = client.post(reverse("casussen:intake"), {**form_data, "email": "o9@test.example.nl"})

    assert response.status_code == 429
    assert Case.objects.count() == 5
