"""Who sees which article, and the searches over what they may see.

Every list, search, related link, attachment and the sitemap goes through
`visible_articles`, so nothing a visitor may not open ever shows up anywhere.
"""

import html
import re

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, connections, router
from django.db.models import Case, Count, F, FloatField, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Cast
from django.http import Http404

from steunpunt.compiled import CompiledQuery
from steunpunt.models import Theme
from steunpunt.roles import PARTNER, has_role, requires_second_factor

from . import search
from .models import Article, SearchLog
from .rendering import crude_stem, fold, search_words, stem_pattern
from .search_index import SEARCH_CONFIG

_MARK_START, _MARK_STOP = "\x02", "\x03"


# `steunpunt.selectors.has_second_factor`, compiled once per process: staff ask it on
# every case page (the suggested articles).
_SECOND_FACTOR = CompiledQuery(
    lambda pk: (
        Authenticator.objects.filter(user_id=pk, type=Authenticator.Type.TOTP)
        .order_by()
        .values_list("pk")[:1]
    ),
    -987654351,
)


def _is_verified_staff(user) -> bool:
    """Staff with a second factor: they had to pass it to sign in, by code or password."""
    if not requires_second_factor(user):
        return False
    cached = getattr(user, "_kennisbank_staff", None)
    if cached is None:
        # Read with the signed-in user (`steunpunt.auth_backends`), or asked here.
        cached = getattr(user, "_has_totp", None)
        if cached is None:
            cached = bool(_SECOND_FACTOR.rows(user.pk, using=router.db_for_read(Authenticator)))
        user._kennisbank_staff = cached
    return cached


def allowed_visibilities(user) -> list[str]:
    visibility = Article.Visibility
    if _is_verified_staff(user):  # coordinators, editors and other staff
        return [visibility.PUBLIC, visibility.PARTNERS, visibility.STAFF]
    if has_role(user, PARTNER):
        return [visibility.PUBLIC, visibility.PARTNERS]
    return [visibility.PUBLIC]


def visible_articles(user) -> QuerySet[Article]:
    return Article.objects.filter(
        status=Article.Status.PUBLISHED, visibility__in=allowed_visibilities(user)
    )


def article_for_user(user, slug: str) -> Article:
    """The article if this user may read it; staff may also open unpublished ones."""
    articles = Article.objects.filter(visibility__in=allowed_visibilities(user))
    if not _is_verified_staff(user):
        articles = articles.filter(status=Article.Status.PUBLISHED)
    article = articles.filter(slug=slug).first()
    if article is None:
        raise Http404
    return article


# What an article's card in a list shows (kennisbank/_article_card.html): a list never
# reads the body, its HTML or the search columns, the bulk of every row.
CARD_FIELDS = ("title", "slug", "summary", "language", "audience")


def article_cards(articles: QuerySet[Article]) -> QuerySet[Article]:
    return articles.only(*CARD_FIELDS)


def themes_with_counts(user, *, empty: bool = False) -> QuerySet[Theme]:
    """Active themes with `article_count`, the articles this user may read; with
    `empty`, also the themes without any (the search form offers every theme)."""
    visible = Q(
        articles__status=Article.Status.PUBLISHED,
        articles__visibility__in=allowed_visibilities(user),
    )
    # A grouped query drops the model's ordering: it is asked for again.
    themes = (
        Theme.objects.filter(is_active=True)
        .annotate(article_count=Count("articles", filter=visible))
        .order_by("position", "name")
    )
    return themes if empty else themes.filter(article_count__gt=0)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def search_articles(
    *,
    user,
    query: str,
    theme: Theme | None = None,
    audience: str | None = None,
    plan: search.SearchPlan | None = None,
    every_word: bool | None = None,
) -> QuerySet[Article]:
    """Visible articles matching the query, best first.

    The query's words, their synonyms and corrected typos (see `kennisbank.search`) are
    looked up in the weighted Dutch full-text vector on PostgreSQL, or in the folded word
    columns elsewhere. `every_word` None: when no article has every word, articles with
    any of them count (one query more); True or False: only that."""
    articles = visible_articles(user)
    if theme is not None:
        articles = articles.filter(themes=theme)
    if audience:
        articles = articles.filter(audience=audience)
    if not query.strip():
        return articles.order_by("-view_count", "title")
    plan = plan or search.search_plan(query)
    if not plan.slots:
        return articles.none()
    found = _postgres_search if is_postgres() else _simple_search
    results = found(articles, plan, every_slot=every_word is not False)
    if every_word is None and len(plan.slots) > 1 and not results.exists():
        results = found(articles, plan, every_slot=False)
    return results


def _postgres_search(articles, plan: search.SearchPlan, *, every_slot: bool):
    search_query = search.postgres_query(plan, every_slot=every_slot)
    # No ts_headline: it parses each text again and was a third of the query's time;
    # the snippet is made in Python from the plan's words, the same on both databases.
    return (
        articles.filter(search_vector=search_query)
        .annotate(rank=SearchRank(F("search_vector"), search.postgres_rank_query(plan)))
        .order_by("-rank", "-view_count", "title")
    )


def _simple_search(articles, plan: search.SearchPlan, *, every_slot: bool):
    slots = [search.sqlite_slot(slot) for slot in plan.slots]
    condition = slots[0]
    for slot in slots[1:]:
        condition = (condition & slot) if every_slot else (condition | slot)
    # Rank: a slot found in the title, search words or theme names counts 3, elsewhere 1.
    rank = Value(0)
    for slot, in_text in zip(plan.slots, slots, strict=True):
        in_head = search.sqlite_slot(slot, column="search_head")
        rank = rank + Case(
            When(in_head, then=Value(3)), When(in_text, then=Value(1)), default=Value(0)
        )
    return articles.filter(condition).annotate(rank=rank).order_by("-rank", "-view_count", "title")


class CappedResults:
    """Search results whose count stops at `cap` + 1, for the paginator.

    Counting every match visits every matching row; "more than 200" is all a reader needs,
    and nobody pages that far. Slicing gives the ranked results as usual."""

    def __init__(self, results: QuerySet[Article], cap: int) -> None:
        self.results, self.cap = results, cap

    def count(self) -> int:
        return self.results.order_by().values("pk")[: self.cap + 1].count()

    def __getitem__(self, key):
        return self.results[key]


def snippet(article: Article, query: "str | search.SearchPlan") -> str:
    """A short excerpt around the words found, with the words in <mark>. Safe HTML."""
    words = query.words if isinstance(query, search.SearchPlan) else search_words(query)
    escaped = html.escape(_simple_headline(article.body_text, words))
    return escaped.replace(_MARK_START, "<mark>").replace(_MARK_STOP, "</mark>")


def _simple_headline(text: str, words: list[str], width: int = 220) -> str:
    folded = fold(text)
    stems = [crude_stem(w) for w in words if w]
    if not stems:
        return text[:width]
    # Whole words that start with a stem: "thuiszitter", not "thuiszitt" or "bezit".
    pattern = re.compile(r"\b(?:" + "|".join(stem_pattern(s) for s in stems) + r")\w*")
    first = pattern.search(folded)
    start = max(0, first.start() - 60) if first else 0
    if start:  # begin at a word, not halfway through one
        space = text.find(" ", start, first.start())
        start = space + 1 if space >= 0 else start
    excerpt = text[start : start + width]
    folded_excerpt = folded[start : start + width]
    # Mark each found word in the original text by its position in the folded text.
    pieces, last = [], 0
    for match in pattern.finditer(folded_excerpt):
        pieces += [excerpt[last : match.start()], _MARK_START]
        pieces += [excerpt[match.start() : match.end()], _MARK_STOP]
        last = match.end()
    pieces.append(excerpt[last:])
    prefix = "… " if start else ""
    suffix = " …" if start + width < len(text) else ""
    return prefix + "".join(pieces) + suffix


# Markers of the compiled suggestions: the tsqueries (search, rank) and the theme's id.
_QUERY_MARK, _RANK_MARK = "\x01suggest-query", "\x01suggest-rank"
_THEME_MARK = -987654350
# Compiled suggestions (`steunpunt.compiled`), per (visibilities, theme or not, limit).
_SUGGESTIONS: dict[tuple, CompiledQuery] = {}
_BY_THEME: dict[tuple, CompiledQuery] = {}
# The suggestions' parts in one query: the search's, then the theme's most read.
_FOUND, _THEMES_OWN = 1, 2


def _visible(visibilities: tuple):
    return Article.objects.filter(status=Article.Status.PUBLISHED, visibility__in=visibilities)


def _theme_cards(visibilities: tuple, theme_mark):
    # Most read first; the title decides between articles read as often.
    return article_cards(
        _visible(visibilities).filter(themes=theme_mark).order_by("-view_count", "title")
    )


def _compiled_suggestions(visibilities: tuple, with_theme: bool, limit: int) -> CompiledQuery:
    """The search's suggestions; with a theme, in the same query (a UNION) the theme's
    most read articles too, for when the search finds none (`suggestion` says which)."""
    key = (visibilities, with_theme, limit)
    query = _SUGGESTIONS.get(key)
    if query is None:

        def build(query_mark, rank_mark, theme_mark=None):
            articles = _visible(visibilities)
            if with_theme:
                articles = articles.filter(themes=theme_mark)
            search_query = SearchQuery(query_mark, search_type="raw", config=SEARCH_CONFIG)
            rank_query = SearchQuery(rank_mark, search_type="raw", config=SEARCH_CONFIG)
            found = article_cards(
                articles.filter(search_vector=search_query)
                .annotate(rank=SearchRank(F("search_vector"), rank_query))
                .order_by("-rank", "-view_count", "title")
            )
            if not with_theme:
                return found[:limit]
            found = found.annotate(
                views=F("view_count"), suggestion=Value(_FOUND, output_field=IntegerField())
            )
            own = _theme_cards(visibilities, theme_mark).annotate(
                rank=Cast(Value(0), FloatField()),
                views=F("view_count"),
                suggestion=Value(_THEMES_OWN, output_field=IntegerField()),
            )
            return (
                found[:limit]
                .union(own[:limit], all=True)
                .order_by("suggestion", "-rank", "-views", "title")
            )

        marks = (_QUERY_MARK, _RANK_MARK, _THEME_MARK) if with_theme else (_QUERY_MARK, _RANK_MARK)
        query = _SUGGESTIONS[key] = CompiledQuery(build, *marks)
    return query


def _compiled_by_theme(visibilities: tuple, limit: int) -> CompiledQuery:
    key = (visibilities, limit)
    query = _BY_THEME.get(key)
    if query is None:
        query = _BY_THEME[key] = CompiledQuery(
            lambda theme_mark: _theme_cards(visibilities, theme_mark)[:limit], _THEME_MARK
        )
    return query


def suggest_articles(*, text: str, theme: Theme | None = None, user=None, limit: int = 3):
    """Up to `limit` articles for what a parent typed or picked (question form, case),
    as cards: a suggestion shows a title, a summary and a link, never the body. When the
    text finds none, the theme's most read articles.

    On PostgreSQL from one query compiled once per process (the admin's case page asks
    on every view; building the queries cost more than answering them, issue #12): the
    query `search_articles` builds and, for a theme, the theme's articles with it."""

    user = user or AnonymousUser()
    visibilities = tuple(allowed_visibilities(user))
    using = router.db_for_read(Article)
    compiled = connections[using].vendor == "postgresql"
    if text.strip():
        # One query, as before the synonyms: no typo look-up and no second try with any
        # word (a story of 200 characters has many words; these are only suggestions).
        plan = search.search_plan(text, correct=False)
        if compiled and plan.slots:
            values = [search.postgres_raw(plan), search.postgres_rank_raw(plan)]
            if theme is None:
                return _compiled_suggestions(visibilities, False, limit).objects(
                    *values, using=using
                )
            rows = _compiled_suggestions(visibilities, True, limit).objects(
                *values, theme.pk, using=using
            )
            found = [row for row in rows if row.suggestion == _FOUND]
            return found or [row for row in rows if row.suggestion == _THEMES_OWN]
        if not compiled:
            found = list(
                article_cards(
                    search_articles(user=user, query=text, theme=theme, plan=plan, every_word=True)
                )[:limit]
            )
            if found or theme is None:
                return found
        elif theme is None:
            return []
    if theme is not None:
        if compiled:
            return _compiled_by_theme(visibilities, limit).objects(theme.pk, using=using)
        return list(_theme_cards(visibilities, theme)[:limit])
    return []


def top_searches(*, since, limit: int = 20):
    return (
        SearchLog.objects.filter(searched_at__gte=since)
        .values("query")
        .annotate(times=Count("id"))
        .order_by("-times", "query")[:limit]
    )


def searches_without_results(*, since, limit: int = 20):
    return (
        SearchLog.objects.filter(searched_at__gte=since, result_count=0)
        .values("query")
        .annotate(times=Count("id"))
        .order_by("-times", "query")[:limit]
    )
