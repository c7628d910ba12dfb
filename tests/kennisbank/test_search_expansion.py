"""Synonyms, theme names, search words and typos in the kennisbank search; the GIN index."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.urls import reverse

from kennisbank import search_index
from kennisbank.models import Article, SearchWord
from kennisbank.search import search_plan
from kennisbank.selectors import CappedResults, search_articles
from kennisbank.services import article_save, article_transition
from tests.factories import ArticleFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


def _slugs(query: str) -> list[str]:
    return [a.slug for a in search_articles(user=AnonymousUser(), query=query)]


def test_plan_expands_an_abbreviation_to_its_synonyms():
    plan = search_plan("OPP")

    assert len(plan.slots) == 1
    assert ("ontwikkelingsperspectief",) in plan.slots[0]


def test_plan_reads_a_known_phrase_as_one_slot():
    plan = search_plan("speciaal onderwijs aanvragen")

    assert len(plan.slots) == 2
    assert ("so",) in plan.slots[0]


def test_plan_drops_stop_words():
    plan = search_plan("wat doet de leerplicht")

    assert len(plan.slots) == 1
    assert ("leerplicht",) in plan.slots[0]


def test_abbreviation_finds_the_article_with_the_full_word():
    ArticleFactory(slug="tlv", title="De toelaatbaarheidsverklaring", body="Uitleg.")
    ArticleFactory(slug="anders", title="Iets anders", body="Over vakantie.")

    assert _slugs("TLV") == ["tlv"]


def test_short_abbreviation_matches_a_whole_word_only():
    ArticleFactory(slug="so", title="Naar het SO", body="Een school voor speciaal onderwijs.")
    ArticleFactory(slug="sociaal", title="Sociaal en soms lastig", body="Over vrienden.")

    assert _slugs("so") == ["so"]


def test_theme_name_is_part_of_the_search_document():
    theme = ThemeFactory(name="Klompendansen", slug="klompen")
    ArticleFactory(slug="met-thema", title="Iets over dansen", body="Uitleg.", themes=[theme])
    ArticleFactory(slug="zonder", title="Iets anders", body="Uitleg.")

    assert _slugs("klompendansen") == ["met-thema"]


def test_renaming_a_theme_updates_the_search_document():
    theme = ThemeFactory(name="Oude naam", slug="thema-x")
    ArticleFactory(slug="a", title="Een artikel", body="Uitleg.", themes=[theme])

    theme.name = "Kaasmakerij"
    theme.save()

    assert _slugs("kaasmakerij") == ["a"]


def test_removing_a_theme_takes_its_name_out_of_the_document():
    theme = ThemeFactory(name="Kaasmakerij", slug="kaas")
    article = ArticleFactory(slug="a", title="Een artikel", body="Uitleg.", themes=[theme])

    article.themes.remove(theme)

    assert _slugs("kaasmakerij") == []


def test_search_words_of_an_article_find_it_and_rank_it_first():
    ArticleFactory(slug="tags", title="Een artikel", body="Uitleg.", keywords="paraplu, laars")
    ArticleFactory(slug="body", title="Regen", body="Neem een paraplu mee.")

    assert _slugs("paraplu")[0] == "tags"


def test_typo_is_corrected_and_shown_on_the_page(client):
    ArticleFactory(slug="lpa", title="De leerplichtambtenaar", body="Over de leerplichtambtenaar.")

    response = client.get(reverse("kennisbank:index"), {"q": "leerplichtambtenar"})

    content = response.content.decode()
    assert "De leerplichtambtenaar" in content
    assert "We zochten ook naar:" in content
    assert "<strong>leerplichtambtenaar</strong>" in content


def test_word_list_holds_the_words_of_the_articles():
    ArticleFactory(title="Fietsenstalling", body="Een kapotte binnenband.")

    words = set(SearchWord.objects.values_list("word", flat=True))

    assert {"fietsenstalling", "kapotte", "binnenband"} <= words


def test_index_all_drops_words_no_article_uses():
    article = ArticleFactory(title="Fietsenstalling", body="Uitleg.")
    article.delete()

    search_index.index_all()

    assert not SearchWord.objects.filter(word="fietsenstalling").exists()


def test_capped_results_stop_counting_past_the_cap():
    for n in range(6):
        ArticleFactory(slug=f"s-{n}", title=f"School {n}")

    capped = CappedResults(search_articles(user=AnonymousUser(), query="school"), cap=3)

    assert capped.count() == 4
    assert len(list(capped[:10])) == 6


def test_search_page_query_count_does_not_grow_with_results(client, django_assert_max_num_queries):
    theme = ThemeFactory()
    for n in range(15):
        ArticleFactory(slug=f"s-{n}", title=f"School {n}", themes=[theme])

    with django_assert_max_num_queries(12):
        response = client.get(reverse("kennisbank:index"), {"q": "school"})

    assert len(response.context["page"].object_list) == 10


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN index is PostgreSQL only")
def test_search_matches_the_stored_vector_column_not_an_expression():
    ArticleFactory(slug="a", title="Thuiszitten")

    sql = str(search_articles(user=AnonymousUser(), query="thuiszitten").query)

    assert '"kennisbank_article"."search_vector" @@' in sql
    assert "to_tsvector" not in sql


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN index is PostgreSQL only")
def test_planner_picks_the_gin_index_at_size_without_being_told():
    # Articles of a realistic length (the seed_scale text is about this long): with tiny
    # rows a whole-table read is cheaper and the planner rightly takes it.
    text = " ".join(f"Over vakantie, sport, spel en reizen naar land {n}." for n in range(40))
    rows = [
        Article(
            title=f"Vakantie {n}",
            slug=f"bulk-{n}",
            summary="Over vrije dagen.",
            body="Over vakantie, sport en spel.",
            body_text=f"{text} Deel {n}.",
            status="published",
        )
        for n in range(3000)
    ]
    rows[7].body_text = "Over thuiszitten."
    Article.objects.bulk_create(rows)
    search_index.index_articles(article_ids=Article.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        # What autovacuum does after a bulk load: merge the index's pending list.
        cursor.execute("SELECT gin_clean_pending_list('kennisbank_article_search_gin')")
        cursor.execute("ANALYZE kennisbank_article")

    plan = search_articles(user=AnonymousUser(), query="thuiszitten").explain()

    assert "Bitmap Index Scan on kennisbank_article_search_gin" in plan
    assert "Seq Scan on kennisbank_article" not in plan


@pytest.mark.parametrize(("status", "visibility"), [("draft", "public"), ("published", "staff")])
def test_word_list_leaves_out_what_not_everyone_may_read(status, visibility):
    ArticleFactory(title="Geheimzinnig", status=status, visibility=visibility)

    assert not SearchWord.objects.filter(word="geheimzinnig").exists()
    assert search_plan("geheimzinnige").corrections == []


def test_publishing_adds_the_words_to_the_list():
    editor, reviewer = UserFactory(roles=["editor"]), UserFactory(roles=["editor"])
    article = ArticleFactory(title="Fietsenstalling", status="draft")
    article_transition(article=article, action="submit", actor=editor)

    article_transition(article=article, action="publish", actor=reviewer)

    assert SearchWord.objects.filter(word="fietsenstalling").exists()


@pytest.mark.parametrize("action", ["unpublish", "archive"])
def test_withdrawing_an_article_takes_its_own_words_off_the_list(action):
    editor = UserFactory(roles=["editor"])
    ArticleFactory(title="Schoolreis")
    article = ArticleFactory(title="Fietsenstalling bij de schoolreis")

    article_transition(article=article, action=action, actor=editor)

    assert not SearchWord.objects.filter(word="fietsenstalling").exists()
    assert SearchWord.objects.filter(word="schoolreis").exists()
    assert search_plan("fietsenstaling").corrections == []


def test_narrowing_an_article_to_staff_takes_its_words_off_the_list():
    editor = UserFactory(roles=["editor"])
    article = ArticleFactory(title="Fietsenstalling")
    article.visibility = Article.Visibility.STAFF

    article_save(article=article, actor=editor, changed=["visibility"])

    assert not SearchWord.objects.filter(word="fietsenstalling").exists()


def test_editing_a_draft_leaves_the_list_alone():
    editor = UserFactory(roles=["editor"])
    ArticleFactory(title="Fietsenstalling")
    draft = ArticleFactory(title="Concept", status="draft")

    article_save(article=draft, actor=editor, changed=["title"])

    assert SearchWord.objects.filter(word="fietsenstalling").exists()
