"""Drill: PostgreSQL goes away under a running site and comes back (issue #17, item 2).

A PostgreSQL server of its own (initdb in a temporary folder, on a free port) and
gunicorn with the production config (`config/gunicorn.py`) serve the site. The drill
stops the server, then freezes it (accepting connections but never answering), then
starts it again, and checks from outside: `/healthz` says 503 while the database is gone
and 200 after, no request waits longer than the connect timeout, and the site serves
pages again without a restart.

It needs PostgreSQL's server programs (Debian's postgresql package) and runs in the
PostgreSQL step of `.ci/run`, where `REQUIRE_DRILLS=1` turns a missing program into a
failure; elsewhere it skips."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.steunpunt.test_settings import ROOT

PG_BIN = Path("/usr/lib/postgresql")
CONNECT_TIMEOUT = 3


def _pg_bin() -> Path:
    required = os.environ.get("REQUIRE_DRILLS") == "1"
    if not required and connection.vendor != "postgresql":
        pytest.skip("a drill of the PostgreSQL step (.ci/run sets REQUIRE_DRILLS=1)")
    versions = sorted(PG_BIN.glob("*/bin/pg_ctl")) if PG_BIN.exists() else []
    if not versions:
        reason = "needs PostgreSQL's server programs (pg_ctl, initdb)"
        if required:
            pytest.fail(reason)
        pytest.skip(reason)
    return versions[-1].parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(*command: str, **kwargs) -> subprocess.CompletedProcess:
    """Server programs refuse to run as root; run them as the postgres user then."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *command], check=True, capture_output=True, **kwargs)  # noqa: S603


class Server:
    """A throwaway PostgreSQL cluster on 127.0.0.1."""

    def __init__(self):
        self.bin = _pg_bin()
        # Outside pytest's tmp_path, which only root may enter.
        self.folder = Path(tempfile.mkdtemp(prefix="osp-drill-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        _as_postgres(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "drill")
        self.start()

    @property
    def url(self) -> str:
        return f"postgres://drill@127.0.0.1:{self.port}/drill"

    def start(self) -> None:
        _as_postgres(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-w",
            "-l",
            str(self.data / "server.log"),
            "-o",
            f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )

    def stop(self) -> None:
        _as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])


def _environment(database_url: str, var: Path) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(var),
        "DATABASE_URL": database_url,
        "DATABASE_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT),
        # Every request opens its own connection, as after a restart of the database.
        "DATABASE_CONN_MAX_AGE": "0",
        "DJANGO_SECRET_KEY": "drill-" + "x" * 60,
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SITE_URL": "https://oudersteunpunt.example.nl",
        "DJANGO_VAR_DIR": str(var),
    }


def _get(url: str) -> tuple[int, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - loopback
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return status, time.monotonic() - started


def _wait_for(url: str, status: int, within: float) -> int:
    deadline = time.monotonic() + within
    last = None
    while time.monotonic() < deadline:
        last, _ = _get(url)
        if last == status:
            return last
        time.sleep(0.5)
    return last


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """One database server and one gunicorn for the drills of this module: migrating a
    fresh database is the slow part."""
    database = Server()
    subprocess.run(  # noqa: S603
        [
            str(database.bin / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(database.port),
            "-U",
            "drill",
            "drill",
        ],
        check=True,
        capture_output=True,
    )
    var = tmp_path_factory.mktemp("var")
    env = _environment(database.url, var)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    port = _free_port()
    web = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "config/gunicorn.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "config.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert _wait_for(f"{base}/healthz", 200, 60) == 200, "the site did not come up"
        yield database, base
    finally:
        web.send_signal(signal.SIGTERM)
        try:
            web.wait(timeout=30)
        except subprocess.TimeoutExpired:
            web.kill()
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            os.kill(database.postmaster_pid(), signal.SIGCONT)
        with contextlib.suppress(subprocess.CalledProcessError):
            database.stop()
        database.remove()


def test_the_site_says_so_while_the_database_is_down_and_recovers_without_a_restart(stack):
    database, base = stack
    assert _get(f"{base}/kennisbank/")[0] == 200

    database.stop()
    health, health_took = _get(f"{base}/healthz")
    page, page_took = _get(f"{base}/kennisbank/")

    assert health == 503
    assert page == 500
    assert health_took < CONNECT_TIMEOUT + 2
    assert page_took < CONNECT_TIMEOUT + 2

    database.start()

    assert _wait_for(f"{base}/healthz", 200, 30) == 200
    assert _get(f"{base}/kennisbank/")[0] == 200


def test_a_database_that_does_not_answer_costs_a_request_the_connect_timeout_at_most(stack):
    database, base = stack
    postmaster = database.postmaster_pid()

    # Frozen: the kernel still accepts the connection, nobody answers it.
    os.kill(postmaster, signal.SIGSTOP)
    try:
        health, took = _get(f"{base}/healthz")
    finally:
        os.kill(postmaster, signal.SIGCONT)

    assert health == 503
    assert CONNECT_TIMEOUT - 1 < took < CONNECT_TIMEOUT + 3
    assert _wait_for(f"{base}/healthz", 200, 30) == 200
