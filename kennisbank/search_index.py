"""Keeping the kennisbank's search index: the weighted document and the word list.

The search document of an article is its title, search words and the names of its themes
(weight A), its summary (B) and its text (C). On PostgreSQL it is stored in
`search_vector` (GIN-indexed); everywhere it is also stored as folded words in
`search_text` and `search_head` for the SQLite search. `SearchWord` holds every word of
the published public articles once: the short list typos are corrected against, shared
by every visitor.

The index follows the article (saved through the service), its themes (added or removed)
and a theme's name (renamed); see `connect` for the last two.
"""

import re
from collections.abc import Iterable

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import F, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.db.models.signals import m2m_changed, post_save

from steunpunt.models import Theme

from .models import Article, SearchWord
from .rendering import fold, search_index_text

SEARCH_CONFIG = "dutch_unaccent"
BATCH = 500
# Letters only, long enough to be worth correcting, short enough to be a word.
_WORD = re.compile(r"[^\W\d_]{4,40}")


def corpus_words(text: str) -> set[str]:
    """The words of a text as the typo list keeps them: folded, letters only, 4-40 long."""
    return set(_WORD.findall(fold(text)))


def _document_parts(article, theme_names: list[str]) -> tuple[str, str]:
    head = " ".join([article.title, article.keywords, *theme_names])
    return head, " ".join([head, article.summary, article.body_text])


def _vector(article_model):
    through = article_model.themes.through
    theme_names = Subquery(
        through.objects.filter(article_id=OuterRef("pk"))
        .values("article_id")
        .annotate(names=StringAgg("theme__name", delimiter=" "))
        .values("names")
    )
    return (
        SearchVector(
            Concat("title", Value(" "), "keywords", output_field=TextField()),
            weight="A",
            config=SEARCH_CONFIG,
        )
        + SearchVector(
            Coalesce(theme_names, Value(""), output_field=TextField()),
            weight="A",
            config=SEARCH_CONFIG,
        )
        + SearchVector(F("summary"), weight="B", config=SEARCH_CONFIG)
        + SearchVector(F("body_text"), weight="C", config=SEARCH_CONFIG)
    )


def offered_to_everyone(article) -> bool:
    """Whether an article's words may be offered as a correction to any visitor: the
    list is shared, so a draft's or a staff-only article's words stay out of it."""
    return (
        article.status == Article.Status.PUBLISHED
        and article.visibility == Article.Visibility.PUBLIC
    )


def index_articles(
    *, article_ids: Iterable[int], article_model=Article, word_model=SearchWord
) -> None:
    """Rebuild the search document of these articles and add the words of the published
    public ones to the list.

    The models are arguments so a data migration can pass its historical ones."""
    ids = list(article_ids)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        articles = list(article_model.objects.filter(pk__in=chunk).prefetch_related("themes"))
        words: set[str] = set()
        for article in articles:
            head, text = _document_parts(article, [theme.name for theme in article.themes.all()])
            article.search_head = search_index_text(head)
            article.search_text = search_index_text(text)
            if offered_to_everyone(article):
                words |= corpus_words(text)
        article_model.objects.bulk_update(articles, ["search_head", "search_text"])
        if connection.vendor == "postgresql":
            article_model.objects.filter(pk__in=chunk).update(search_vector=_vector(article_model))
        word_model.objects.bulk_create(
            [word_model(word=word) for word in sorted(words)],
            ignore_conflicts=True,
            batch_size=1000,
        )


def withdraw_words(*, article_model=Article, word_model=SearchWord) -> int:
    """After an article stopped being offered to everyone (unpublished, archived, or
    narrowed to partners or staff): drop the words that no published public article
    still uses, so a correction never shows a word of an article the visitor may not
    read. Returns how many went."""
    offered = article_model.objects.filter(
        status=Article.Status.PUBLISHED, visibility=Article.Visibility.PUBLIC
    ).prefetch_related("themes")
    keep: set[str] = set()
    for article in offered.iterator(chunk_size=BATCH):
        _head, text = _document_parts(article, [theme.name for theme in article.themes.all()])
        keep |= corpus_words(text)
    stale = [word for word in word_model.objects.values_list("word", flat=True) if word not in keep]
    for start in range(0, len(stale), 1000):
        word_model.objects.filter(word__in=stale[start : start + 1000]).delete()
    return len(stale)


def index_all(*, article_model=Article, word_model=SearchWord) -> None:
    """Every article again, and the word list from scratch (words no article uses go)."""
    word_model.objects.all().delete()
    index_articles(
        article_ids=article_model.objects.order_by("pk").values_list("pk", flat=True),
        article_model=article_model,
        word_model=word_model,
    )


def _themes_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action == "pre_clear" and not isinstance(instance, Article):
        # Clearing a theme's articles: remember which, the post_clear signal has no pks.
        instance._kb_cleared = list(instance.articles.values_list("pk", flat=True))
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Article):
        index_articles(article_ids=[instance.pk])
    elif action == "post_clear":
        index_articles(article_ids=getattr(instance, "_kb_cleared", []))
    else:
        index_articles(article_ids=pk_set or [])


def _theme_saved(sender, instance, created, **kwargs) -> None:
    if not created:
        index_articles(article_ids=instance.articles.values_list("pk", flat=True))


def connect() -> None:
    """Follow theme changes into the index, wherever they are made (admin, demo, shell)."""
    m2m_changed.connect(_themes_changed, sender=Article.themes.through, dispatch_uid="kb-themes")
    post_save.connect(_theme_saved, sender=Theme, dispatch_uid="kb-theme-name")
