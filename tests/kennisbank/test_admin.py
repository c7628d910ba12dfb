import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kennisbank.admin import AttachmentForm
from kennisbank.models import Article, ArticleEvent, SearchLog
from tests.factories import ArticleFactory, UserFactory, coordinator, editor

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:kennisbank_article_changelist"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _inline_management(prefix: str) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_editor_writes_an_article_and_it_is_recorded(client):
    author = editor()
    client.force_login(author)
    data = {
        "title": "Nieuw artikel",
        "slug": "nieuw-artikel",
        "summary": "Kort.",
        "body": "## Kop\n\nTekst over **school**.",
        "audience": "parents",
        "visibility": "public",
        "language": "nl",
        **_inline_management("attachments"),
        **_inline_management("links"),
        **_inline_management("events"),
    }

    response = client.post(reverse("admin:kennisbank_article_add"), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="nieuw-artikel")
    assert article.status == Article.Status.DRAFT
    assert "<strong>school</strong>" in article.body_html
    assert article.events.get().actor == author


def test_admin_publish_action_refuses_the_author_and_allows_another_editor(client):
    writer, reviewer = editor(), editor()
    article = ArticleFactory(status="in_review", submitted_by=writer, title="Over de TLV")
    action = {"action": "action_publish", "_selected_action": [article.pk]}

    client.force_login(writer)
    response = client.post(reverse(CHANGELIST), action, follow=True)
    article.refresh_from_db()
    assert article.status == "in_review"
    assert "andere redacteur" in response.content.decode()

    client.force_login(reviewer)
    client.post(reverse(CHANGELIST), action)
    article.refresh_from_db()
    assert article.status == "published"
    assert article.events.filter(action=ArticleEvent.Action.PUBLISHED, actor=reviewer).exists()


def test_coordinator_may_read_but_not_change_articles(client):
    article = ArticleFactory()
    client.force_login(coordinator())

    assert client.get(reverse(CHANGELIST)).status_code == 200
    change = client.get(reverse("admin:kennisbank_article_change", args=[article.pk]))
    assert change.status_code == 200
    assert b'name="title"' not in change.content


@pytest.mark.parametrize("role", ["buddy", "partner"])
def test_non_staff_roles_cannot_reach_the_article_admin(client, role):
    client.force_login(UserFactory(roles=[role]))

    assert client.get(reverse(CHANGELIST), follow=True).status_code == 403


def test_attachment_form_accepts_a_real_pdf():
    form = AttachmentForm(
        data={"title": "Gespreksformulier"},
        files={"file": SimpleUploadedFile("formulier.pdf", PDF, content_type="text/plain")},
    )

    assert form.is_valid(), form.errors
    assert form.detected_type == "application/pdf"


def test_attachment_form_refuses_a_renamed_script():
    form = AttachmentForm(
        data={"title": "Stiekem"},
        files={
            "file": SimpleUploadedFile(
                "formulier.pdf", b"#!/bin/sh\nrm -rf /\n", content_type="application/pdf"
            )
        },
    )

    assert not form.is_valid()
    assert "Dit soort bestand kunnen we niet aannemen" in str(form.errors["file"])


def test_attachment_form_refuses_files_over_10_mb():
    big = SimpleUploadedFile("groot.pdf", PDF + b"0" * (10 * 1024 * 1024), "application/pdf")

    form = AttachmentForm(data={"title": "Groot"}, files={"file": big})

    assert not form.is_valid()
    assert "niet groter zijn dan 10,0\xa0MB" in str(form.errors["file"])


def test_search_summary_shows_missing_and_top_searches(client):
    SearchLog.objects.create(query="pgb", result_count=0)
    SearchLog.objects.create(query="pgb", result_count=0)
    SearchLog.objects.create(query="thuiszitten", result_count=4)
    client.force_login(editor())

    response = client.get(reverse("admin:kennisbank_searchlog_changelist"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Zonder resultaat" in content
    assert content.index("pgb") < content.index("Meest gezocht")
    assert "thuiszitten" in content
