"""Plain emails are outbox rows (issue #17, ADR 0011): stored before they are queued, so
a broker that is down costs the request nothing and beat sends them later, once; a
refused message holds up nobody else; a failed one shows in the admin, where it can be
tried again; the text (a sign-in code) is never shown and goes after its retention term.

The broker that is down is a real closed port on loopback, the mail server a real SMTP
server in a thread (tests/smtp_server.py): nothing of our own is mocked."""

import logging
import re
import socket
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from casussen.models import Case
from config.celery import app as celery_app
from steunpunt import outbox, retention
from steunpunt.cache import ResilientRedisCache
from steunpunt.models import OutgoingEmail
from steunpunt.outbox import tasks as outbox_tasks
from tests.factories import ThemeFactory, UserFactory, coordinator, editor
from tests.smtp_server import SmtpServer

pytestmark = pytest.mark.django_db

# Our port range; nothing listens here: the broker (or cache) that is down.
CLOSED_PORT = 9399
# Our port range, one free port each (test workers run in parallel).
SMTP_PORTS = range(9370, 9390)
PARENT = "ouder@test.example.nl"
LOGIN_CODE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.MULTILINE)


def _reset_broker_pools():
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture(autouse=True)
def _coordinators_see_the_outbox():
    """The permission comes from a migration, which a transactional test's flush (earlier
    in the run) takes away: give it back."""
    group, _ = Group.objects.get_or_create(name="coordinator")
    group.permissions.add(Permission.objects.get(codename="view_outgoingemail"))


@pytest.fixture
def broker_down(settings):
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", CLOSED_PORT)) != 0, "port 9399 is in use"
    previous = celery_app.conf.broker_url
    celery_app.conf.update(task_always_eager=False, broker_url=f"redis://127.0.0.1:{CLOSED_PORT}/0")
    _reset_broker_pools()
    yield
    celery_app.conf.update(task_always_eager=True, broker_url=previous)
    _reset_broker_pools()


@pytest.fixture
def smtp(settings):
    server = SmtpServer.start_in(SMTP_PORTS)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 1
    yield server
    server.stop()


def _intake_data():
    return {
        "kind": "question",
        "theme": ThemeFactory(name="Thuiszitten", slug="thuiszitten").pk,
        "description": "Mijn zoon gaat al drie weken niet naar school.",
        "age_band": "8-12",
        "school": "",
        "email": PARENT,
        "phone": "",
        "contact_preference": "email",
        "contact_times": "",
        "privacy": "on",
        "website": "",
    }


def _queue(to=(PARENT,), subject="Je vraag is binnen"):
    return outbox.queue_email(subject=subject, body="We hebben je vraag.", to=list(to))


def _redeliver(minutes_later=11):
    """What beat's task does, this much later; what it queues runs here at once."""
    with (
        time_machine.travel(timezone.now() + timedelta(minutes=minutes_later)),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        return outbox.redeliver_stale(model=OutgoingEmail, now=timezone.now())


# --- The row is the truth -------------------------------------------------------------


def test_plain_email_is_stored_before_it_is_queued_and_marked_sent_after(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row = _queue()
        assert OutgoingEmail.objects.get().sent_at is None
    assert len(callbacks) == 1
    callbacks[0]()

    row.refresh_from_db()
    assert [m.to for m in mail.outbox] == [[PARENT]]
    assert (row.sent_at is not None, row.attempts, row.subject) == (True, 1, "Je vraag is binnen")


def test_nothing_is_stored_or_sent_when_the_action_rolls_back(django_capture_on_commit_callbacks):
    def action():
        with transaction.atomic():
            _queue()
            raise ZeroDivisionError  # the action fails after queueing its email

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ZeroDivisionError):
        action()

    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_the_message_id_is_the_same_at_every_attempt(smtp, django_capture_on_commit_callbacks):
    smtp.mode = "refuse_data"
    with django_capture_on_commit_callbacks(execute=True):
        row = _queue()
    smtp.mode = "accept"

    _redeliver()

    (accepted,) = smtp.accepted
    assert accepted.message_id == outbox_tasks._message_id(row)


# --- The broker is down ---------------------------------------------------------------


def test_broker_down_the_question_is_stored_and_the_page_is_the_usual_one(
    client, broker_down, django_capture_on_commit_callbacks, caplog
):
    with (
        caplog.at_level(logging.WARNING),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("casussen:intake"), _intake_data(), follow=True)

    case = Case.objects.get()
    assert response.status_code == 200
    assert case.reference in response.content.decode()
    assert "Wat gebeurt er nu?" in response.content.decode()
    rows = OutgoingEmail.objects.all()
    assert rows
    assert all(row.sent_at is None for row in rows)
    assert "could not be queued (OperationalError)" in caplog.text
    assert PARENT not in caplog.text
    assert mail.outbox == []


def test_once_the_broker_is_back_beat_sends_each_email_once(
    client, broker_down, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("casussen:intake"), _intake_data())
    owed = OutgoingEmail.objects.count()
    # The broker is back (in-process here); beat runs its task twice.
    celery_app.conf.task_always_eager = True

    assert _redeliver(minutes_later=1) == 0  # too soon: the first attempt may be underway
    assert _redeliver() == owed
    assert _redeliver(minutes_later=30) == 0

    assert len(mail.outbox) == owed
    assert PARENT in [address for m in mail.outbox for address in m.to]
    assert not OutgoingEmail.objects.filter(sent_at__isnull=True).exists()


def test_sign_in_code_request_with_the_broker_down_succeeds_and_logs_no_code(
    client, broker_down, django_capture_on_commit_callbacks, caplog
):
    parent = UserFactory(email=PARENT)
    with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": parent.email})

    assert response.status_code == 302
    row = OutgoingEmail.objects.get()
    code = LOGIN_CODE.search(row.body).group(1)
    assert row.kind == "account/email/login_code"
    assert code not in caplog.text
    assert PARENT not in caplog.text


# --- The mail server refuses ----------------------------------------------------------


def test_a_refused_recipient_does_not_hold_up_the_rest_of_its_batch(smtp):
    smtp.refused = {"weg@test.example.nl"}
    rows = [
        OutgoingEmail.objects.create(key=f"k{n}", recipients=[to], subject="s", body="b")
        for n, to in enumerate(["een@test.example.nl", "weg@test.example.nl", "drie@x.nl"])
    ]

    sent = outbox_tasks.deliver_many(
        model=OutgoingEmail._meta.label, row_ids=[row.pk for row in rows]
    )

    assert sent == 2
    assert len(smtp.accepted) == 2
    assert list(
        OutgoingEmail.objects.filter(sent_at__isnull=True).values_list("key", flat=True)
    ) == ["k1"]


def test_a_server_that_does_not_answer_leaves_the_row_for_later(
    smtp, django_capture_on_commit_callbacks
):
    smtp.mode = "silent"
    with django_capture_on_commit_callbacks(execute=True):
        row = _queue()
    row.refresh_from_db()
    assert (row.sent_at, row.attempts) == (None, 1)

    smtp.mode = "accept"
    _redeliver()

    row.refresh_from_db()
    assert row.sent_at is not None
    assert len(smtp.accepted) == 1


def _fail_until_given_up(row):
    for hour in range(1, outbox.MAX_DELIVERY_ATTEMPTS + 3):
        _redeliver(minutes_later=60 * hour)
    row.refresh_from_db()
    return row


def test_always_refused_email_is_given_up_after_the_last_attempt(
    smtp, django_capture_on_commit_callbacks
):
    smtp.refused = {PARENT}
    with django_capture_on_commit_callbacks(execute=True):
        row = _queue()

    row = _fail_until_given_up(row)

    assert (row.sent_at, row.attempts) == (None, outbox.MAX_DELIVERY_ATTEMPTS)
    assert smtp.accepted == []


# --- The admin ------------------------------------------------------------------------


@pytest.fixture
def failed_row(smtp, django_capture_on_commit_callbacks):
    smtp.refused = {PARENT}
    with django_capture_on_commit_callbacks(execute=True):
        row = _queue(subject="Je inlogcode voor het steunpunt")
    OutgoingEmail.objects.filter(pk=row.pk).update(
        attempts=outbox.MAX_DELIVERY_ATTEMPTS, body="Je code:\n\nABCD-EFGH\n"
    )
    return row


def test_failed_email_is_listed_as_mislukt_for_a_coordinator(client, failed_row):
    client.force_login(coordinator())
    url = reverse("admin:steunpunt_outgoingemail_changelist")

    failed = client.get(url, {"status": "mislukt"}).content.decode()
    waiting = client.get(url, {"status": "wacht"}).content.decode()

    assert "Je inlogcode voor het steunpunt" in failed
    assert "Mislukt" in failed
    assert "Je inlogcode voor het steunpunt" not in waiting


def test_admin_never_shows_the_text_or_the_address(client, failed_row):
    client.force_login(coordinator())

    for url in (
        reverse("admin:steunpunt_outgoingemail_changelist"),
        reverse("admin:steunpunt_outgoingemail_change", args=[failed_row.pk]),
    ):
        content = client.get(url).content.decode()
        assert "ABCD-EFGH" not in content
        assert PARENT not in content


def test_coordinator_tries_a_failed_email_again_and_it_goes_out_once(
    client, failed_row, smtp, django_capture_on_commit_callbacks
):
    smtp.refused = set()
    client.force_login(coordinator())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:steunpunt_outgoingemail_changelist"),
            {"action": "retry_delivery", "_selected_action": [failed_row.pk]},
            follow=True,
        )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:steunpunt_outgoingemail_changelist"),
            {"action": "retry_delivery", "_selected_action": [failed_row.pk]},
        )

    assert "1 e-mail wordt opnieuw verstuurd." in response.content.decode()
    failed_row.refresh_from_db()
    assert failed_row.sent_at is not None
    assert [m.recipients for m in smtp.accepted] == [[PARENT]]


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("coordinator", True), ("editor", False), ("parent", False)],
)
def test_who_sees_the_outbox_emails(client, failed_row, who, allowed):
    user = {"coordinator": coordinator, "editor": editor, "parent": UserFactory}[who]()
    client.force_login(user)

    response = client.get(reverse("admin:steunpunt_outgoingemail_changelist"))

    assert (response.status_code == 200) is allowed


# --- Retention ------------------------------------------------------------------------


def test_retention_deletes_sent_emails_after_their_term_and_keeps_the_rest():
    now = timezone.now()
    old = OutgoingEmail.objects.create(key="old", recipients=[PARENT], body="code", sent_at=now)
    OutgoingEmail.objects.filter(pk=old.pk).update(sent_at=now - timedelta(days=8))
    recent = OutgoingEmail.objects.create(key="recent", recipients=[PARENT], sent_at=now)
    waiting = OutgoingEmail.objects.create(key="waiting", recipients=[PARENT])
    never_sent = OutgoingEmail.objects.create(key="never-sent", recipients=[PARENT])
    OutgoingEmail.objects.filter(pk=never_sent.pk).update(created_at=now - timedelta(days=8))

    (result,) = retention.run(only=["steunpunt.outbox_emails"], now=now)

    assert result.count == 2
    assert set(OutgoingEmail.objects.values_list("key", flat=True)) == {recent.key, waiting.key}


def test_the_privacy_page_names_the_outbox_term(client):
    content = client.get(reverse("privacy")).content.decode()

    assert "Een e-mail die we je sturen, met je inlogcode of een bericht" in content


# --- The cache without Redis ----------------------------------------------------------


def test_the_cache_answers_as_empty_while_redis_is_down(caplog):
    down = ResilientRedisCache(f"redis://127.0.0.1:{CLOSED_PORT}/0", {})

    with caplog.at_level(logging.WARNING, logger="steunpunt.cache"):
        assert down.add("ratelimit:x", 1, timeout=60) is True
        assert down.get("ratelimit:x", "missing") == "missing"
        down.set("ratelimit:x", 2)
        with pytest.raises(ValueError, match="cache unavailable"):
            down.incr("ratelimit:x")

    assert isinstance(down, RedisCache)
    assert "Cache unavailable for add (ConnectionError)" in caplog.text


def test_a_second_factor_code_counts_as_used_while_redis_is_down():
    down = ResilientRedisCache(f"redis://127.0.0.1:{CLOSED_PORT}/0", {})

    # What allauth adds when a TOTP code is accepted: refused, so no code can be replayed.
    assert down.add("allauth.mfa.totp.used?user=1&code=123456", "y", timeout=30) is False
