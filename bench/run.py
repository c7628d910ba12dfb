"""`make bench`: every main page side by side with a bare view, on gunicorn, loopback only.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/osp_bench_seed .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --compare var/bench/A.json var/bench/B.json

Needs a database filled by `manage.py seed_scale`. Starts gunicorn on 127.0.0.1 with
`bench.settings` (the project plus a bare HttpResponse view and a bare template view),
measures each page interleaved request by request with both bare views for several
rounds, counts each page's queries with an in-process Client, measures requests/s with
1 and 2 workers, the reminder sweep (on a copy of the database: it sends), suggest_buddies
and the plan of the kennisbank search. Writes var/bench/<timestamp>.json.
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/osp_bench_seed"
BARE, TEMPLATE = "/__bench__/bare/", "/__bench__/template/"
STEPS = ("pages", "throughput", "suggest", "explain", "sweep")


def _say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _setup(database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DJANGO_HTTPS"] = "0"
    os.environ.pop("REDIS_URL", None)  # no broker: the sweep delivers in-process
    import django

    django.setup()
    import logging

    logging.getLogger("celery").setLevel(logging.WARNING)
    logging.getLogger("django.request").setLevel(logging.CRITICAL)


class QueryCounter:
    """Counts every query on the default connection (no 9,000-query cap of the log)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        from django.db import connection

        self._context = connection.execute_wrapper(self)
        self._context.__enter__()
        return self

    def __exit__(self, *exc):
        self._context.__exit__(*exc)


def _sessions() -> dict:
    """Session cookies per role, built like tests/clients.py (second factor completed)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from steunpunt.demo import DEMO_TOTP_SECRET
    from tests.clients import SecondFactorClient

    users = get_user_model().objects
    cookies = {"anon": ""}
    for role, email in [
        ("coordinator", "coordinator@demo.example.nl"),
        ("parent", "ouder@demo.example.nl"),
        ("buddy", "buddy@demo.example.nl"),
        ("partner", "partner@demo.example.nl"),
        ("editor", "redacteur@demo.example.nl"),
        ("privacy", "privacy@demo.example.nl"),
    ]:
        user = users.filter(email=email).first()
        if user is None:
            continue
        if user.is_staff and not Authenticator.objects.filter(user=user, type="totp").exists():
            # Staff open nothing without an app: the throwaway bench database gives the
            # demo editor and privacy officer the published demo secret.
            TOTP.activate(user, DEMO_TOTP_SECRET)
        client = SecondFactorClient()
        client.force_login(user)
        cookies[role] = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
    return cookies


def _pages() -> list[tuple[str, str, str]]:
    """(name, role, path) of every page measured."""
    from casussen.models import Case, FollowUp
    from kennisbank.models import Article
    from oudernetwerk.models import BuddyRequest, Match
    from steunpunt.models import AccessEvent

    case = Case.objects.order_by("-pk").exclude(parent__email="ouder@demo.example.nl").first()
    own = Case.objects.filter(parent__email="ouder@demo.example.nl").order_by("-pk").first()
    article = Article.objects.filter(status="published").order_by("pk").first()
    ask = BuddyRequest.objects.order_by("-pk").first()
    followup = FollowUp.objects.order_by("-pk").first()
    match = Match.objects.order_by("-pk").first()
    event = AccessEvent.objects.order_by("-pk").first()
    pages = [
        ("home", "anon", "/"),
        ("vraag (intake form)", "anon", "/vraag/"),
        ("kennisbank index", "anon", "/kennisbank/"),
        ("kennisbank search", "anon", "/kennisbank/?q=thuiszitten+school"),
        ("wegwijzer", "anon", "/wegwijzer/"),
        ("ontmoeten", "anon", "/ontmoeten/"),
        ("mijn/ (demo parent)", "parent", "/mijn/"),
        ("mijn/gegevens/", "parent", "/mijn/gegevens/"),
        ("buddy portal", "buddy", "/buddy/portaal/"),
        ("partner portal", "partner", "/partner/"),
        ("admin index", "coordinator", "/admin/"),
        ("admin case list", "coordinator", "/admin/casussen/case/"),
        ("admin case list ?q=thuiszitten", "coordinator", "/admin/casussen/case/?q=thuiszitten"),
        ("admin case list te laat", "coordinator", "/admin/casussen/case/?termijn=te-laat"),
        (
            "signals report (finished quarter)",
            "coordinator",
            "/admin/casussen/case/signalen/?kwartaal=2026-3",
        ),
        (
            "signals report (current quarter)",
            "coordinator",
            "/admin/casussen/case/signalen/",
        ),
        ("admin follow-up list", "coordinator", "/admin/casussen/followup/"),
        ("admin buddy list", "coordinator", "/admin/oudernetwerk/buddyprofile/"),
        ("admin buddy request list", "coordinator", "/admin/oudernetwerk/buddyrequest/"),
        ("admin user list", "coordinator", "/admin/steunpunt/user/"),
        ("admin article list", "editor", "/admin/kennisbank/article/"),
        ("admin access log", "privacy", "/admin/steunpunt/accessevent/"),
    ]
    if own:
        pages.append(("mijn/<case> (demo parent)", "parent", f"/mijn/{own.pk}/"))
    if article:
        pages.append(("kennisbank article", "anon", f"/kennisbank/{article.slug}/"))
    if case:
        pages.append(
            ("admin case change", "coordinator", f"/admin/casussen/case/{case.pk}/change/")
        )
    if ask:
        pages.append(
            (
                "buddy request + ranking",
                "coordinator",
                f"/admin/oudernetwerk/buddyrequest/{ask.pk}/change/",
            )
        )
    if followup:
        pages.append(
            (
                "admin follow-up change",
                "coordinator",
                f"/admin/casussen/followup/{followup.pk}/change/",
            )
        )
    if match:
        pages.append(
            ("admin match change", "coordinator", f"/admin/oudernetwerk/match/{match.pk}/change/")
        )
    if article:
        pages.append(
            ("admin article change", "editor", f"/admin/kennisbank/article/{article.pk}/change/")
        )
    if event:
        pages.append(
            ("admin access event", "privacy", f"/admin/steunpunt/accessevent/{event.pk}/change/")
        )
    pages += [
        ("mijn/tijdlijn/", "parent", "/mijn/tijdlijn/"),
        ("mijn/tijdlijn/afdrukken/", "parent", "/mijn/tijdlijn/afdrukken/"),
        ("meedenken/", "parent", "/meedenken/"),
        ("signalen (public list)", "anon", "/signalen/"),
        ("partner ouderperspectief", "partner", "/partner/ouderperspectief/"),
        ("partner signalen", "partner", "/partner/signalen/"),
    ]
    return pages + _other_admin_pages({path for _name, _role, path in pages})


# Who opens which admin pages: the editor the knowledge base, the privacy officer the
# access log and the privacy records, the coordinator everything else.
_ADMIN_ROLE_EMAILS = {
    "coordinator": "coordinator@demo.example.nl",
    "editor": "redacteur@demo.example.nl",
    "privacy": "privacy@demo.example.nl",
}


def _other_admin_pages(measured: set[str]) -> list[tuple[str, str, str]]:
    """Every other admin list, and the page of its newest row, for the first role (in
    `_ADMIN_ROLE_EMAILS`' order) allowed to see it: so no list or detail page of any role
    is left out of the bench."""
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    users = {
        role: get_user_model().objects.filter(email=email).first()
        for role, email in _ADMIN_ROLE_EMAILS.items()
    }
    pages = []
    for model in sorted(admin.site._registry, key=lambda m: m._meta.label_lower):
        meta = model._meta
        role = next(
            (
                role
                for role, user in users.items()
                if user is not None and user.has_perm(f"{meta.app_label}.view_{meta.model_name}")
            ),
            None,
        )
        if role is None:
            continue
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        if changelist not in measured:
            pages.append((f"admin {meta.label_lower} list", role, changelist))
        newest = model._default_manager.order_by("-pk").first()
        if newest is not None:
            change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[newest.pk])
            if change not in measured:
                pages.append((f"admin {meta.label_lower} change", role, change))
    return pages


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect (say, to the second-factor page) is measured as what it is, a 302."""

    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _get(base: str, path: str, cookie: str) -> tuple[float, int, int]:
    request = urllib.request.Request(  # noqa: S310 - always http://127.0.0.1
        base + path, headers={"Cookie": cookie} if cookie else {}
    )
    started = time.perf_counter()
    try:
        with _OPENER.open(request, timeout=60) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    return (time.perf_counter() - started) * 1000, status, len(body)


class Gunicorn:
    def __init__(self, *, port: int, workers: int):
        self.port, self.workers = port, workers

    def __enter__(self):
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "120",
                "--env",
                "DJANGO_SETTINGS_MODULE=bench.settings",
            ],
            cwd=ROOT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{self.port}"
        for _try in range(100):
            try:
                _get(base, BARE, "")
                break
            except OSError:
                time.sleep(0.2)
        self.base = base
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def _query_counts(pages, cookies_by_role) -> dict[str, int]:
    from django.conf import settings
    from django.test import Client

    counts = {}
    for name, role, path in pages:
        client = Client(HTTP_HOST="127.0.0.1")
        if cookies_by_role.get(role):
            client.cookies[settings.SESSION_COOKIE_NAME] = cookies_by_role[role].split("=", 1)[1]
        client.get(path)  # warm
        with QueryCounter() as queries:
            client.get(path)
        counts[name] = queries.count
    return counts


def _interleaved(base, pages, cookies, rounds: int, budget: float) -> dict:
    times: dict[str, list[float]] = {name: [] for name, _r, _p in pages}
    bare: list[float] = []
    template: list[float] = []
    info: dict[str, tuple[int, int]] = {}
    stop_at = time.perf_counter() + budget
    for _name, role, path in pages:  # warm every worker's caches once
        _get(base, path, cookies[role])
    for _round in range(rounds):
        for name, role, path in pages:
            bare.append(_get(base, BARE, "")[0])
            template.append(_get(base, TEMPLATE, "")[0])
            elapsed, status, size = _get(base, path, cookies[role])
            times[name].append(elapsed)
            info[name] = (status, size)
        if time.perf_counter() > stop_at:
            break
    bare_median, template_median = statistics.median(bare), statistics.median(template)
    return {
        "bare_ms": bare_median,
        "template_ms": template_median,
        "pages": {
            name: {
                "median_ms": statistics.median(values),
                "ratio_bare": statistics.median(values) / bare_median,
                "ratio_template": statistics.median(values) / template_median,
                "status": info[name][0],
                "bytes": info[name][1],
                "samples": len(values),
            }
            for name, values in times.items()
            if values
        },
    }


def _throughput(base, targets, cookies, seconds: float, threads: int) -> dict[str, float]:
    result = {}
    for name, role, path in targets:
        done = [0]
        stop_at = time.perf_counter() + seconds

        def hammer(role=role, path=path, done=done, stop_at=stop_at):
            while time.perf_counter() < stop_at:
                _get(base, path, cookies[role])
                done[0] += 1

        pool = [threading.Thread(target=hammer) for _n in range(threads)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
        result[name] = done[0] / seconds
    return result


def _suggest(runs: int) -> dict:
    from oudernetwerk import services
    from oudernetwerk.models import BuddyProfile, BuddyRequest

    ask = BuddyRequest.objects.order_by("-pk").first()
    if ask is None:
        return {}
    services.suggest_buddies(request=ask)
    timings = []
    for _run in range(runs):
        started = time.perf_counter()
        services.suggest_buddies(request=ask)
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "buddies": BuddyProfile.objects.count(),
        "median_ms": statistics.median(timings),
        "max_ms": max(timings),
    }


def _explain() -> str:
    from django.contrib.auth.models import AnonymousUser

    from kennisbank.selectors import search_articles

    queryset = search_articles(user=AnonymousUser(), query="thuiszitten school")
    return queryset.explain(analyze=True)


def _table(results: dict) -> None:
    counts = results.get("queries", {})
    _say(f"bare {results['bare_ms']:.2f} ms, bare template {results['template_ms']:.2f} ms")
    _say(
        f"{'page':<34} {'median ms':>9} {'xbare':>7} {'xtmpl':>7} {'queries':>7} "
        f"{'status':>6} {'kB':>6}"
    )
    for name, page in results["pages"].items():
        _say(
            f"{name:<34} {page['median_ms']:>9.1f} {page['ratio_bare']:>7.1f} "
            f"{page['ratio_template']:>7.1f} {counts.get(name, '-'):>7} {page['status']:>6} "
            f"{page['bytes'] / 1024:>6.0f}"
        )


def _compare(first: Path, second: Path) -> None:
    a, b = (json.loads(path.read_text()) for path in (first, second))
    _say(f"{'page':<34} {'A xtmpl':>8} {'B xtmpl':>8} {'A ms':>8} {'B ms':>8}")
    for name, page in a["http"]["pages"].items():
        other = b["http"]["pages"].get(name)
        if other:
            _say(
                f"{name:<34} {page['ratio_template']:>8.1f} {other['ratio_template']:>8.1f} "
                f"{page['median_ms']:>8.1f} {other['median_ms']:>8.1f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--budget", type=float, default=300, help="seconds, at most")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--throughput-seconds", type=float, default=5)
    parser.add_argument("--skip-sweep", action="store_true")
    parser.add_argument("--only", nargs="+", choices=STEPS, help="run only these steps")
    parser.add_argument("--pages", nargs="+", help="measure only these pages (substring match)")
    parser.add_argument(
        "--sweep-db", default="osp_bench_sweep", help="the copy the sweep runs on (dropped first)"
    )
    parser.add_argument("--smtp-port", type=int, default=8818, help="for bench/smtp_sink.py")
    parser.add_argument(
        "--sweep-redis",
        default="",
        help="a Redis URL (its db is emptied): deliveries go through it to a real worker",
    )
    parser.add_argument("--label", default="")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("A", "B"))
    args = parser.parse_args()
    if args.compare:
        _compare(*args.compare)
        return
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    if not database_url.startswith("postgres"):
        sys.exit("make bench needs the seeded PostgreSQL database (see seed_scale)")
    _setup(database_url)
    from bench.sweep import run_sweep
    from casussen.models import Case

    cookies = _sessions()
    pages = [page for page in _pages() if page[1] in cookies]
    if args.pages:
        pages = [page for page in pages if any(part in page[0] for part in args.pages)]
    results: dict = {
        "when": datetime.now(UTC).isoformat(),
        "label": args.label,
        "database": database_url.rsplit("/", 1)[1],
        "cases": Case.objects.count(),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip(),
    }
    _say(f"{results['cases']} cases in {results['database']} at {results['commit']}")
    steps = set(args.only or STEPS) - ({"sweep"} if args.skip_sweep else set())
    out = ROOT / "var/bench" / f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{results['cases']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)

    def save() -> None:  # after every step: a long sweep stopped half-way keeps the pages
        out.write_text(json.dumps(results, indent=1, default=str))

    if "pages" in steps:
        results["queries"] = _query_counts(pages, cookies)
    main_pages = [
        p
        for p in pages
        if p[0] in ("home", "kennisbank index", "mijn/ (demo parent)", "admin case list")
    ]
    if steps & {"pages", "throughput"}:
        with Gunicorn(port=args.port, workers=args.workers) as server:
            if "pages" in steps:
                results["http"] = _interleaved(
                    server.base, pages, cookies, args.rounds, args.budget
                )
                results["http"]["queries"] = results["queries"]
            if "throughput" in steps:
                results["requests_per_s"] = {
                    str(args.workers): _throughput(
                        server.base, main_pages, cookies, args.throughput_seconds, 4
                    )
                }
    if "throughput" in steps and args.workers != 1:
        with Gunicorn(port=args.port, workers=1) as server:
            results["requests_per_s"]["1"] = _throughput(
                server.base, main_pages, cookies, args.throughput_seconds, 4
            )
    save()
    if "pages" in steps:
        _table({**results["http"], "queries": results["queries"]})
        _say()
    if "throughput" in steps:
        _say("requests/s (4 client threads):")
        for workers, values in sorted(results["requests_per_s"].items()):
            _say(f"  {workers} worker(s): " + ", ".join(f"{k} {v:.1f}" for k, v in values.items()))
    if "suggest" in steps:
        results["suggest_buddies"] = _suggest(10)
        _say(f"suggest_buddies: {results['suggest_buddies']}")
        save()
    if "explain" in steps:
        results["explain_kennisbank_search"] = _explain()
        _say("EXPLAIN kennisbank search:\n" + results["explain_kennisbank_search"])
    if "sweep" in steps:
        results["sweep"] = run_sweep(
            database_url,
            copy_name=args.sweep_db,
            smtp_port=args.smtp_port,
            counter=QueryCounter,
            redis_url=args.sweep_redis,
        )
        _say(f"sweep: {json.dumps(results['sweep'], indent=1)}")
    save()
    _say(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
