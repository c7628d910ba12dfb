"""`make loadtest`: the production-like stack on loopback, driven by Locust, then checked.

1. A fresh PostgreSQL database (dropped and made again; its name must contain
   "loadtest"), migrated and seeded: the demo data plus a modest `seed_scale` region,
   and the accounts of `loadtest/prepare.py`.
2. The stack, as docker-compose.yml runs it: a Redis of its own (no persistence), the
   SMTP catcher (`loadtest/smtp_catcher.py`), gunicorn with `config/gunicorn.py`, a
   Celery worker for the email queue and one for the sweeps, and beat. One reminder
   sweep is started at the beginning, so claimed reminders go out under load too.
3. Locust, headless, for the set time (`loadtest/locustfile.py`).
4. The queues drain, the stack stops, and `loadtest/check.py` compares what the users
   did with the database and the mail that arrived.

Prints requests/s, p50/p95/p99 per page and the errors; exits 1 on any error, a failed
check, or a p95 over all pages of `--p95-target` ms or more (1000; 0: not judged).
Everything it started is stopped again, also on Ctrl-C. Output goes to var/loadtest/
(logs, Locust's CSV files, the mail log, the ledger, summary.json).

    .venv/bin/python loadtest/run.py --users 10 --duration 30s
"""

import argparse
import csv
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TARGET_P95_MS = 1000


def _parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="concurrent users (50)")
    parser.add_argument("--spawn-rate", type=float, default=5, help="users started per second")
    parser.add_argument("--duration", default="5m", help="Locust's --run-time (5m, 30s)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/osp_loadtest"
        ),
        help="made afresh: everything in it is dropped",
    )
    parser.add_argument(
        "--port-base",
        type=int,
        default=int(os.environ.get("LOADTEST_PORT_BASE", "9400")),
        help="gunicorn on this port, the SMTP catcher on +1, Redis on +2",
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="gunicorn workers (config/gunicorn.py's)"
    )
    parser.add_argument(
        "--cases", type=int, default=3000, help="seed_scale's size in cases (0: demo only)"
    )
    parser.add_argument(
        "--p95-target",
        type=float,
        default=TARGET_P95_MS,
        help=f"fail at a p95 over all pages of this many ms or more ({TARGET_P95_MS}; 0: none)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "loadtest")
    return parser.parse_args(argv)


class Stack:
    """The processes this run started, stopped in reverse order."""

    def __init__(self, out: Path):
        self.out = out
        self.processes: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, command: list[str], env: dict) -> subprocess.Popen:
        log = (self.out / f"{name}.log").open("w")
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            # A group of its own: Ctrl-C reaches only this script, which stops each
            # process (and its gunicorn or Celery children) in turn.
            start_new_session=True,
        )
        self.processes.append((name, process))
        return process

    def stop(self, name: str | None = None, timeout: float = 30) -> None:
        for entry in reversed(list(self.processes)):
            label, process = entry
            if name is not None and label != name:
                continue
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
            self.processes.remove(entry)

    def check_alive(self) -> None:
        for name, process in self.processes:
            if process.poll() is not None:
                raise RuntimeError(f"{name} stopped (exit {process.returncode}); see {name}.log")


def _wait_for(what: str, ready, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.3)
    raise RuntimeError(f"{what} did not come up within {timeout:.0f} s")


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _fresh_database(url: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    if "loadtest" not in name or name == "osp_bench_seed":
        raise SystemExit(
            f"refusing to drop {name!r}: the load test's database must be named *loadtest*"
        )
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _run(command: list[str], env: dict, log: Path) -> None:
    with log.open("a") as handle:
        handle.write(f"$ {' '.join(command)}\n")
        handle.flush()
        result = subprocess.run(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
    if result.returncode:
        raise RuntimeError(f"{' '.join(command[:3])} failed; see {log}")


def _queues_empty(redis_port: int) -> bool:
    import redis

    client = redis.Redis(host="127.0.0.1", port=redis_port, db=0)
    busy = sum(client.llen(queue) for queue in ("email", "sweeps", "celery"))
    return busy == 0 and client.hlen("unacked") == 0


def _drain(redis_port: int, mail_log: Path, timeout: float = 180) -> None:
    """Wait until the queues are empty and no mail arrived for a few seconds."""
    deadline = time.monotonic() + timeout
    last_size, quiet_since = -1, time.monotonic()
    while time.monotonic() < deadline:
        size = mail_log.stat().st_size if mail_log.exists() else 0
        if size != last_size:
            last_size, quiet_since = size, time.monotonic()
        if _queues_empty(redis_port) and time.monotonic() - quiet_since > 5:
            return
        time.sleep(1)
    print(f"warning: the queues did not drain within {timeout:.0f} s")


def _mail_waits(ledger: Path) -> None:
    """How long the parents waited for their emails (the worker's delivery under load)."""
    if not ledger.exists():
        return
    waits = sorted(
        entry["seconds"]
        for entry in map(json.loads, ledger.read_text(encoding="utf-8").splitlines())
        if entry["kind"] == "mail_wait"
    )
    if waits:
        p95 = waits[min(len(waits) - 1, int(len(waits) * 0.95))]
        print(
            f"Emails read by parents: {len(waits)}; waited p50 {waits[len(waits) // 2]:.1f} s, "
            f"p95 {p95:.1f} s, max {waits[-1]:.1f} s (polling every 0.5 s)"
        )


def _report(stats_csv: Path, failures_csv: Path) -> tuple[int, float]:
    """Print the table; return (errors, aggregated p95 of the pages in ms)."""
    rows = list(csv.DictReader(stats_csv.open())) if stats_csv.exists() else []
    pages = [r for r in rows if r["Name"] != "Aggregated"]
    total = next((r for r in rows if r["Name"] == "Aggregated"), None)
    print()
    print(
        f"{'type':<5} {'page':<46} {'reqs':>6} {'err':>4} {'req/s':>6} "
        f"{'p50':>6} {'p95':>6} {'p99':>6}  (ms)"
    )
    for row in sorted(pages, key=lambda r: (r["Type"], r["Name"])):
        print(
            f"{row['Type']:<5} {row['Name'][:46]:<46} {row['Request Count']:>6} "
            f"{row['Failure Count']:>4} {float(row['Requests/s']):>6.2f} {row['50%']:>6} "
            f"{row['95%']:>6} {row['99%']:>6}"
        )
    http = [r for r in pages if r["Type"] != "MAIL"]  # MAIL rows: emails that never came
    errors = sum(int(r["Failure Count"]) for r in pages)
    requests = sum(int(r["Request Count"]) for r in http)
    rate = sum(float(r["Requests/s"]) for r in http)
    p95 = float(total["95%"]) if total and total["95%"] != "N/A" else 0.0
    slow = [r["Name"] for r in http if r["95%"] != "N/A" and float(r["95%"]) >= TARGET_P95_MS]
    print()
    print(f"HTTP requests: {requests} ({rate:.1f}/s); errors (HTTP and mail): {errors}")
    if total:
        print(f"All requests: p50 {total['50%']} ms, p95 {total['95%']} ms, p99 {total['99%']} ms")
    print(f"Pages with p95 >= {TARGET_P95_MS} ms: {', '.join(slow) if slow else 'none'}")
    if failures_csv.exists():
        for row in list(csv.DictReader(failures_csv.open()))[:20]:
            print(f"  ERROR {row['Method']} {row['Name']}: {row['Error']} ({row['Occurrences']}x)")
    return errors, p95


def main(argv=None) -> int:
    args = _parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    out = args.out.resolve()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    web_port, smtp_port, redis_port = args.port_base, args.port_base + 1, args.port_base + 2
    for port in (web_port, smtp_port, redis_port):
        if _port_open(port):
            raise SystemExit(f"port {port} is in use; pass another --port-base")

    base_env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "EMAIL_HOST", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    base_env |= {
        "DATABASE_URL": args.database_url,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_HTTPS": "0",
        "DJANGO_SITE_URL": f"http://127.0.0.1:{web_port}",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Links in emails point to loopback: that is the point here.
        "DJANGO_SILENCED_SYSTEM_CHECKS": "steunpunt.E002",
        # The simulated people come from addresses of their own, as behind the proxy.
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        # Kept between runs (outside `out`), so collectstatic only copies what changed.
        "DJANGO_VAR_DIR": str(ROOT / "var" / "loadtest-var"),
        "DJANGO_MEDIA_ROOT": str(out / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    stack_env = base_env | {
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
    }
    py = str(BIN / "python")
    prepare_log = out / "prepare.log"
    fixtures, mail_log, maildir, ledger = (
        out / "fixtures.json",
        out / "mail.jsonl",
        out / "mail",
        out / "ledger.jsonl",
    )
    stack = Stack(out)

    def interrupted(*_args):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    interrupted_run = False
    started = time.monotonic()
    try:
        print(f"Preparing {urlsplit(args.database_url).path.lstrip('/')} (see {prepare_log}) ...")
        _fresh_database(args.database_url)
        # Seeding runs in-process with email to the log: nothing of it reaches the catcher.
        manage = [py, "manage.py"]
        _run([*manage, "migrate", "--noinput"], base_env, prepare_log)
        _run([*manage, "collectstatic", "--noinput", "--verbosity", "0"], base_env, prepare_log)
        if args.cases:
            size = args.cases
            _run(
                [
                    *manage,
                    "seed_scale",
                    f"--cases={size}",
                    f"--users={size // 2}",
                    f"--followups={size // 5}",
                    f"--buddies={max(size // 30, 10)}",
                    f"--articles={max(size // 15, 20)}",
                ],
                base_env,
                prepare_log,
            )
        else:
            _run([*manage, "seed_demo", "--force"], base_env, prepare_log)
        _run(
            [py, "loadtest/prepare.py", "--out", str(fixtures), "--coordinators", str(args.users)],
            base_env,
            prepare_log,
        )
        print(f"  ready in {time.monotonic() - started:.0f} s")

        print(f"Starting the stack on 127.0.0.1:{web_port} ...")
        since = datetime.now(UTC)
        stack.start(
            "redis",
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(redis_port),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            base_env,
        )
        _wait_for("redis", lambda: _port_open(redis_port))
        stack.start(
            "smtp",
            [
                py,
                "loadtest/smtp_catcher.py",
                "--port",
                str(smtp_port),
                "--log",
                str(mail_log),
                "--maildir",
                str(maildir),
            ],
            base_env,
        )
        _wait_for("the SMTP catcher", lambda: _port_open(smtp_port))
        celery = [str(BIN / "celery"), "-A", "config"]
        stack.start(
            "worker-email",
            [
                *celery,
                "worker",
                "--queues",
                "email",
                "--concurrency",
                "2",
                "--loglevel",
                "INFO",
                "--hostname",
                "email@%h",
            ],
            stack_env,
        )
        stack.start(
            "worker-sweeps",
            [
                *celery,
                "worker",
                "--queues",
                "sweeps,celery",
                "--concurrency",
                "1",
                "--loglevel",
                "INFO",
                "--hostname",
                "sweeps@%h",
            ],
            stack_env,
        )
        stack.start(
            "beat",
            [*celery, "beat", "--loglevel", "INFO", "--schedule", str(out / "beat-schedule")],
            stack_env,
        )
        gunicorn = [
            str(BIN / "gunicorn"),
            "-c",
            "config/gunicorn.py",
            "--bind",
            f"127.0.0.1:{web_port}",
        ]
        if args.workers:
            gunicorn += ["--workers", str(args.workers)]
        stack.start("gunicorn", [*gunicorn, "config.wsgi:application"], stack_env)
        _wait_for("gunicorn", lambda: _http_ok(f"http://127.0.0.1:{web_port}/healthz"), 90)
        stack.check_alive()
        _run(
            [*celery, "call", "casussen.tasks.sweep_reminders"],
            stack_env,
            out / "sweep-call.log",
        )

        print(f"Locust: {args.users} users for {args.duration} ...")
        locust = stack.start(
            "locust",
            [
                str(BIN / "locust"),
                "-f",
                "loadtest/locustfile.py",
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                args.duration,
                "--host",
                f"http://127.0.0.1:{web_port}",
                "--csv",
                str(out / "locust"),
                "--only-summary",
                "--stop-timeout",
                "90",
            ],
            base_env
            | {
                "LOADTEST_FIXTURES": str(fixtures),
                "LOADTEST_MAILDIR": str(maildir),
                "LOADTEST_LEDGER": str(ledger),
            },
        )
        while locust.poll() is None:
            stack.check_alive()
            time.sleep(1)
        stack.processes = [(n, p) for n, p in stack.processes if n != "locust"]
        print("Waiting for the queues to drain ...")
        _drain(redis_port, mail_log)
        stack.check_alive()
        for name in ("gunicorn", "beat", "worker-sweeps", "worker-email"):
            stack.stop(name)
        errors, p95 = _report(out / "locust_stats.csv", out / "locust_failures.csv")
        _mail_waits(ledger)
        print()
        result = subprocess.run(
            [
                py,
                "loadtest/check.py",
                "--ledger",
                str(ledger),
                "--mail-log",
                str(mail_log),
                "--since",
                since.isoformat(),
            ],
            cwd=ROOT,
            env=base_env,
        )
        fast_enough = not args.p95_target or p95 < args.p95_target
        summary = {
            "users": args.users,
            "duration": args.duration,
            "errors": errors,
            "p95_ms": p95,
            "p95_target_ms": args.p95_target,
            "exactly_once": result.returncode == 0,
        }
        (out / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
        ok = errors == 0 and result.returncode == 0 and fast_enough
        target = f", p95 < {args.p95_target:.0f} ms" if args.p95_target else ""
        print(
            f"\nLoad test {'passed' if ok else 'FAILED'}: {errors} errors, p95 {p95:.0f} ms, "
            f"exactly once {'yes' if result.returncode == 0 else 'NO'} "
            f"(target: 0 errors, exactly once{target}); output in {out}"
        )
        return 0 if ok else 1
    except KeyboardInterrupt:
        print("\nInterrupted: stopping everything ...")
        interrupted_run = True
        return 130
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        # Interrupted: no waiting for Locust's users to finish their round.
        stack.stop(timeout=5 if interrupted_run else 30)
        signal.signal(signal.SIGINT, signal.SIG_DFL)


if __name__ == "__main__":
    sys.exit(main())
