from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied

from kennisbank import services
from kennisbank.models import Article, ArticleEvent
from kennisbank.services import TransitionRefusedError
from tests.factories import ArticleFactory, UserFactory, editor

pytestmark = pytest.mark.django_db


def _actions(article):
    return list(article.events.order_by("at", "pk").values_list("action", flat=True))


def test_new_article_records_who_created_it():
    author = editor()
    article = Article(title="Nieuw", slug="nieuw", summary="Kort.", body="Tekst.")

    services.article_save(article=article, actor=author)

    event = article.events.get()
    assert (event.action, event.actor) == (ArticleEvent.Action.CREATED, author)
    assert article.status == Article.Status.DRAFT


def test_edit_records_who_changed_which_fields():
    author = editor()
    article = ArticleFactory(status="draft")
    article.title = "Nieuwe titel"

    services.article_save(article=article, actor=author, changed=["title"])

    event = article.events.latest("pk")
    assert event.action == ArticleEvent.Action.EDITED
    assert event.actor == author
    assert "title" in event.note


def test_submit_then_second_editor_publishes(django_capture_on_commit_callbacks):
    writer, reviewer = editor(), editor()
    article = ArticleFactory(status="draft")

    with django_capture_on_commit_callbacks(execute=True):
        services.article_transition(article=article, action="submit", actor=writer)
        article = services.article_transition(article=article, action="publish", actor=reviewer)

    assert article.status == Article.Status.PUBLISHED
    assert article.published_at is not None
    assert _actions(article)[-2:] == ["submitted", "published"]


def test_author_cannot_approve_their_own_article():
    writer = editor()
    article = ArticleFactory(status="draft")
    services.article_transition(article=article, action="submit", actor=writer)

    with pytest.raises(TransitionRefusedError, match="andere redacteur"):
        services.article_transition(article=article, action="publish", actor=writer)

    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW


def test_only_editors_may_publish():
    article = ArticleFactory(status="in_review", submitted_by=editor())
    coordinator_without_publish = UserFactory(roles=["coordinator"], is_staff=True)

    with pytest.raises(PermissionDenied):
        services.article_transition(
            article=article, action="publish", actor=coordinator_without_publish
        )


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("draft", "publish"),
        ("published", "submit"),
        ("archived", "publish"),
        ("published", "reject"),
        ("draft", "restore"),
    ],
)
def test_disallowed_transitions_are_refused_with_a_clear_message(status, action):
    article = ArticleFactory(status=status, title="Mijn artikel")

    with pytest.raises(TransitionRefusedError, match="Mijn artikel"):
        services.article_transition(article=article, action=action, actor=editor())

    article.refresh_from_db()
    assert article.status == status


@pytest.mark.parametrize(
    ("status", "action", "target"),
    [
        ("in_review", "reject", "draft"),
        ("published", "unpublish", "draft"),
        ("published", "archive", "archived"),
        ("draft", "archive", "archived"),
        ("archived", "restore", "draft"),
    ],
)
def test_allowed_transitions_move_the_article(status, action, target):
    article = ArticleFactory(status=status)

    article = services.article_transition(article=article, action=action, actor=editor())

    assert article.status == target


@time_machine.travel(date(2026, 3, 2), tick=False)
def test_publishing_sets_review_by_a_year_later():
    article = ArticleFactory(status="in_review", submitted_by=editor())

    article = services.article_transition(article=article, action="publish", actor=editor())

    assert article.checked_on == date(2026, 3, 2)
    assert article.review_by == date(2027, 3, 2)


def test_publishing_keeps_a_chosen_future_review_date():
    article = ArticleFactory(status="in_review", submitted_by=editor(), review_by=date(2099, 1, 1))

    article = services.article_transition(article=article, action="publish", actor=editor())

    assert article.review_by == date(2099, 1, 1)


def test_submit_tells_the_other_editors(django_capture_on_commit_callbacks):
    writer, other = editor(), editor()
    article = ArticleFactory(status="draft", title="Over de OPP")

    with django_capture_on_commit_callbacks(execute=True):
        services.article_transition(article=article, action="submit", actor=writer)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [other.email]
    assert "Over de OPP" in mail.outbox[0].subject


def test_reject_tells_the_writer_with_the_note(django_capture_on_commit_callbacks):
    writer, reviewer = editor(), editor()
    article = ArticleFactory(status="in_review", submitted_by=writer)

    with django_capture_on_commit_callbacks(execute=True):
        services.article_transition(
            article=article, action="reject", actor=reviewer, note="Maak het korter."
        )

    assert mail.outbox[0].to == [writer.email]
    assert "Maak het korter." in mail.outbox[0].body


def test_unpublished_article_disappears_from_the_public(client):
    article = ArticleFactory()
    services.article_transition(article=article, action="unpublish", actor=editor())

    assert client.get(article.get_absolute_url()).status_code == 404


def test_mark_checked_moves_the_review_date():
    article = ArticleFactory(review_by=date(2020, 1, 1))

    with time_machine.travel(date(2026, 11, 24), tick=False):
        article = services.article_mark_checked(article=article, actor=editor())

    assert article.review_by == date(2027, 11, 24)
    assert article.events.latest("pk").action == ArticleEvent.Action.CHECKED
