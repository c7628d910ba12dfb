"""Downloads are named for what they are (issue #10, finding 9).

A PDF uploaded as `brief.html` was served as application/pdf named `brief.html`: a
browser or mail program would open the saved file as a web page. The name now ends in
the extension of the type read from the content, at upload and at download (rows stored
before this fix are corrected when served)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casussen.models import CaseAttachment
from kennisbank.admin import AttachmentForm
from kennisbank.models import ArticleAttachment
from steunpunt.uploads import ALLOWED_TYPES, safe_filename
from tests.factories import ArticleFactory, make_case

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(
    ("name", "content_type", "served"),
    [
        ("brief.html", "application/pdf", "brief.pdf"),
        ("brief.PDF", "application/pdf", "brief.pdf"),
        ("foto.jpeg", "image/jpeg", "foto.jpeg"),
        ("foto.svg", "image/png", "foto.png"),
        ("../../map/script.exe", "image/png", "script.png"),
        ("C:\\Users\\ouder\\brief.htm", "application/pdf", "brief.pdf"),
        ("verslag juni", "application/pdf", "verslag juni.pdf"),
        (".htaccess", "application/pdf", "htaccess.pdf"),
        ("brief.html", "", "brief.bin"),
        ("brief.html", "text/html", "brief.bin"),
        # A right-to-left override would show the name as "xfdp.png" (review of #10).
        ("x\u202egnp.exe", "application/pdf", "xgnp.pdf"),
        ("brief\u2028\u200b.html", "application/pdf", "brief.pdf"),
    ],
)
def test_safe_filename_ends_in_the_extension_of_the_type(name, content_type, served):
    assert safe_filename(name, content_type) == served


def test_every_allowed_type_has_an_extension():
    for content_type, kind in ALLOWED_TYPES.items():
        assert kind.extensions, content_type
        assert all(e.startswith(".") for e in kind.extensions), content_type


def _download(client, case, attachment):
    client.force_login(case.parent)
    return client.get(reverse("casussen:attachment", args=[case.pk, attachment.pk]))


def test_a_pdf_sent_as_html_is_stored_and_served_as_pdf(client):
    case = make_case(attachments=[SimpleUploadedFile("brief.html", PDF, "text/html")])
    attachment = case.attachments.get()

    response = _download(client, case, attachment)

    assert attachment.original_name == "brief.pdf"
    assert attachment.file.name.endswith(".pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="brief.pdf"'
    assert case.events.filter(text="brief.pdf").exists()


def test_an_old_row_with_an_active_name_is_served_under_a_safe_name(client):
    case = make_case()
    attachment = CaseAttachment(
        case=case, original_name="brief.html", content_type="application/pdf", size=len(PDF)
    )
    attachment.file.save("brief.html", ContentFile(PDF))

    response = _download(client, case, attachment)

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="brief.pdf"'


def test_an_old_row_of_an_unknown_type_is_served_as_plain_bytes(client):
    case = make_case()
    attachment = CaseAttachment(
        case=case, original_name="pagina.html", content_type="text/html", size=4
    )
    attachment.file.save("pagina.html", ContentFile(b"<b>"))

    response = _download(client, case, attachment)

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="pagina.bin"'


def test_a_knowledge_base_attachment_uploaded_as_html_gets_a_pdf_name():
    article = ArticleFactory()
    form = AttachmentForm(
        data={"title": "Formulier"},
        files={"file": SimpleUploadedFile("formulier.html", PDF, content_type="text/html")},
    )
    assert form.is_valid(), form.errors
    attachment = form.save(commit=False)
    attachment.article = article
    attachment.save()

    assert attachment.file.name.endswith("/formulier.pdf")
    assert attachment.content_type == "application/pdf"


def test_an_old_knowledge_base_attachment_is_served_under_a_safe_name(client):
    article = ArticleFactory()
    attachment = ArticleAttachment(
        article=article, title="Formulier", content_type="application/pdf", size=len(PDF)
    )
    attachment.file.save("formulier.html", ContentFile(PDF))

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="formulier.pdf"'
