"""After /vraag/: the receipt names the files that arrived and says how to follow the
question; a refused file is named in the error."""

from datetime import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from casussen.models import Case
from tests.factories import ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def form_data(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return {
        "kind": "question",
        "theme": ThemeFactory(name="Thuiszitten", slug="thuiszitten").pk,
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


def _send(client, form_data, files=()):
    form_data["attachments"] = list(files)
    return client.post(reverse("casussen:intake"), form_data, follow=True)


def test_receipt_names_each_file_with_its_size(client, form_data):
    response = _send(
        client,
        form_data,
        [
            SimpleUploadedFile("brief van school.pdf", PDF, "application/pdf"),
            SimpleUploadedFile("rooster.png", PNG, "image/png"),
        ],
    )

    content = response.content.decode()
    assert "Deze 2 bestanden zijn aangekomen" in content
    assert "brief van school.pdf" in content
    assert f"({len(PDF)}\xa0bytes)" in content
    assert "rooster.png" in content


def test_receipt_without_files_says_none_were_sent(client, form_data):
    content = _send(client, form_data).content.decode()

    assert "Je hebt geen bestanden meegestuurd." in content


def test_receipt_of_a_new_address_links_to_the_portal_and_says_how_to_sign_in(client, form_data):
    content = _send(client, form_data).content.decode()

    assert f'href="{reverse("casussen:portal")}"' in content
    assert "Je krijgt dan een code per e-mail." in content


def test_receipt_for_the_signed_in_owner_links_to_the_question(client, form_data):
    parent = UserFactory(email="ouder@test.example.nl")
    client.force_login(parent)

    content = _send(client, form_data).content.decode()

    case = Case.objects.get()
    assert f'href="{reverse("casussen:portal_case", args=[case.pk])}"' in content
    assert "Bekijk je vraag in Mijn steunpunt" in content


@time_machine.travel(NOW, tick=False)
def test_receipt_says_how_confirming_works_and_until_when(client, form_data):
    """Said to every visitor not signed in as the owner, so the page does not tell
    whether the address already had an account (the email says which applies)."""
    UserFactory(email="ouder@test.example.nl")

    content = _send(client, form_data).content.decode()

    assert not Case.objects.get().is_confirmed
    # The link in the email works 14 days.
    assert "Staat er in onze e-mail een link om je vraag te bevestigen?" in content
    assert "De link werkt tot dinsdag 15 december." in content
    assert "Bekijk je vraag in Mijn steunpunt" not in content


@time_machine.travel(NOW, tick=False)
def test_signed_in_visitor_with_another_address_gets_the_same_receipt(client, form_data):
    client.force_login(UserFactory(email="iemand.anders@test.example.nl"))

    content = _send(client, form_data).content.decode()

    assert "Staat er in onze e-mail een link om je vraag te bevestigen?" in content
    assert "Bekijk je vraag in Mijn steunpunt" not in content


def test_refused_file_is_named_in_the_error(client, form_data):
    response = _send(
        client,
        form_data,
        [
            SimpleUploadedFile("brief.pdf", PDF, "application/pdf"),
            SimpleUploadedFile("programma.pdf", b"MZ\x90\x00", "application/pdf"),
        ],
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert "Bestand programma.pdf: Dit soort bestand kunnen we niet aannemen" in content
    assert "Bestand brief.pdf:" not in content
    assert not Case.objects.exists()


def test_every_refused_file_is_named(client, form_data):
    response = _send(
        client,
        form_data,
        [
            SimpleUploadedFile("een.exe", b"MZ\x90\x00", "application/pdf"),
            SimpleUploadedFile("twee.exe", b"MZ\x90\x00", "application/pdf"),
        ],
    )

    content = response.content.decode()
    assert "Bestand een.exe:" in content
    assert "Bestand twee.exe:" in content


def test_empty_file_is_named_in_the_error(client, form_data):
    response = _send(client, form_data, [SimpleUploadedFile("leeg.pdf", b"", "application/pdf")])

    assert response.status_code == 400
    assert "Bestand leeg.pdf:" in response.content.decode()
