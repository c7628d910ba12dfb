"""The settings as a newcomer and as production meet them: run in a clean environment.

Values are read by evaluating `config/settings.py` afresh in this process with the
environment replaced (no Django setup needed for that); the deploy check, which needs a
configured Django, runs in a child process."""

import os
import runpy
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV_VARS = [
    "DJANGO_SECRET_KEY",
    "DJANGO_DEBUG",
    "DJANGO_HTTPS",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_HOST",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_TRUSTED_PROXY_COUNT",
    "DJANGO_VAR_DIR",
    "DJANGO_MEDIA_ROOT",
    "BACKUP_KEEP_DAYS",
    "DATABASE_CONNECT_TIMEOUT",
    "DATABASE_STATEMENT_TIMEOUT",
    "DJANGO_LOG_LEVEL",
    "DJANGO_SITE_URL",
    "DJANGO_SILENCED_SYSTEM_CHECKS",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "DEFAULT_FROM_EMAIL",
]


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ENV_VARS}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _settings(*names: str, **env: str) -> list[str]:
    """The repr of each settings expression, as the module computes it under `env`."""
    clean = {k: v for k, v in os.environ.items() if k not in ENV_VARS}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    with mock.patch.dict(os.environ, clean, clear=True):
        namespace = runpy.run_path(str(ROOT / "config" / "settings.py"))
    # The expressions are this file's own literals, evaluated in the settings namespace.
    return [repr(eval(name, {}, namespace)) for name in names]  # noqa: S307


def test_runs_with_nothing_set():
    engine, broker, eager, email, debug, language, tz = _settings(
        "DATABASES['default']['ENGINE']",
        "CELERY_BROKER_URL",
        "CELERY_TASK_ALWAYS_EAGER",
        "EMAIL_BACKEND",
        "DEBUG",
        "LANGUAGE_CODE",
        "TIME_ZONE",
    )

    assert engine == "'django.db.backends.sqlite3'"
    assert broker.startswith("'memory://")
    assert eager == "True"
    assert email == "'django.core.mail.backends.console.EmailBackend'"
    assert debug == "False"
    assert language == "'nl'"
    assert tz == "'Europe/Amsterdam'"


def test_sqlite_default_lives_under_var():
    (name,) = _settings("DATABASES['default']['NAME']")

    assert name.endswith("var/db.sqlite3'")


def test_environment_selects_postgres_redis_and_smtp():
    engine, broker, eager, email, hosts = _settings(
        "DATABASES['default']['ENGINE']",
        "CELERY_BROKER_URL",
        "CELERY_TASK_ALWAYS_EAGER",
        "EMAIL_BACKEND",
        "ALLOWED_HOSTS",
        DATABASE_URL="postgres://u:p@db:5432/osp",
        REDIS_URL="redis://redis:6379/0",
        EMAIL_HOST="mail.example.nl",
        DJANGO_ALLOWED_HOSTS="osp.example.nl, www.osp.example.nl",
    )

    assert engine == "'django.db.backends.postgresql'"
    assert broker == "'redis://redis:6379/0'"
    assert eager == "False"
    assert email == "'django.core.mail.backends.smtp.EmailBackend'"
    assert hosts == "['osp.example.nl', 'www.osp.example.nl']"


def test_empty_variables_fall_back_to_defaults():
    engine, hosts = _settings(
        "DATABASES['default']['ENGINE']",
        "ALLOWED_HOSTS",
        DATABASE_URL="",
        DJANGO_ALLOWED_HOSTS="",
    )

    assert engine == "'django.db.backends.sqlite3'"
    assert hosts == "['localhost', '127.0.0.1', '[::1]']"


@pytest.mark.parametrize("debug", ["0", ""])
def test_production_settings_pass_the_deploy_check(debug):
    result = _run(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        DJANGO_DEBUG=debug,
        DJANGO_SECRET_KEY="9f3c1e7a5b2d4c6e8a0b1d3f5e7a9c1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7",
        DJANGO_ALLOWED_HOSTS="oudersteunpunt.example.nl",
        DJANGO_SITE_URL="https://oudersteunpunt.example.nl",
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_default_secret_fails_the_deploy_check():
    result = _run(
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        DJANGO_DEBUG="0",
    )

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_https_hardening_follows_debug_and_can_be_switched_off():
    on = _settings("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "SECURE_HSTS_SECONDS")
    off = _settings("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", DJANGO_HTTPS="0")

    assert on == ["True", "True", "31536000"]
    assert off == ["False", "False"]


def test_postgres_runs_without_jit_and_keeps_options_from_the_url():
    plain, given = (
        _settings("DATABASES['default']['OPTIONS']['options']", DATABASE_URL=url)[0]
        for url in (
            "postgres://u@db:5432/osp",
            "postgres://u@db:5432/osp?options=-c%20search_path%3Dosp",
        )
    )

    assert plain == "'-c jit=off'"
    assert given == "'-c search_path=osp -c jit=off'"


def test_the_privacy_terms_take_the_backup_term_from_the_environment():
    assert _settings('RETENTION["backups"]["days"]') == ["14"]
    assert _settings('RETENTION["backups"]["days"]', BACKUP_KEEP_DAYS="21") == ["21"]


def test_postgres_gives_up_connecting_after_a_few_seconds():
    [timeout] = _settings(
        "DATABASES['default']['OPTIONS']['connect_timeout']", DATABASE_URL="postgres://u@db/osp"
    )
    [longer] = _settings(
        "DATABASES['default']['OPTIONS']['connect_timeout']",
        DATABASE_URL="postgres://u@db/osp",
        DATABASE_CONNECT_TIMEOUT="9",
    )

    assert (timeout, longer) == ("5", "9")


def test_a_statement_timeout_only_when_asked_for():
    url = "postgres://u@db:5432/osp"
    [without] = _settings("DATABASES['default']['OPTIONS']['options']", DATABASE_URL=url)
    [web] = _settings(
        "DATABASES['default']['OPTIONS']['options']",
        DATABASE_URL=url,
        DATABASE_STATEMENT_TIMEOUT="20000",
    )

    assert without == "'-c jit=off'"
    assert web == "'-c jit=off -c statement_timeout=20000'"


def test_the_web_server_sets_the_statement_timeout_and_its_own():
    config = (ROOT / "config" / "gunicorn.py").read_text()

    assert 'os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "20000")' in config
    assert config.index("DATABASE_STATEMENT_TIMEOUT") < config.index("import django")
    assert "\ntimeout = 30\n" in config
