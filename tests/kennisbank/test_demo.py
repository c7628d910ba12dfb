import pytest
from django.contrib.auth.models import AnonymousUser

from kennisbank.demo import seed_articles
from kennisbank.models import Article, ArticleEvent, ArticleLink
from kennisbank.selectors import search_articles, visible_articles
from steunpunt.demo import seed_demo

pytestmark = pytest.mark.django_db


def test_demo_articles_load_once_and_are_searchable():
    seed_demo()
    seed_articles()
    counts = (Article.objects.count(), ArticleEvent.objects.count(), ArticleLink.objects.count())

    seed_articles()

    assert counts[0] >= 25
    assert (
        Article.objects.count(),
        ArticleEvent.objects.count(),
        ArticleLink.objects.count(),
    ) == counts
    assert search_articles(user=AnonymousUser(), query="thuiszitten").exists()


def test_demo_has_partner_only_articles_that_the_public_does_not_see():
    seed_demo()
    seed_articles()

    partner_only = Article.objects.filter(visibility="partners")
    assert partner_only.count() >= 4
    assert not visible_articles(AnonymousUser()).filter(visibility="partners").exists()


def test_demo_articles_render_without_raw_markdown_headings():
    seed_demo()
    seed_articles()

    for article in Article.objects.all():
        assert "<h2>" in article.body_html
        assert "## " not in article.body_html
