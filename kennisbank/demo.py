"""Demo articles for the knowledge base: safe to run twice, invented content only."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from steunpunt.models import Theme

from . import services
from .demo_content import ARTICLES
from .models import Article, ArticleEvent, ArticleLink

DEMO_EDITOR_EMAIL = "redacteur@demo.example.nl"


@transaction.atomic
def seed_articles() -> int:
    """Make the demo articles that are missing. Returns how many were made."""
    editor = get_user_model().objects.filter(email=DEMO_EDITOR_EMAIL).first()
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    today = timezone.localdate()
    by_slug: dict[str, Article] = {}
    made: set[str] = set()
    for position, item in enumerate(ARTICLES):
        existing = Article.objects.filter(slug=item["slug"]).first()
        if existing is not None:
            # A second run leaves an article (and what an editor did to it) alone.
            by_slug[item["slug"]] = existing
            continue
        article = Article(slug=item["slug"])
        article.title = item["title"]
        article.summary = item["summary"]
        article.body = item["body"]
        article.audience = item["audience"]
        article.visibility = item["visibility"]
        article.status = Article.Status.PUBLISHED
        article.responsible_editor = editor
        # Spread the check dates; the first article is due for review to show reminders.
        checked = today - timedelta(days=400 if position == 0 else 20 + position * 9)
        article.checked_on = checked
        article.review_by = checked + services.REVIEW_INTERVAL
        article.published_at = timezone.now() - timedelta(days=30)
        article.view_count = (len(ARTICLES) - position) * 7
        services.article_save(article=article, actor=editor, changed=None)
        ArticleEvent.objects.create(
            article=article, action=ArticleEvent.Action.PUBLISHED, actor=editor
        )
        article.themes.set([themes[slug] for slug in item["themes"] if slug in themes])
        ArticleLink.objects.bulk_create(
            ArticleLink(article=article, title=title, url=url) for title, url in item["links"]
        )
        by_slug[item["slug"]] = article
        made.add(item["slug"])
    for item in ARTICLES:
        if item["slug"] in made:
            by_slug[item["slug"]].related.add(*[by_slug[slug] for slug in item["related"]])
    if editor is not None and not Article.objects.filter(slug=IN_REVIEW["slug"]).exists():
        # Offered for review by the demo editor: the second editor finds it on the work queue.
        article = Article(status=Article.Status.DRAFT, responsible_editor=editor, **IN_REVIEW)
        services.article_save(article=article, actor=editor, changed=None)
        services.article_transition(article=article, action="submit", actor=editor)
        made.add(article.slug)
    return len(made)


IN_REVIEW = {
    "slug": "wat-is-een-groeidocument",
    "title": "Wat is een groeidocument?",
    "summary": "Een groeidocument laat zien wat je kind nodig heeft en wat al is geprobeerd.",
    "body": (
        "## Waar gaat het over\n\nSchool schrijft in een groeidocument wat goed gaat, wat "
        "moeilijk is en welke hulp al is geprobeerd. Jij mag meelezen en meepraten."
    ),
    "audience": "parents",
    "visibility": "public",
}
