"""In-process page timings: each page against the bare template view, minimum of N.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/osp_bench_seed \
        .venv/bin/python bench/profile_pages.py --rounds 15 [--only "partner portal"] \
        [--profile "admin case list"] [--sql "admin case list"] [--json var/bench/profile.json]

On a shared, loaded machine a median over HTTP measures the load as much as the page.
This script renders every page with Django's test Client in one process (no gunicorn, no
sockets), interleaved with the bare template view (`/__bench__/template/`, `base.html`
with one paragraph), and keeps the MINIMUM of N renders of each: the minimum is the run
the other processes disturbed least, so the ratio of minimums holds up under load.
Sessions are those of `bench/run.py` (second factor completed). `--profile NAME` adds a
cProfile of that page (cumulative, top 40) after the timings.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import run  # bench/run.py: the database setup, the sessions and the page list


def _client(cookie: str):
    from django.test import Client

    client = Client()
    if cookie:
        parsed = SimpleCookie()
        parsed.load(cookie)
        for name, morsel in parsed.items():
            client.cookies[name] = morsel.value
    return client


def _once(client, path: str) -> tuple[float, int, int, int]:
    with run.QueryCounter() as counter:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
    return elapsed, response.status_code, len(response.content), counter.count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # DATABASE_URL as the docstring shows, as bench/run.py reads it; the seeded database
    # otherwise.
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or run.DEFAULT_DB)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--only", nargs="*", help="page names (substring match)")
    parser.add_argument("--profile", nargs="*", default=[], help="page names to profile")
    parser.add_argument("--sql", nargs="*", default=[], help="page names whose queries to print")
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args()
    run._setup(args.database_url)
    # The settings module imports at setup: the test client needs the test server name.
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    cookies = run._sessions()
    pages = run._pages()
    if args.only:
        pages = [p for p in pages if any(o in p[0] for o in args.only)]
    bare = _client("")
    rows = []
    run._say(f"{'page':40} {'min ms':>8} {'tmpl ms':>8} {'x tmpl':>7} {'q':>4} {'kB':>6} status")
    for name, role, path in pages:
        client = _client(cookies.get(role, ""))
        _once(client, path)  # warm: template loaders, caches, first connection
        _once(bare, run.TEMPLATE)
        page_times, bare_times = [], []
        for _round in range(args.rounds):
            ms_bare = _once(bare, run.TEMPLATE)[0]
            ms, status, size, queries = _once(client, path)
            bare_times.append(ms_bare)
            page_times.append(ms)
        row = {
            "name": name,
            "path": path,
            "min_ms": min(page_times),
            "template_min_ms": min(bare_times),
            "ratio": min(page_times) / min(bare_times),
            "queries": queries,
            "kb": size / 1024,
            "status": status,
        }
        rows.append(row)
        run._say(
            f"{name[:40]:40} {row['min_ms']:8.1f} {row['template_min_ms']:8.2f} "
            f"{row['ratio']:7.1f} {queries:4} {row['kb']:6.0f} {status}"
        )
    for name, role, path in pages:
        if not any(p in name for p in args.profile):
            continue
        client = _client(cookies.get(role, ""))
        client.get(path)  # warm: the handler's middleware (whitenoise's file scan) loads once
        profiler = cProfile.Profile()
        profiler.enable()
        for _round in range(3):
            client.get(path)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
        out2 = io.StringIO()
        pstats.Stats(profiler, stream=out2).sort_stats("tottime").print_stats(25)
        run._say(f"\n=== cProfile: {name} (3 renders) ===\n{out.getvalue()}\n{out2.getvalue()}")
    for name, role, path in pages:
        if not any(p in name for p in args.sql):
            continue
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = _client(cookies.get(role, ""))
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        run._say(f"\n=== queries: {name} ({len(captured)}) ===")
        for query in captured:
            run._say(f"{query['time']}s  {query['sql'][:300]}")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
