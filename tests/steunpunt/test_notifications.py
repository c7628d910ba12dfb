import smtplib

import pytest
from django.core import mail
from django.db import transaction

from steunpunt import outbox
from steunpunt.tasks import send_email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _queue(**overrides):
    kwargs = {
        "subject": "Je vraag is binnen",
        "body": "We hebben je vraag ontvangen.",
        "html": "<p>We hebben je vraag ontvangen.</p>",
        "to": ["ouder@test.example.nl"],
    }
    outbox.queue_email(**{**kwargs, **overrides})


def test_email_is_sent_after_commit_with_text_and_html(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _queue(reply_to=["coordinator@test.example.nl"])

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ouder@test.example.nl"]
    assert message.reply_to == ["coordinator@test.example.nl"]
    assert message.body == "We hebben je vraag ontvangen."
    assert message.alternatives[0][1] == "text/html"


class RollbackError(Exception):
    pass


def _queue_then_fail():
    with transaction.atomic():
        _queue()
        raise RollbackError


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RollbackError):
        _queue_then_fail()

    assert mail.outbox == []


def test_send_email_task_retries_on_smtp_failure():
    assert smtplib.SMTPException in send_email.autoretry_for
    assert send_email.max_retries >= 5


def test_login_code_email_is_dutch_and_signed_by_the_steunpunt(
    client, site_settings, django_capture_on_commit_callbacks
):

    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/login/code/", {"email": user.email})

    message = mail.outbox[0]
    assert message.subject == f"Je inlogcode voor {site_settings.name}"
    assert "De code werkt 15 minuten." in message.body
    assert site_settings.phone in message.body
