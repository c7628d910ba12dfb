"""Issue #13, item 16: in English, content that exists only in Dutch (articles, the
wegwijzer's entries, a long page without an English version) says so, and the Dutch
text is marked lang="nl" for screen readers and translation tools."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from steunpunt.models import Organisation
from steunpunt.views import _page
from tests.factories import ArticleFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _in(language: str, msgid: str) -> str:
    with translation.override(language):
        return translation.gettext(msgid)


ONE = "Deze tekst is er alleen in het Nederlands."
MANY = "Deze teksten zijn er alleen in het Nederlands."


def _get(client, url: str, language: str) -> str:
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


def test_dutch_article_in_english_says_it_is_only_in_dutch(client):
    article = ArticleFactory(language="nl")

    page = _get(client, article.get_absolute_url(), "en")

    assert f'<p class="alert alert-info only-in-dutch" role="note">{_in("en", ONE)}</p>' in page
    assert '<article lang="nl" class="prose">' in page


def test_dutch_article_in_dutch_has_no_notice(client):
    article = ArticleFactory(language="nl")

    page = _get(client, article.get_absolute_url(), "nl")

    assert "only-in-dutch" not in page


def test_english_article_in_english_has_no_notice(client):
    article = ArticleFactory(language="en")

    page = _get(client, article.get_absolute_url(), "en")

    assert "only-in-dutch" not in page
    assert '<article lang="en" class="prose">' in page


def test_kennisbank_list_in_english_says_the_articles_are_dutch(client):
    article = ArticleFactory(language="nl", title="Thuiszitten: wat nu?")

    page = _get(client, reverse("kennisbank:index") + "?q=thuiszitten", "en")

    assert _in("en", MANY) in page
    assert f'lang="nl"><a href="{article.get_absolute_url()}">Thuiszitten: wat nu?</a>' in page


def test_wegwijzer_in_english_marks_the_dutch_entries(client):
    OrganisationFactory(
        kind=Organisation.Kind.YOUTH_CARE,
        municipality=None,
        description="Hulp bij opvoeden.",
        opening_hours="Maandag 9 tot 12 uur",
    )

    page = _get(client, reverse("kennisbank:directory"), "en")

    assert _in("en", MANY) in page
    assert '<p lang="nl">Hulp bij opvoeden.</p>' in page
    assert '<dd lang="nl">Maandag 9 tot 12 uur</dd>' in page


def test_wegwijzer_in_dutch_has_no_notice(client):
    page = _get(client, reverse("kennisbank:directory"), "nl")

    assert "only-in-dutch" not in page


def test_long_page_without_english_version_is_shown_in_dutch_and_says_so(settings, tmp_path):
    folder = tmp_path / "steunpunt" / "pages" / "nl"
    folder.mkdir(parents=True)
    (folder / "proef.html").write_text(
        '{% extends "base.html" %}{% block content %}<p>Alleen Nederlands.</p>{% endblock %}'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    request = RequestFactory().get("/proef/")
    request.user = None

    with translation.override("en"):
        page = _page(request, "proef").content.decode()

    assert _in("en", ONE) in page
    assert '<div lang="nl">\n      <p>Alleen Nederlands.</p>' in page


def test_long_page_with_an_english_version_has_no_notice(client):
    page = _get(client, reverse("privacy"), "en")

    assert "only-in-dutch" not in page
    assert '<div lang="nl">' not in page
