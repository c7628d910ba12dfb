"""Every link that leaves the site is built on one address, SITE_URL; `make run` points it
at its own port and production refuses to start with an address on this machine."""

import re
import subprocess
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from oudernetwerk import services as network
from steunpunt import checks
from steunpunt.site_url import absolute_url, is_local, site_host
from tests.factories import UserFactory
from tests.factories.meetups import MeetupFactory
from tests.oudernetwerk.test_meetups_ics import unfold
from tests.steunpunt.test_settings import ROOT, _run

SITE = "https://oudersteunpunt.example.nl:8443"
URL = re.compile(r"https?://[^\s\"'<>]+")
# Addresses in the demo content that are not ours: school websites, the online meetup.
EXTERNAL = re.compile(r"^https://(www\.|meet\.)[a-z.-]+\.example\.nl/?")


def test_absolute_url_puts_the_path_on_the_site_url(settings):
    settings.SITE_URL = SITE

    assert absolute_url("/opvolging/abc/") == f"{SITE}/opvolging/abc/"
    assert site_host() == "oudersteunpunt.example.nl"


@pytest.mark.parametrize(
    "url",
    ["", "http://localhost:8000", "http://127.0.0.1:8801", "http://[::1]:8000", "http://0.0.0.0"],
)
def test_is_local_for_addresses_of_this_machine(url):
    assert is_local(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://10.1.2.3",
        "https://192.168.1.20:8443",
        "http://172.16.0.5",
        "http://169.254.10.1",
        "http://[fd00::1]",
        "http://web:8000",
        "http://intranet/",
    ],
)
def test_is_local_for_private_networks_and_names_without_a_dot(url):
    assert is_local(url)


@pytest.mark.parametrize("url", [SITE, "https://145.100.0.10", "http://osp.example.nl."])
def test_is_local_not_for_public_addresses(url):
    assert not is_local(url)


@pytest.mark.parametrize(
    "url", ["http://localhost:8000", "http://127.0.0.1:8000", "http://192.168.1.20", "http://web"]
)
def test_deploy_check_refuses_a_local_site_url_without_debug(settings, url):
    settings.DEBUG = False
    settings.SITE_URL = url

    (error,) = checks.public_site_url()

    assert error.id == "steunpunt.E002"
    assert url in error.msg


def test_deploy_check_allows_a_local_site_url_with_debug(settings):
    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8000"

    assert checks.public_site_url() == []


def test_deploy_check_accepts_a_public_site_url(settings):
    settings.DEBUG = False
    settings.SITE_URL = SITE

    assert checks.public_site_url() == []


def test_empty_site_url_fails_the_deploy_check():
    result = _run(
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'ERROR'])",
        DJANGO_DEBUG="0",
        DJANGO_SITE_URL="",
    )

    assert result.returncode != 0
    assert "steunpunt.E002" in result.stderr


GUNICORN_START = "import config.gunicorn as g; g.on_starting(None); print('started')"
SECRET = "9f3c1e7a5b2d4c6e8a0b1d3f5e7a9c1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7"


def test_gunicorn_refuses_to_start_with_a_site_url_on_localhost():
    result = _run(GUNICORN_START, DJANGO_SECRET_KEY=SECRET, DJANGO_SITE_URL="http://localhost:8000")

    assert result.returncode != 0
    assert "RuntimeError" in result.stderr
    assert "steunpunt.E002" in result.stderr
    assert "started" not in result.stdout


def test_gunicorn_starts_with_a_public_site_url():
    result = _run(GUNICORN_START, DJANGO_SECRET_KEY=SECRET, DJANGO_SITE_URL=SITE)

    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_make_run_derives_the_site_url_from_its_port():
    # MANAGE replaced by printenv: every step of `make run` prints the address instead.
    command = ["make", "--no-print-directory", "run", "PORT=8821"]
    result = subprocess.run(  # noqa: S603 - our own Makefile
        [*command, "MANAGE=printenv DJANGO_SITE_URL #"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT)},
    )

    assert result.returncode == 0, result.stderr
    assert "http://127.0.0.1:8821\n" in result.stdout
    assert "127.0.0.1:8000" not in result.stdout


def _links(messages) -> list[str]:
    found = []
    for message in messages:
        bodies = [message.body] + [content for content, _ in getattr(message, "alternatives", [])]
        for body in bodies:
            found += URL.findall(body)
    return found


@pytest.mark.django_db
def test_every_link_in_the_demo_emails_is_on_the_site_url(
    settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = SITE
    # The demo sends to parents, coordinators, buddies and partners: cases, a follow-up,
    # a buddy proposal, consultations.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", force=True, verbosity=0)

    links = _links(mail.outbox)
    ours = [link for link in links if link.startswith(SITE + "/")]
    assert len(mail.outbox) > 10
    assert any("/opvolging/" in link for link in ours)
    assert any("/admin/" in link for link in ours)
    assert any("/buddy/portaal/" in link for link in ours)
    assert any("/mijn/" in link for link in ours)
    others = [link for link in links if not link.startswith(SITE + "/")]
    assert [link for link in others if not EXTERNAL.match(link)] == []


@pytest.mark.django_db
def test_meetup_reminder_calendar_file_uses_the_site_url(
    settings, site_settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = SITE
    with time_machine.travel("2026-11-20 12:00 +01:00", tick=False):
        starts_at = datetime.fromisoformat("2026-12-03T19:30+01:00")
        meetup = MeetupFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2))
        network.meetup_register(meetup=meetup, parent=UserFactory(email="ouder@test.example.nl"))
    with (
        time_machine.travel("2026-12-02 09:00 +01:00", tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        network.sweep()

    [reminder] = [m for m in mail.outbox if m.subject.startswith("Morgen:")]
    [(_, content, _)] = reminder.attachments
    props = unfold(content)
    assert props["UID"] == f"meetup-{meetup.pk}@oudersteunpunt.example.nl"
    assert props["URL"] == f"{SITE}/ontmoeten/{meetup.pk}/"
    assert all(link.startswith(SITE + "/") for link in _links([reminder]))


def test_gunicorn_starts_on_localhost_only_when_the_check_is_acknowledged():
    result = _run(
        GUNICORN_START,
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_SITE_URL="http://localhost:8000",
        DJANGO_SILENCED_SYSTEM_CHECKS="steunpunt.E002",
    )

    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout
