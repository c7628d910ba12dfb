"""The article admin at regional size (issue #12): related articles are searched as you
type, not listed in a select of every article, and the query counts do not grow."""

import re

import pytest
from django.contrib import admin
from django.db import connection
from django.forms.models import BaseInlineFormSet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kennisbank.admin import AttachmentInline, LinkInline
from kennisbank.models import Article, ArticleEvent
from tests.factories import ArticleFactory, editor
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

ARTICLE_LIST_QUERIES = 9
ARTICLE_CHANGE_QUERIES = 13


def _articles(count: int) -> list[Article]:
    return [ArticleFactory() for _n in range(count)]


def test_article_list_queries_do_not_grow(client):
    client.force_login(editor())
    _articles(3)
    few, _html = page_queries(client, reverse("admin:kennisbank_article_changelist"))
    _articles(9)

    assert page_queries(client, reverse("admin:kennisbank_article_changelist"))[0] == few
    assert few <= ARTICLE_LIST_QUERIES


def test_article_change_page_does_not_list_every_article(client):
    client.force_login(editor())
    article, other = _articles(2)
    url = reverse("admin:kennisbank_article_change", args=[article.pk])
    few, html = page_queries(client, url)
    more = _articles(9)
    again, html = page_queries(client, url)

    assert again == few
    assert few <= ARTICLE_CHANGE_QUERIES
    assert 'data-ajax--url="/admin/autocomplete/"' in html
    assert more[-1].title not in html
    assert other.title not in html


def test_article_change_page_queries_do_not_grow_with_its_history(client):
    client.force_login(editor())
    article = ArticleFactory()
    url = reverse("admin:kennisbank_article_change", args=[article.pk])
    _history(article, 25)
    some, _html = page_queries(client, url)
    _history(article, 300)
    many, html = page_queries(client, url)

    assert many == some
    assert some <= ARTICLE_CHANGE_QUERIES + 1  # the count of the history's pages
    assert html.count("Wijziging ") == 20


def _history(article: Article, count: int) -> None:
    ArticleEvent.objects.bulk_create(
        ArticleEvent(article=article, action=ArticleEvent.Action.EDITED, note=f"Wijziging {n}")
        for n in range(count)
    )


def test_related_articles_are_found_by_autocomplete(client):
    client.force_login(editor())
    article = ArticleFactory(title="Thuiszitten en leerplicht")
    ArticleFactory(title="Vervoer naar school")
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "kennisbank",
            "model_name": "article",
            "field_name": "related",
            "term": "thuiszit",
        },
    )

    assert [r["text"] for r in response.json()["results"]] == [str(article)]


def test_article_list_does_not_fetch_the_texts(client):
    client.force_login(editor())
    article = ArticleFactory(title="Zichtbare titel", body="Een heel lange tekst. " * 200)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("admin:kennisbank_article_changelist")).content.decode()

    assert "Zichtbare titel" in page
    table = 'FROM "kennisbank_article"'
    selects = [q["sql"] for q in queries.captured_queries if table in q["sql"]]
    listed = [sql for sql in selects if '"kennisbank_article"."title"' in sql]
    assert listed
    assert all('"kennisbank_article"."body"' not in sql for sql in listed)
    assert all('"kennisbank_article"."search_text"' not in sql for sql in listed)
    assert article.body not in page


def _without_token(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_article_page_is_the_html_of_django_s_inline_formsets(client, monkeypatch):
    client.force_login(editor())
    article = ArticleFactory()
    article.related.add(ArticleFactory(title="Ander <artikel>"))
    url = reverse("admin:kennisbank_article_change", args=[article.pk])

    ours = client.get(url).content.decode()
    for inline in (AttachmentInline, LinkInline):
        monkeypatch.setattr(inline, "formset", BaseInlineFormSet)
    django = client.get(url).content.decode()

    assert _without_token(ours) == _without_token(django)
    assert "Ander &lt;artikel&gt;" in ours


def test_an_inline_s_empty_form_is_made_once_per_formset(rf):
    request = rf.get("/")
    request.user = editor()
    inline = AttachmentInline(Article, admin.site)
    formset = inline.get_formset(request, ArticleFactory())(instance=Article.objects.first())

    assert formset.empty_form is formset.empty_form
    assert formset.empty_form.prefix == "attachments-__prefix__"


def test_article_page_reads_its_related_articles_without_their_texts(client):
    client.force_login(editor())
    article = ArticleFactory()
    article.related.add(ArticleFactory(), ArticleFactory())
    url = reverse("admin:kennisbank_article_change", args=[article.pk])

    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    related = [
        q["sql"] for q in queries.captured_queries if "kennisbank_article_related" in q["sql"]
    ]

    assert len(related) == 1
    assert '"kennisbank_article"."body"' not in related[0]
    assert html.count("selected>") >= 2
