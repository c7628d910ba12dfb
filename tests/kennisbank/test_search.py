"""Dutch search: accents folded, plural and singular, ranked, logged without people."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.urls import reverse

from kennisbank import search
from kennisbank.models import Article, SearchLog
from kennisbank.selectors import (
    SEARCH_CONFIG,
    article_cards,
    search_articles,
    snippet,
    suggest_articles,
    visible_articles,
)
from tests.factories import ArticleFactory, ThemeFactory, coordinator

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    return {
        "ideeen": ArticleFactory(
            slug="ideeen",
            title="Ideeën voor thuis",
            summary="Wat je zelf kunt doen.",
            body="Tips en ideeën om je kind te helpen met huiswerk.",
        ),
        "coordinator": ArticleFactory(
            slug="coordinator",
            title="Wat doet de coördinator?",
            summary="Over het steunpunt.",
            body="De coördinator belt je binnen twee werkdagen.",
        ),
        "school": ArticleFactory(
            slug="school",
            title="Praten met school",
            summary="Een goed gesprek voorbereiden.",
            body="Zo bereid je het gesprek met de leerkracht voor.",
        ),
        "vervoer": ArticleFactory(
            slug="vervoer",
            title="Leerlingenvervoer aanvragen",
            summary="Vervoer naar een school ver weg.",
            body="Je vraagt vervoer aan bij de gemeente.",
            audience="professionals",
        ),
    }


def _slugs(query, **kwargs):
    return [a.slug for a in search_articles(user=AnonymousUser(), query=query, **kwargs)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ideeen", "ideeen"),
        ("ideeën", "ideeen"),
        ("coordinator", "coordinator"),
        ("coördinator", "coordinator"),
        ("scholen", "school"),
        ("gesprek", "school"),
    ],
)
def test_search_finds_dutch_words_with_and_without_accents(articles, query, expected):
    assert expected in _slugs(query)


def test_search_puts_title_matches_first_on_postgres(articles):
    if connection.vendor != "postgresql":
        pytest.skip("Ranking by weight is the PostgreSQL search; SQLite orders by reads")

    assert _slugs("school")[0] == "school"


def test_search_finds_nothing_for_an_unknown_word(articles):
    assert _slugs("ruimtevaart") == []


def test_search_filters_by_audience(articles):
    assert _slugs("school", audience="professionals") == ["vervoer"]


def test_search_filters_by_theme(articles):
    theme = ThemeFactory()
    articles["coordinator"].themes.add(theme)

    assert _slugs("", theme=theme) == ["coordinator"]


def test_search_survives_operators_and_odd_characters(articles):
    for query in ['"praten met"', "school -vervoer", "school OR thuis", "a & b | !c", "(((", ":*"]:
        _slugs(query)  # must not raise


def test_snippet_marks_the_words_found_and_escapes_the_rest(articles):
    article = ArticleFactory(slug="x", body="Let op <b>dit</b>: de coördinator helpt.")
    found = next(
        a for a in search_articles(user=AnonymousUser(), query="coordinator") if a == article
    )

    html = snippet(found, "coordinator")

    assert "<mark>" in html
    assert "<b>" not in html


def test_search_page_shows_results_with_highlights(client, articles):
    response = client.get(reverse("kennisbank:index"), {"q": "coordinator"})

    content = response.content.decode()
    assert "Wat doet de coördinator?" in content
    assert "<mark>" in content
    assert "1 artikel gevonden" in content


def test_search_page_logs_query_and_count_without_person(client, articles):
    client.get(reverse("kennisbank:index"), {"q": "Scholen"})

    log = SearchLog.objects.get()
    assert log.query == "scholen"
    assert log.result_count >= 1
    assert {f.name for f in SearchLog._meta.fields} == {
        "id",
        "query",
        "result_count",
        "searched_at",
    }


def test_search_log_blanks_emails_and_numbers(client):
    client.get(reverse("kennisbank:index"), {"q": "jan@example.nl 06 1234 5678 thuiszitten"})

    assert SearchLog.objects.get().query == "… … thuiszitten"


def test_search_page_paginates(client):
    for n in range(12):
        ArticleFactory(slug=f"s-{n}", title=f"School {n}")

    first = client.get(reverse("kennisbank:index"), {"q": "school"})
    second = client.get(reverse("kennisbank:index"), {"q": "school", "page": 2})

    assert first.context["page"].paginator.count == 12
    assert len(first.context["page"].object_list) == 10
    assert len(second.context["page"].object_list) == 2
    assert SearchLog.objects.count() == 1


def test_suggestions_return_at_most_three_articles(client, articles):
    for n in range(5):
        ArticleFactory(slug=f"sug-{n}", title=f"Thuiszitten {n}")

    response = client.get(reverse("kennisbank:suggestions"), {"q": "thuiszitten"})

    data = response.json()["articles"]
    assert len(data) == 3
    assert all(item["url"].startswith("/kennisbank/") for item in data)


def test_suggestions_fall_back_to_the_theme(articles):
    theme = ThemeFactory()
    articles["school"].themes.add(theme)

    found = suggest_articles(text="", theme=theme)

    assert [a.slug for a in found] == ["school"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN index is PostgreSQL only")
def test_search_uses_the_gin_index_on_postgres(articles):

    Article.objects.bulk_create(
        Article(
            title=f"Onderwerp {n}",
            slug=f"bulk-{n}",
            summary="Iets anders.",
            body="Over vakantie en sport.",
            body_text="Over vakantie en sport.",
            status="published",
        )
        # As many as a region has: at a few hundred rows a btree on the status looks
        # as cheap to the planner as the search index.
        for n in range(3000)
    )
    Article.objects.filter(slug__startswith="bulk-").update(
        search_vector=SearchVector("title", "summary", "body_text", config=SEARCH_CONFIG)
    )
    with connection.cursor() as cursor:
        # Earlier tests' rolled-back rows wait in the GIN index's pending list (autovacuum
        # empties it on a real database); full, it makes the index look expensive.
        cursor.execute("SELECT gin_clean_pending_list('kennisbank_article_search_gin')")
        cursor.execute("ANALYZE kennisbank_article")
        # A test table stays small enough to read whole; ask for the plan of a large one.
        cursor.execute("SET LOCAL enable_seqscan = off")

    plan = search_articles(user=AnonymousUser(), query="scholen").explain()

    assert "kennisbank_article_search_gin" in plan


def _suggested_by_the_orm(text, theme, user):
    # What suggest_articles read before its queries were compiled: the search's query,
    # else the theme's most read articles.
    plan = search.search_plan(text, correct=False)
    found = list(
        article_cards(
            search_articles(user=user, query=text, theme=theme, plan=plan, every_word=True)
        )[:3]
    )
    if found or theme is None:
        return found
    # Most read first, the title between articles read as often.
    articles = visible_articles(user).filter(themes=theme).order_by("-view_count", "title")
    return list(article_cards(articles)[:3])


@pytest.mark.parametrize(
    ("text", "with_theme"),
    [("thuiszitten", False), ("gesprek school", True), ("onbekendwoord", True), ("de", True)],
)
def test_suggestions_are_the_searchs_articles_as_cards(articles, text, with_theme):
    theme = ThemeFactory()
    articles["school"].themes.add(theme)
    articles["ideeen"].themes.add(theme)
    for n in range(4):
        ArticleFactory(slug=f"thuis-{n}", title=f"Thuiszitten {n}", view_count=n)
    user = AnonymousUser()
    shown_theme = theme if with_theme else None

    found = suggest_articles(text=text, theme=shown_theme, user=user)

    expected = _suggested_by_the_orm(text, shown_theme, user)
    assert [a.slug for a in found] == [a.slug for a in expected]
    assert all(
        a.get_deferred_fields() == e.get_deferred_fields()
        for a, e in zip(found, expected, strict=True)
    )
    assert found  # each case here finds something: the search or the theme's articles


def test_suggestions_for_staff_include_staff_articles_the_public_does_not_get(articles):
    # Each set of visibilities is its own query (compiled on PostgreSQL).
    staff_only = ArticleFactory(slug="intern", title="Thuiszitten intern", visibility="staff")
    staff = coordinator()

    public = suggest_articles(text="thuiszitten intern", user=AnonymousUser())
    internal = suggest_articles(text="thuiszitten intern", user=staff)

    assert staff_only not in public
    expected = _suggested_by_the_orm("thuiszitten intern", None, staff)
    assert [a.slug for a in internal] == [a.slug for a in expected]
    assert staff_only in internal
