"""Business actions of the knowledge base: save, review, publish, feedback, reminders."""

import hashlib
import logging
import re
from contextlib import contextmanager
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt import outbox, retention
from steunpunt.roles import EDITOR
from steunpunt.selectors import site_settings, users_with_role
from steunpunt.site_url import absolute_url

from . import search_index, workflow
from .models import Article, ArticleEvent, ArticleFeedback, ReviewReminder, SearchLog
from .rendering import html_to_text, render_markdown, search_index_text
from .selectors import is_postgres

logger = logging.getLogger(__name__)

REVIEW_INTERVAL = timedelta(days=365)


class TransitionRefusedError(ValidationError):
    """A workflow step that is not allowed now; its message is shown to the editor."""


class AlreadyVotedError(Exception):
    pass


def article_prepare(*, article: Article) -> None:
    """Derive the rendered and searchable forms of the text before saving."""
    article.body_html = render_markdown(article.body)
    article.body_text = html_to_text(article.body_html)
    # Without the theme names for now: search_index adds them once the article is saved.
    article.search_text = search_index_text(
        " ".join([article.title, article.keywords, article.summary, article.body_text])
    )


@transaction.atomic
def article_save(*, article: Article, actor, changed: list[str] | None = None) -> Article:
    """Save an article written in the admin and record who created or edited it."""
    created = article.pk is None
    was_offered = not created and search_index.offered_to_everyone(
        Article.objects.get(pk=article.pk)
    )
    article_prepare(article=article)
    article.save()
    search_index.index_articles(article_ids=[article.pk])
    if was_offered and not search_index.offered_to_everyone(article):
        search_index.withdraw_words()
    if created:
        _record(article, ArticleEvent.Action.CREATED, actor)
    elif changed is None or changed:
        note = _("Gewijzigd: %(fields)s") % {"fields": ", ".join(changed)} if changed else ""
        _record(article, ArticleEvent.Action.EDITED, actor, note)
    return article


def _record(article: Article, action: str, actor, note: str = "") -> ArticleEvent:
    return ArticleEvent.objects.create(article=article, action=action, actor=actor, note=note)


@transaction.atomic
def article_transition(*, article: Article, action: str, actor, note: str = "") -> Article:
    """Move an article through the review workflow. Publishing needs a second editor:
    someone other than who offered it for review."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if action not in workflow.TRANSITIONS:
        raise TransitionRefusedError(_("Onbekende stap."))
    sources, target = workflow.TRANSITIONS[action]
    if article.status not in sources:
        raise TransitionRefusedError(
            _("'%(title)s' staat op %(status)s: deze stap kan nu niet.")
            % {"title": article.title, "status": article.get_status_display().lower()}
        )
    if action == "publish":
        if not actor.has_perm("kennisbank.publish_article"):
            raise PermissionDenied(_("Alleen een redacteur mag publiceren."))
        if article.submitted_by_id == actor.pk:
            raise TransitionRefusedError(
                _(
                    "'%(title)s' heb je zelf ter controle aangeboden. "
                    "Een andere redacteur moet het goedkeuren."
                )
                % {"title": article.title}
            )
    was_offered = search_index.offered_to_everyone(article)
    today = timezone.localdate()
    article.status = target
    if action == "submit":
        article.submitted_by = actor
    if action == "publish":
        article.published_at = timezone.now()
        article.checked_on = today
        if not article.review_by or article.review_by <= today:
            article.review_by = today + REVIEW_INTERVAL
        if article.responsible_editor_id is None:
            article.responsible_editor = article.submitted_by
    article.save()
    if action == "publish":
        # Its words join the typo list now that everyone may find them.
        search_index.index_articles(article_ids=[article.pk])
    elif was_offered and not search_index.offered_to_everyone(article):
        # Unpublished or archived: its words leave the list unless another article has them.
        search_index.withdraw_words()
    _record(article, workflow.EVENTS[action], actor, note)
    _notify_transition(article=article, action=action, actor=actor, note=note)
    return article


def _notify_transition(*, article: Article, action: str, actor, note: str) -> None:
    if action == "submit":
        recipients = list(
            users_with_role(EDITOR).exclude(pk=actor.pk).values_list("email", flat=True)
        )
        template = "kennisbank/email/review_requested"
    elif action in {"reject", "publish"} and article.submitted_by and article.submitted_by != actor:
        recipients = [article.submitted_by.email]
        template = f"kennisbank/email/{action}ed"
    else:
        return
    if recipients:
        outbox.send_templated_email(
            template=template,
            to=recipients,
            context={**_email_context(article), "actor": actor, "note": note},
        )


@transaction.atomic
def article_mark_checked(*, article: Article, actor) -> Article:
    """An editor read the article again and it is still right: next check in a year."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    today = timezone.localdate()
    article.checked_on = today
    article.review_by = today + REVIEW_INTERVAL
    article.save(update_fields=["checked_on", "review_by", "updated_at"])
    _record(article, ArticleEvent.Action.CHECKED, actor)
    return article


@contextmanager
def _commit_without_waiting():
    """For a write whose loss after a crash does no harm (a search log row, one more
    read): the commit does not wait for the disk, which was the slowest step of the
    page that writes it."""
    with transaction.atomic():
        if is_postgres():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def article_record_view(*, article: Article) -> None:
    with _commit_without_waiting():
        Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)


def voter_key(session_key: str) -> str:
    return hashlib.sha256(f"kennisbank-feedback:{session_key}".encode()).hexdigest()


def feedback_submit(
    *, article: Article, helpful: bool, comment: str, session_key: str
) -> ArticleFeedback:
    try:
        with transaction.atomic():
            return ArticleFeedback.objects.create(
                article=article,
                helpful=helpful,
                comment=comment.strip()[:1000],
                voter=voter_key(session_key),
            )
    except IntegrityError as error:
        raise AlreadyVotedError from error


_EMAIL = re.compile(r"\S+@\S+")
_NUMBER = re.compile(r"\d[\d\s-]{3,}\d")


def search_log_record(*, query: str, result_count: int) -> None:
    """Log a search for the editors, without anything that points to a person: no user,
    no address, and email addresses or long numbers in the query are blanked."""
    cleaned = _NUMBER.sub("…", _EMAIL.sub("…", query)).strip().lower()[:100]
    if not cleaned:
        return
    with _commit_without_waiting():
        SearchLog.objects.create(query=cleaned, result_count=result_count)


def search_logs_due(moment) -> "models.QuerySet":
    """Search log rows older than the "search_log" term of settings.RETENTION. The
    nightly retention job deletes them (registered in apps.py)."""
    return SearchLog.objects.filter(searched_at__lt=moment)


def search_logs_delete(pks: list) -> int:
    return SearchLog.objects.filter(pk__in=pks).delete()[0]


def purge_search_logs(*, now=None) -> int:
    return search_logs_due(retention.cutoff("search_log", now=now)).delete()[0]


def send_review_reminders(*, today: date | None = None) -> int:
    """Remind the responsible editor of each published article past its review-by date,
    once per date: the unique (article, review_by) row is claimed before sending, so a
    second run, or two at once, sends nothing twice."""
    today = today or timezone.localdate()
    due = Article.objects.filter(
        status=Article.Status.PUBLISHED, review_by__lte=today
    ).select_related("responsible_editor")
    sent = 0
    for article in due:
        recipients = _review_recipients(article)
        if not recipients:
            logger.warning("Article %s needs a review but has no editor to remind", article.pk)
            continue
        try:
            with transaction.atomic():
                ReviewReminder.objects.create(article=article, review_by=article.review_by)
                outbox.send_templated_email(
                    template="kennisbank/email/review_due",
                    to=recipients,
                    context=_email_context(article),
                )
        except IntegrityError:
            continue
        sent += 1
    return sent


def _email_context(article: Article) -> dict:
    return {
        "article": article,
        "site_settings": site_settings(),
        "admin_url": absolute_url(reverse("admin:kennisbank_article_change", args=[article.pk])),
        "article_url": absolute_url(article.get_absolute_url()),
    }


def _review_recipients(article: Article) -> list[str]:
    editor = article.responsible_editor
    if editor and editor.is_active:
        return [editor.email]
    return list(users_with_role(EDITOR).values_list("email", flat=True))
