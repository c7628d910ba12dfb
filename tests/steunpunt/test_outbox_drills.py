"""Drills: the outbox when Redis, a worker or the mail server go away (issue #17, item 2;
ADR 0011). Everything is real and on loopback: a throwaway redis-server (port 9390), a
Celery worker and Celery beat as processes of their own against the test database, an
SMTP server on a real socket (tests/smtp_server.py, port 9391) and the site on the live
server. The outbox's terms are shortened by environment, so each drill takes seconds:
a row is queued again after 2 s, beat looks every second, a failed send is retried
after 1 s, 2 s, ... and a silent mail server is given up on after 2 s.

What is counted is what the SMTP server accepted: each email owed exactly once (by its
Message-ID, the same at every attempt), none more.

They need PostgreSQL (several processes share the database) and redis-server, and run in
the PostgreSQL step of `.ci/run`, where `REQUIRE_DRILLS=1` turns a missing program into
a failure; elsewhere they skip."""

import contextlib
import http.cookies
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
import redis
from django.contrib.auth.models import Permission
from django.db import connection
from django.urls import reverse

from casussen.models import Case
from config.celery import app as celery_app
from steunpunt import outbox
from steunpunt.models import OutgoingEmail
from steunpunt.outbox import tasks as outbox_tasks
from tests.factories import ThemeFactory, coordinator
from tests.smtp_server import SmtpServer
from tests.steunpunt.test_backup_restore import _url
from tests.steunpunt.test_settings import ROOT

REDIS_PORT = 9390
SMTP_PORT = 9391
BROKER = f"redis://127.0.0.1:{REDIS_PORT}/0"
REDELIVER_AFTER = 2

pytestmark = pytest.mark.django_db(transaction=True)


def _require() -> None:
    required = os.environ.get("REQUIRE_DRILLS") == "1"
    if connection.vendor != "postgresql":
        if required:
            pytest.fail("the outbox drills need PostgreSQL (DATABASE_URL)")
        pytest.skip("a drill of the PostgreSQL step (.ci/run sets REQUIRE_DRILLS=1)")
    if shutil.which("redis-server") is None:
        if required:
            pytest.fail("the outbox drills need redis-server")
        pytest.skip("needs redis-server")


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


class Redis:
    """A throwaway redis-server without persistence: a restart loses whatever was queued,
    as a crashed Redis would."""

    def __init__(self):
        self.process = None

    def start(self) -> None:
        assert _port_free(REDIS_PORT), f"port {REDIS_PORT} is in use"
        self.process = subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server"),
                "--port",
                str(REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=REDIS_PORT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(redis.exceptions.ConnectionError):
                if client.ping():
                    return
            time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=20)
        self.process = None


class CeleryProcess:
    """A worker or beat of our own app, as `docker compose` runs them."""

    def __init__(self, env: dict, folder: Path, *args: str, ready: str):
        # Set when the drill stops or kills it on purpose: then it is not started again.
        self.ended_on_purpose = False
        self.log = folder / f"{args[0]}-{time.monotonic_ns()}.log"
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "celery", "-A", "config", *args],
            cwd=ROOT,
            env=env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while ready not in self.output():
            assert self.process.poll() is None, f"{args[0]} stopped:\n{self.output()}"
            assert time.monotonic() < deadline, f"{args[0]} not ready:\n{self.output()}"
            time.sleep(0.1)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def has_died(self) -> bool:
        return not self.ended_on_purpose and self.process.poll() is not None

    def kill(self) -> None:
        self.ended_on_purpose = True
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=20)

    def stop(self) -> None:
        self.ended_on_purpose = True
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


class Stack:
    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="osp-drill-outbox-"))
        self.redis = Redis()
        self.smtp = SmtpServer.start(SMTP_PORT)
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
            "DATABASE_URL": _url(),
            "REDIS_URL": BROKER,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(SMTP_PORT),
            "EMAIL_USE_TLS": "0",
            "EMAIL_USE_SSL": "0",
            "EMAIL_TIMEOUT": "2",
            "OUTBOX_REDELIVER_AFTER_SECONDS": str(REDELIVER_AFTER),
            "OUTBOX_REDELIVER_EVERY_SECONDS": "1",
            "OUTBOX_RETRY_BACKOFF_SECONDS": "1",
            "DJANGO_VAR_DIR": str(self.folder),
            "DJANGO_LOG_LEVEL": "INFO",
        }
        self.worker = None
        self.beat = None
        # What docker compose's `restart: unless-stopped` does for the worker and beat:
        # one that exits by itself is started again. A worker can exit when the broker
        # goes away at a bad moment (kombu's reconnect, celery/kombu#582 and #970); the
        # outbox rows are the truth, so the new one delivers what is owed.
        self.restarts = []
        self._supervising = threading.Event()
        self._supervisor = threading.Thread(target=self._supervise, daemon=True)

    def supervise(self) -> None:
        self._supervising.set()
        self._supervisor.start()

    def _supervise(self) -> None:
        while self._supervising.is_set():
            if self.worker is not None and self.worker.has_died():
                self.restarts.append(("worker", self.worker.output()[-2000:]))
                self.start_worker()
            if self.beat is not None and self.beat.has_died():
                self.restarts.append(("beat", self.beat.output()[-2000:]))
                self.start_beat()
            time.sleep(0.5)

    def start_worker(self) -> None:
        self.worker = CeleryProcess(
            self.env,
            self.folder,
            "worker",
            "--pool",
            "solo",
            "--queues",
            "email,sweeps",
            "--hostname",
            f"drill-{time.monotonic_ns()}@localhost",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "INFO",
            ready="ready.",
        )

    def start_beat(self) -> None:
        self.beat = CeleryProcess(
            self.env,
            self.folder,
            "beat",
            "--schedule",
            str(self.folder / "beat-schedule"),
            "--loglevel",
            "INFO",
            ready="beat lock acquired",
        )

    def stop(self) -> None:
        self._supervising.clear()
        if self._supervisor.is_alive():
            self._supervisor.join(timeout=5)
        for process in (self.worker, self.beat):
            if process is not None:
                process.stop()
        self.redis.stop()
        self.smtp.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def stack(django_db_setup):
    """Started once the test database exists: its processes use that one."""
    _require()
    stack = Stack()
    try:
        stack.redis.start()
        stack.start_worker()
        stack.start_beat()
        stack.supervise()
        yield stack
    finally:
        stack.stop()


def _use_broker(url: str | None) -> None:
    celery_app.conf.update(task_always_eager=url is None)
    if url is not None:
        celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def drill(stack, settings):
    """This process (the site) against the drill's Redis: its cache and its broker."""
    previous = celery_app.conf.broker_url
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "steunpunt.cache.ResilientRedisCache", "LOCATION": BROKER},
    }
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_COOKIE_SECURE = False
    _use_broker(BROKER)
    stack.smtp.clear()
    stack.smtp.mode = "accept"
    stack.smtp.refused = set()
    yield stack
    _use_broker(previous)
    celery_app.conf.task_always_eager = True


def _wait(condition, within: float = 60, every: float = 0.2) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return condition()


def _all_sent() -> bool:
    return not OutgoingEmail.objects.filter(sent_at__isnull=True).exists()


def _assert_each_row_accepted_once(smtp: SmtpServer, rows) -> None:
    owed = Counter(outbox_tasks._message_id(row) for row in rows)
    got = Counter(message.message_id for message in smtp.accepted)
    assert got == owed


def _queue(to: str) -> OutgoingEmail:
    return outbox.queue_email(subject="Drill", body="Een e-mail van de drill.", to=[to])


# --- Redis stops while parents ask questions ------------------------------------------


class Parent:
    """A browser without JavaScript, behind the site's TLS proxy (which says so in
    X-Forwarded-Proto): it keeps the cookies and posts the form as the page has it."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookies.SimpleCookie()

    def _open(self, url: str, data: bytes | None = None) -> tuple[int, str]:
        headers = {"X-Forwarded-Proto": "https", "Referer": f"https://{self.host}/"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310
        try:
            response = urllib.request.build_opener(_NoRedirect).open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for cookie in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(cookie)
        status, page = response.status, response.read().decode(errors="replace")
        if status in (301, 302, 303):
            return self._open(urllib.parse.urljoin(url, response.headers["Location"]))
        return status, page

    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.base).netloc

    def ask(self, email: str, theme_id: int) -> tuple[int, str, float]:
        started = time.monotonic()
        url = self.base + reverse("casussen:intake")
        _, form = self._open(url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "kind": "question",
                "theme": theme_id,
                "description": "Mijn dochter gaat sinds de herfst niet meer naar school.",
                "age_band": "8-12",
                "school": "",
                "email": email,
                "phone": "",
                "contact_preference": "email",
                "contact_times": "",
                "privacy": "on",
                "website": "",
            }
        ).encode()
        status, page = self._open(url, data)
        return status, page, time.monotonic() - started


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_redis_stops_while_parents_ask_questions_and_every_email_goes_out_once(drill, live_server):
    theme = ThemeFactory(name="Thuiszitten", slug="thuiszitten")
    asked = []

    def ask(n):
        email = f"ouder{n}@drill.example.nl"
        status, page, took = Parent(live_server.url).ask(email, theme.pk)
        asked.append((email, status, page, took))

    for n in range(2):
        ask(n)
    assert _wait(_all_sent, within=30), drill.worker.output()[-3000:]

    drill.redis.stop()
    for n in range(2, 5):
        ask(n)
    drill.redis.start()

    for email, status, page, took in asked:
        assert status == 200, (email, page[:500])
        assert "Wat gebeurt er nu?" in page
        assert took < 10
    cases = Case.objects.all()
    assert cases.count() == 5
    for case in cases:
        assert any(case.reference in page for _, _, page, _ in asked)
    # Queued while Redis was down, lost with it: beat finds the rows once it is back.
    assert _wait(_all_sent, within=60), drill.worker.output()[-3000:]
    rows = list(OutgoingEmail.objects.all())
    _assert_each_row_accepted_once(drill.smtp, rows)
    received = {address for message in drill.smtp.accepted for address in message.recipients}
    assert {email for email, *_ in asked} <= received
    time.sleep(REDELIVER_AFTER + 1)  # beat keeps looking: nothing more goes out
    _assert_each_row_accepted_once(drill.smtp, rows)


# --- A worker is killed while it delivers ---------------------------------------------


def test_a_worker_killed_while_it_delivers_the_email_goes_out_once_after_redelivery(drill):
    drill.smtp.mode = "hold_data"
    row = _queue("ouder@drill.example.nl")
    assert drill.smtp.wait_until(lambda: drill.smtp.holding == 1, within=30)

    drill.worker.kill()
    drill.smtp.mode = "accept"
    assert drill.smtp.wait_until(lambda: drill.smtp.holding == 0, within=10)
    assert drill.smtp.accepted == []
    drill.start_worker()

    assert _wait(_all_sent, within=30), drill.worker.output()[-3000:]
    time.sleep(REDELIVER_AFTER + 1)
    row.refresh_from_db()
    _assert_each_row_accepted_once(drill.smtp, [row])
    assert row.attempts == 2


def test_poison_messages_do_not_block_the_queue_and_the_poison_row_ends_failed(drill, client):
    drill.smtp.refused = {"bestaat-niet@drill.example.nl"}
    # A task for an outbox that does not exist, one with arguments it does not take, and
    # a row whose every attempt is refused, queued ahead of the good ones.
    celery_app.send_task("steunpunt.outbox.deliver", kwargs={"model": "nope.Nope", "row_id": 1})
    celery_app.send_task("steunpunt.outbox.deliver_many", kwargs={"row_ids": "x"})
    poison = _queue("bestaat-niet@drill.example.nl")
    good = [_queue(f"ouder{n}@drill.example.nl") for n in range(3)]

    drill.smtp.wait_for(3, within=30)
    _assert_each_row_accepted_once(drill.smtp, good)
    assert _wait(
        lambda: OutgoingEmail.objects.get(pk=poison.pk).attempts >= outbox.MAX_DELIVERY_ATTEMPTS,
        within=90,
    ), drill.worker.output()[-3000:]
    poison.refresh_from_db()
    assert poison.sent_at is None
    assert poison.attempts == outbox.MAX_DELIVERY_ATTEMPTS
    worker = coordinator()
    # The transactional tests' flush took the role's permissions (from a migration) away.
    worker.groups.get().permissions.add(Permission.objects.get(codename="view_outgoingemail"))
    client.force_login(worker)
    failed = client.get(reverse("admin:steunpunt_outgoingemail_changelist"), {"status": "mislukt"})
    assert f"/{poison.pk}/change/" in failed.content.decode()
    assert drill.worker.process.poll() is None  # the worker is still there


# --- The mail server refuses or does not answer ---------------------------------------


@pytest.mark.parametrize("mode", ["greeting_421", "refuse_rcpt", "refuse_data", "silent"])
def test_a_refusing_or_silent_mail_server_is_retried_and_each_email_goes_out_once(drill, mode):
    drill.smtp.mode = mode
    rows = [_queue(f"ouder{n}@drill.example.nl") for n in range(2)]

    assert _wait(
        lambda: all(
            r.attempts >= 2 for r in OutgoingEmail.objects.filter(pk__in=[r.pk for r in rows])
        ),
        within=30,
    ), drill.worker.output()[-3000:]
    assert drill.smtp.accepted == []
    drill.smtp.mode = "accept"

    assert _wait(_all_sent, within=30), drill.worker.output()[-3000:]
    time.sleep(REDELIVER_AFTER + 1)
    _assert_each_row_accepted_once(drill.smtp, rows)
