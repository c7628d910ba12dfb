from datetime import date

import pytest
import time_machine
from django.core import mail

from kennisbank import services
from kennisbank.models import ReviewReminder
from kennisbank.tasks import send_review_reminders
from tests.factories import ArticleFactory, editor

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 24)


def test_reminder_goes_to_the_responsible_editor_once(django_capture_on_commit_callbacks):
    owner = editor()
    ArticleFactory(title="Thuiszitten", review_by=date(2026, 11, 20), responsible_editor=owner)

    with django_capture_on_commit_callbacks(execute=True):
        first = services.send_review_reminders(today=TODAY)
        second = services.send_review_reminders(today=TODAY)

    assert (first, second) == (1, 0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [owner.email]
    assert "Thuiszitten" in mail.outbox[0].subject
    assert "/admin/kennisbank/article/" in mail.outbox[0].body


def test_no_reminder_before_the_review_date():
    ArticleFactory(review_by=date(2026, 12, 1), responsible_editor=editor())

    assert services.send_review_reminders(today=TODAY) == 0
    assert not ReviewReminder.objects.exists()


def test_drafts_and_archived_articles_get_no_reminder():
    ArticleFactory(status="draft", review_by=date(2026, 1, 1), responsible_editor=editor())
    ArticleFactory(status="archived", review_by=date(2026, 1, 1), responsible_editor=editor())

    assert services.send_review_reminders(today=TODAY) == 0


def test_a_new_review_date_gets_its_own_reminder(django_capture_on_commit_callbacks):
    owner = editor()
    article = ArticleFactory(review_by=date(2026, 11, 20), responsible_editor=owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_review_reminders(today=TODAY)
    article.review_by = date(2027, 11, 20)
    article.save()

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_review_reminders(today=date(2027, 11, 21))

    assert sent == 1
    assert len(mail.outbox) == 2


def test_without_responsible_editor_all_editors_are_reminded(django_capture_on_commit_callbacks):
    first, second = editor(), editor()
    ArticleFactory(review_by=date(2026, 11, 1))

    with django_capture_on_commit_callbacks(execute=True):
        services.send_review_reminders(today=TODAY)

    assert sorted(mail.outbox[0].to) == sorted([first.email, second.email])


@time_machine.travel("2026-11-24 07:30 +01:00", tick=False)
def test_the_periodic_task_uses_today(django_capture_on_commit_callbacks):
    ArticleFactory(review_by=date(2026, 11, 24), responsible_editor=editor())

    with django_capture_on_commit_callbacks(execute=True):
        sent = send_review_reminders.delay().get()

    assert sent == 1


def test_a_reminder_already_claimed_by_another_run_is_not_sent_again(
    django_capture_on_commit_callbacks,
):
    article = ArticleFactory(review_by=date(2026, 11, 20), responsible_editor=editor())
    # Another worker claimed this date first (or crashed after sending).
    ReviewReminder.objects.create(article=article, review_by=article.review_by)

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_review_reminders(today=TODAY)

    assert sent == 0
    assert mail.outbox == []
