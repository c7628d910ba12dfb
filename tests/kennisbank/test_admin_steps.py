"""Issue #13, item 7: the article page names the steps possible now by the labels of the
list's actions, not by the workflow's internal names."""

import pytest
from django.urls import reverse

from kennisbank import workflow
from kennisbank.admin import ACTION_LABELS
from tests.factories import ArticleFactory, editor
from tests.words import visible_text

pytestmark = pytest.mark.django_db


def test_every_workflow_action_has_a_label():
    assert set(ACTION_LABELS) == set(workflow.TRANSITIONS)


def test_draft_article_names_its_steps_in_dutch(client):
    client.force_login(editor())
    article = ArticleFactory(status="draft")

    page = client.get(reverse("admin:kennisbank_article_change", args=[article.pk]))

    text = visible_text(page.content.decode())
    assert "Mogelijke stappen nu (via de lijst): “Ter controle aanbieden”, “Archiveren”." in text
    assert "submit" not in text
    assert "archive" not in text


def test_published_article_names_its_steps_in_english(client):
    client.force_login(editor())
    client.cookies["django_language"] = "en"
    article = ArticleFactory(status="published")

    page = client.get(reverse("admin:kennisbank_article_change", args=[article.pk]))

    text = visible_text(page.content.decode())
    assert "“Take offline (back to draft)”" in text
    assert "unpublish," not in text


def test_article_page_says_who_offered_it_for_review(client):
    writer = editor(name="Joost Schrijver")
    client.force_login(editor())
    article = ArticleFactory(status="in_review", submitted_by=writer)

    text = visible_text(
        client.get(reverse("admin:kennisbank_article_change", args=[article.pk])).content.decode()
    )

    assert "Ter controle aangeboden: Joost Schrijver" in text
    assert "Submitted by" not in text
