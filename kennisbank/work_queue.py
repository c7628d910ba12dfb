"""The editors' part of the work queue: articles offered for review, and published
articles whose review date has come. Shared by the count and the list's filter."""

from datetime import date, datetime

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt import roles
from steunpunt.work_queue import CompiledCount, WorkQueueEntry

from .models import Article


def in_review(articles: QuerySet) -> QuerySet:
    return articles.filter(status=Article.Status.IN_REVIEW)


def review_date_passed(articles: QuerySet, today: date) -> QuerySet:
    """Published, and the review date is today or before (`Article.review_overdue`)."""
    return articles.filter(status=Article.Status.PUBLISHED, review_by__lte=today)


# The counts, compiled once per process (`steunpunt.work_queue.CompiledCount`).
IN_REVIEW = CompiledCount(lambda: in_review(Article.objects.all()))
REVIEW_DATE_PASSED = CompiledCount(
    lambda today: review_date_passed(Article.objects.all(), today), "today"
)


def entries(user, now: datetime) -> list[WorkQueueEntry]:
    if not roles.has_role(user, roles.EDITOR):
        return []
    today = timezone.localdate(now)
    changelist = reverse("admin:kennisbank_article_changelist")
    return [
        WorkQueueEntry(
            rank=110,
            label=_("Artikelen om te controleren"),
            count=IN_REVIEW.of(user, today),
            url=f"{changelist}?controle=aangeboden",
            role="editor",
        ),
        WorkQueueEntry(
            rank=120,
            label=_("Artikelen waarvan de controledatum voorbij is"),
            count=REVIEW_DATE_PASSED.of(user, today),
            url=f"{changelist}?controle=verlopen",
            role="editor",
        ),
    ]
