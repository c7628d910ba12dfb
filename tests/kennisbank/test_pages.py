import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kennisbank.models import Article, ArticleFeedback
from tests.factories import ArticleFactory, ThemeFactory, UserFactory, editor

pytestmark = pytest.mark.django_db


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _make_articles(count: int, start: int = 0):
    theme = ThemeFactory(slug="vast-thema")
    for n in range(start, start + count):
        ArticleFactory(slug=f"a-{n}", title=f"School en zorg {n}", themes=[theme])


def test_index_query_count_does_not_grow_with_articles(client):
    _make_articles(3)
    few = _queries(client, reverse("kennisbank:index"))
    _make_articles(20, start=3)

    assert _queries(client, reverse("kennisbank:index")) == few


def test_search_query_count_does_not_grow_with_articles(client):
    _make_articles(3)
    few = _queries(client, reverse("kennisbank:index"), {"q": "school"})
    _make_articles(20, start=3)

    assert _queries(client, reverse("kennisbank:index"), {"q": "school"}) == few


def test_index_shows_themes_most_read_and_recent(client):
    theme = ThemeFactory(name="Thuiszitten", slug="thuiszitten")
    ArticleFactory(title="Veel gelezen stuk", view_count=500, themes=[theme])
    ArticleFactory(title="Ander stuk", view_count=1)

    content = client.get(reverse("kennisbank:index")).content.decode()

    assert "Thuiszitten" in content
    assert "?thema=thuiszitten" in content
    assert content.index("Veel gelezen stuk") < content.index("Ander stuk")
    assert "Net bijgewerkt" in content


def test_theme_entry_point_lists_only_that_theme(client):
    theme = ThemeFactory(slug="leerlingenvervoer")
    ArticleFactory(title="Vervoer regelen", themes=[theme])
    ArticleFactory(title="Iets anders")

    response = client.get(reverse("kennisbank:index"), {"thema": "leerlingenvervoer"})

    titles = [a.title for a in response.context["page"].object_list]
    assert titles == ["Vervoer regelen"]


def test_article_page_shows_last_checked_and_counts_the_read(client):
    article = ArticleFactory(title="De OPP", body="## Wat is het\n\nEen plan.")
    Article.objects.filter(pk=article.pk).update(checked_on="2026-11-02")

    content = client.get(article.get_absolute_url()).content.decode()

    assert "<h2>Wat is het</h2>" in content
    assert "Laatst gecontroleerd op 2 november 2026" in content
    assert Article.objects.get(pk=article.pk).view_count == 1


def test_print_view_has_the_article_without_site_menu(client):
    article = ArticleFactory(title="Afdrukken maar")

    content = client.get(
        reverse("kennisbank:article_print", kwargs={"slug": article.slug})
    ).content.decode()

    assert "Afdrukken maar" in content
    assert "Hoofdmenu" not in content


def test_unknown_article_answers_404(client):
    assert client.get("/kennisbank/bestaat-niet/").status_code == 404


def test_feedback_is_stored_once_per_browser(client):
    article = ArticleFactory()
    url = reverse("kennisbank:feedback", kwargs={"slug": article.slug})

    client.post(url, {"helpful": "ja", "comment": "Duidelijk!"})
    client.post(url, {"helpful": "nee"})

    feedback = ArticleFeedback.objects.get()
    assert feedback.helpful is True
    assert feedback.comment == "Duidelijk!"
    assert "Bedankt voor je reactie" in client.get(article.get_absolute_url()).content.decode()


def test_feedback_from_another_browser_counts_separately(client, django_user_model):

    article = ArticleFactory()
    url = reverse("kennisbank:feedback", kwargs={"slug": article.slug})

    client.post(url, {"helpful": "ja"})
    Client().post(url, {"helpful": "nee"})

    assert ArticleFeedback.objects.count() == 2


def test_feedback_without_choice_shows_an_error_and_keeps_the_comment(client):
    article = ArticleFactory()

    response = client.post(
        reverse("kennisbank:feedback", kwargs={"slug": article.slug}),
        {"comment": "Mijn opmerking"},
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert "Kies ja of nee." in content
    assert "Mijn opmerking" in content
    assert not ArticleFeedback.objects.exists()


def test_feedback_on_hidden_article_answers_404(client):
    article = ArticleFactory(visibility="partners")

    response = client.post(
        reverse("kennisbank:feedback", kwargs={"slug": article.slug}), {"helpful": "ja"}
    )

    assert response.status_code == 404
    assert not ArticleFeedback.objects.exists()


def test_sitemap_lists_public_articles(client):
    article = ArticleFactory()

    content = client.get(reverse("sitemap")).content.decode()

    assert article.get_absolute_url() in content
    assert "/wegwijzer/" in content


def test_preview_renders_sanitised_markdown_for_editors(client):
    client.force_login(editor())

    response = client.post(
        reverse("kennisbank:preview"), {"body": "## Kop\n\n<script>alert(1)</script>"}
    )

    assert response.json()["html"].startswith("<h2>Kop</h2>")
    assert "<script" not in response.json()["html"]


def test_preview_is_refused_for_non_staff(client):

    client.force_login(UserFactory(roles=["partner"]))

    response = client.post(reverse("kennisbank:preview"), {"body": "x"})

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_search_result_pages_keep_the_search_in_their_links(client):
    for n in range(11):
        ArticleFactory(title=f"Fietsenstalling {n}")

    content = client.get(reverse("kennisbank:index"), {"q": "fietsenstalling"}).content.decode()

    assert "?q=fietsenstalling&amp;page=2" in content
    assert 'aria-label="Pagina\u2019s met zoekresultaten"' in content


# --- The front page at regional size (issue #12) -------------------------------------------

INDEX_QUERIES = 6  # the version of the kennisbank's parts, themes with their counts, most
# read, recently updated, their themes, site
INDEX_KEPT_QUERIES = 2  # the version of the kennisbank's parts, site


def test_index_queries_are_pinned(client):
    _make_articles(12)

    assert _queries(client, reverse("kennisbank:index")) <= INDEX_QUERIES
    assert _queries(client, reverse("kennisbank:index")) <= INDEX_KEPT_QUERIES


def _theme_links(html: str) -> list[str]:
    return [part.split('"', 1)[0] for part in html.split('theme-link" href="?thema=')[1:]]


def test_index_lists_themes_in_their_own_order_with_their_counts(client):
    late = ThemeFactory(slug="z-laatste", name="Aaa laatste", position=9)
    first = ThemeFactory(slug="a-eerste", name="Zzz eerste", position=1)
    ThemeFactory(slug="leeg", name="Zonder artikelen", position=5)
    ArticleFactory(themes=[late])
    ArticleFactory(themes=[first, late])

    html = client.get(reverse("kennisbank:index")).content.decode()

    assert _theme_links(html) == ["a-eerste", "z-laatste"]
    assert "2 artikelen" in html
    assert "1 artikel<" in html
    # The search form offers every active theme, also one without articles yet.
    assert '<option value="leeg">Zonder artikelen</option>' in html


def test_index_counts_follow_a_changed_article(client):
    theme = ThemeFactory(slug="vervoer", name="Vervoer", position=1)
    article = ArticleFactory(themes=[theme])
    ArticleFactory(themes=[theme])
    assert "2 artikelen" in client.get(reverse("kennisbank:index")).content.decode()

    article.status = Article.Status.ARCHIVED
    article.save()

    assert "1 artikel<" in client.get(reverse("kennisbank:index")).content.decode()


def test_index_counts_only_what_the_visitor_may_read(client):
    theme = ThemeFactory(slug="school", name="School", position=1)
    ArticleFactory(themes=[theme])
    ArticleFactory(themes=[theme], visibility=Article.Visibility.PARTNERS)

    html = client.get(reverse("kennisbank:index")).content.decode()

    assert "1 artikel<" in html
    assert "2 artikelen" not in html


def test_index_shows_a_renamed_theme_at_once(client):
    theme = ThemeFactory(slug="school", name="School", position=1)
    ArticleFactory(themes=[theme])
    client.get(reverse("kennisbank:index"))
    theme.name = "Naar school"
    theme.save()

    html = client.get(reverse("kennisbank:index")).content.decode()

    assert '<span class="fw-semibold">Naar school</span>' in html
    assert '<option value="school">Naar school</option>' in html
