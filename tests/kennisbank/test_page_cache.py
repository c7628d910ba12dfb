"""The public parts of the kennisbank and the wegwijzer are rendered once and kept
(steunpunt.public_cache), and every change of what they show is on the page at once."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kennisbank import services
from kennisbank.models import Article, ArticleLink, SearchLog
from steunpunt.models import SiteSettings
from tests.factories import ArticleFactory, OrganisationFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_parts():
    # The parts are kept per process: no test sees another's.
    caches["public_pages"].clear()
    yield
    caches["public_pages"].clear()


def _page(client, url, params=None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        _page(client, url, params)
    return len(queries.captured_queries)


def test_kept_index_reads_no_articles(client):
    ArticleFactory(title="Thuiszitten en leerplicht")
    _page(client, reverse("kennisbank:index"))

    with CaptureQueriesContext(connection) as queries:
        html = _page(client, reverse("kennisbank:index"))

    assert "Thuiszitten en leerplicht" in html
    assert not [q for q in queries.captured_queries if "kennisbank_article" in q["sql"]]


def test_published_article_is_in_the_index_and_search_at_once(client):
    ArticleFactory(title="Eerste stuk over vervoer")
    draft = ArticleFactory(title="Tweede stuk over vervoer", status=Article.Status.DRAFT)
    assert "Tweede stuk" not in _page(client, reverse("kennisbank:index"))
    assert "Tweede stuk" not in _page(client, reverse("kennisbank:index"), {"q": "vervoer"})

    draft.status = Article.Status.PUBLISHED
    services.article_save(article=draft, actor=None)

    assert "Tweede stuk" in _page(client, reverse("kennisbank:index"))
    assert "Tweede stuk" in _page(client, reverse("kennisbank:index"), {"q": "vervoer"})


def test_archived_article_leaves_the_search_at_once(client):
    article = ArticleFactory(title="Oud stuk over vervoer")
    assert "Oud stuk" in _page(client, reverse("kennisbank:index"), {"q": "vervoer"})

    article.status = Article.Status.ARCHIVED
    article.save()

    assert "Oud stuk" not in _page(client, reverse("kennisbank:index"), {"q": "vervoer"})


def test_kept_search_is_still_logged(client):
    ArticleFactory(title="Stuk over dyslexie")
    _page(client, reverse("kennisbank:index"), {"q": "dyslexie"})
    queries = _queries(client, reverse("kennisbank:index"), {"q": "dyslexie"})

    assert list(SearchLog.objects.values_list("query", "result_count")) == [
        ("dyslexie", 1),
        ("dyslexie", 1),
    ]
    # The log's insert in a savepoint (three statements) and the site settings; the
    # parts' version is a query where the cache is the database (no Redis); on
    # PostgreSQL the insert's commit is told not to wait for the disk (one more).
    expected = 4 + (settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"))
    expected += connection.vendor == "postgresql"
    assert queries <= expected


def test_partner_articles_are_not_shown_to_a_visitor_after_a_partner(client):
    ArticleFactory(title="Voor iedereen over school")
    ArticleFactory(title="Alleen voor partners over school", visibility="partners")
    partner = Client()
    partner.force_login(UserFactory(roles=["partner"]))

    assert "Alleen voor partners" in _page(partner, reverse("kennisbank:index"), {"q": "school"})
    assert "Alleen voor partners" in _page(partner, reverse("kennisbank:index"))
    assert "Alleen voor partners" not in _page(client, reverse("kennisbank:index"), {"q": "school"})
    assert "Alleen voor partners" not in _page(client, reverse("kennisbank:index"))


def test_index_is_kept_per_language(client):
    ArticleFactory()
    assert "Kies een thema" in _page(client, reverse("kennisbank:index"))

    client.post(reverse("set_language"), {"language": "en"})

    assert "Kies een thema" not in _page(client, reverse("kennisbank:index"))


def test_changed_article_is_shown_at_once_and_views_still_count(client):
    article = ArticleFactory(title="Eerste titel", body="Oude uitleg.")
    url = reverse("kennisbank:article", kwargs={"slug": article.slug})
    assert "Oude uitleg." in _page(client, url)

    article.refresh_from_db()
    article.title, article.body = "Nieuwe titel", "Nieuwe uitleg."
    services.article_save(article=article, actor=None)
    html = _page(client, url)
    _page(client, url)

    assert "Nieuwe uitleg." in html
    assert "<title>Nieuwe titel" in html
    article.refresh_from_db()
    assert article.view_count == 3


def test_new_link_of_an_article_is_shown_at_once(client):
    article = ArticleFactory()
    url = reverse("kennisbank:article", kwargs={"slug": article.slug})
    _page(client, url)

    ArticleLink.objects.create(article=article, title="Het Juridisch Loket", url="https://e.nl")

    assert "Het Juridisch Loket" in _page(client, url)


def test_kept_article_page_keeps_the_visitors_own_feedback(client):
    article = ArticleFactory()
    url = reverse("kennisbank:article", kwargs={"slug": article.slug})
    _page(client, url)

    client.post(reverse("kennisbank:feedback", kwargs={"slug": article.slug}), {"helpful": "ja"})
    html = _page(client, url)

    assert "Bedankt voor je reactie." in html
    assert 'name="helpful"' in _page(Client(), url)


def test_archived_article_answers_404_at_once(client):
    article = ArticleFactory()
    url = reverse("kennisbank:article", kwargs={"slug": article.slug})
    _page(client, url)

    article.status = Article.Status.ARCHIVED
    article.save()

    assert client.get(url).status_code == 404


def test_wegwijzer_shows_a_renamed_organisation_at_once(client):
    organisation = OrganisationFactory(name="Wijkteam Noord", kind="wijkteam")
    assert "Wijkteam Noord" in _page(client, reverse("kennisbank:directory"))

    organisation.name = "Wijkteam Zuid"
    organisation.save()

    html = _page(client, reverse("kennisbank:directory"))
    assert "Wijkteam Zuid" in html
    assert "Wijkteam Noord" not in html


def test_wegwijzer_follows_the_themes_of_an_organisation(client):
    theme = ThemeFactory(slug="dyslexie", name="Dyslexie")
    organisation = OrganisationFactory(name="Leescentrum", kind="jeugdhulp")
    assert "Leescentrum" not in _page(
        client, reverse("kennisbank:directory"), {"thema": "dyslexie"}
    )

    organisation.themes.add(theme)

    assert "Leescentrum" in _page(client, reverse("kennisbank:directory"), {"thema": "dyslexie"})


def test_wegwijzer_follows_the_region_of_the_site(client):
    SiteSettings.objects.update_or_create(pk=1, defaults={"name": "OSP", "region": "Noordkop"})
    assert "regio Noordkop" in _page(client, reverse("kennisbank:directory"))

    settings = SiteSettings.objects.get(pk=1)
    settings.region = "Westfriesland"
    settings.save()

    assert "regio Westfriesland" in _page(client, reverse("kennisbank:directory"))


def test_kept_wegwijzer_reads_no_organisations(client):
    OrganisationFactory(name="Wijkteam Noord", kind="wijkteam")
    _page(client, reverse("kennisbank:directory"))

    with CaptureQueriesContext(connection) as queries:
        html = _page(client, reverse("kennisbank:directory"))

    assert "Wijkteam Noord" in html
    assert not [q for q in queries.captured_queries if "steunpunt_organisation" in q["sql"]]
