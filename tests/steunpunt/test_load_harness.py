"""The load test's harness itself (`make loadtest`, issue #17 item 1), in a short run.

Four simulated people for ten seconds against the whole stack on loopback (a database
of its own, made by the harness and dropped after; a Redis of its own; gunicorn, Celery
workers and beat, the SMTP catcher). The run must end without an error and with the
exactly-once check passing, and the journeys must really have happened: a question
stored, a sign-in code read from the catcher.

It needs PostgreSQL and `redis-server` and runs in the PostgreSQL step of `.ci/run`,
where `REQUIRE_DRILLS=1` turns a missing program into a failure; elsewhere it skips."""

import json
import os
import shutil
import socket
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.db import connection

from tests.steunpunt.test_settings import ROOT


def _require() -> None:
    required = os.environ.get("REQUIRE_DRILLS") == "1"
    if connection.vendor != "postgresql":
        reason = "the load harness needs PostgreSQL (.ci/run's PostgreSQL step)"
        if required:
            pytest.fail(reason)
        pytest.skip(reason)
    if shutil.which("redis-server") is None:
        if required:
            pytest.fail("the load harness needs redis-server")
        pytest.skip("the load harness needs redis-server")
    if not required:
        pytest.skip("a drill of the PostgreSQL step (.ci/run sets REQUIRE_DRILLS=1)")


def _free_port_base() -> int:
    """Three free ports in a row: gunicorn, the SMTP catcher, Redis."""
    if os.environ.get("LOADTEST_PORT_BASE"):
        return int(os.environ["LOADTEST_PORT_BASE"])
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base > 65000:
            continue
        free = True
        for port in (base, base + 1, base + 2):
            with socket.socket() as sock:
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:
                    free = False
        if free:
            return base
    raise RuntimeError("no three free ports in a row")


@pytest.fixture
def harness_database():
    _require()
    settings = connection.settings_dict
    name = f"{settings['NAME']}_loadtest_smoke"
    url = urlunsplit(
        (
            "postgres",
            f"{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}",
            f"/{name}",
            "",
            "",
        )
    )
    yield url
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as admin_connection:
        admin_connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_short_load_run_has_no_errors_and_loses_nothing(harness_database, tmp_path):
    _require()
    out = tmp_path / "loadtest"

    result = subprocess.run(  # noqa: S603 - our own script
        [
            sys.executable,
            "loadtest/run.py",
            "--users=4",
            "--spawn-rate=4",
            "--duration=10s",
            "--cases=0",
            # Speed is the full run's business (docs/scaling.md), not this one's.
            "--p95-target=0",
            f"--port-base={_free_port_base()}",
            f"--database-url={harness_database}",
            f"--out={out}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["errors"] == 0
    assert summary["exactly_once"] is True
    ledger = [json.loads(line) for line in (out / "ledger.jsonl").read_text().splitlines()]
    done = {entry["kind"] for entry in ledger if entry["ok"]}
    assert {"question", "login_code"} <= done
