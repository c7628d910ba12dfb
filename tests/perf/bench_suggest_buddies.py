"""How fast `oudernetwerk.services.suggest_buddies` ranks 10,000 buddies.

Run from the project root (not collected by pytest; the name does not start with test_):

    DJANGO_SETTINGS_MODULE=config.settings .venv/bin/python tests/perf/bench_suggest_buddies.py

It builds a throwaway SQLite database in a new folder under /tmp (never the project's
own, whatever DATABASE_URL says), fills it with invented buddies, requests and matches,
times the ranking and removes the folder again (`--keep` leaves it)."""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _setup(folder: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["DJANGO_VAR_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _fill(buddies: int, requests: int, rng: random.Random):
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from oudernetwerk.models import BuddyProfile, BuddyRequest, Match, SchoolType
    from steunpunt.models import AgeBand, Municipality, Theme

    user_model = get_user_model()
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        places = Municipality.objects.bulk_create(
            [Municipality(name=f"Gemeente {n}", slug=f"gemeente-{n}") for n in range(12)]
        )
        for n, place in enumerate(places):
            place.neighbours.add(places[(n + 1) % len(places)], places[(n + 5) % len(places)])
        themes = Theme.objects.bulk_create(
            [Theme(name=f"Thema {n}", slug=f"thema-{n}", position=n) for n in range(12)]
        )
        people = user_model.objects.bulk_create(
            [
                user_model(email=f"persoon{n}@bench.example.nl", password="!")
                for n in range(buddies + requests + 1)
            ]
        )
        statuses = ["approved"] * 16 + ["paused", "applied", "rejected"]
        languages = [["nl"]] * 6 + [["nl", "en"], ["nl", "ar"], ["nl", "tr"], ["pl", "en"]]
        profiles = BuddyProfile.objects.bulk_create(
            [
                BuddyProfile(
                    user=people[n],
                    status=rng.choice(statuses),
                    languages=rng.choice(languages),
                    age_bands=rng.sample(AgeBand.values, rng.randint(0, 3)),
                    school_types=rng.sample(SchoolType.values, rng.randint(0, 2)),
                    max_active_matches=rng.randint(1, 3),
                    introduction="Ervaren ouder.",
                    intake_held_at=today - timedelta(days=1500),
                    # Some VOGs ran out: up to four years old.
                    vog_date=today - timedelta(days=rng.randint(0, 4 * 365)),
                    approved_at=now - timedelta(days=rng.randint(0, 1400)),
                )
                for n in range(buddies)
            ]
        )
        theme_links = BuddyProfile.themes.through
        place_links = BuddyProfile.municipalities.through
        theme_links.objects.bulk_create(
            [
                theme_links(buddyprofile_id=p.pk, theme_id=t.pk)
                for p in profiles
                for t in rng.sample(themes, rng.randint(1, 3))
            ],
            batch_size=5000,
        )
        place_links.objects.bulk_create(
            [
                place_links(buddyprofile_id=p.pk, municipality_id=m.pk)
                for p in profiles
                for m in rng.sample(places, rng.randint(1, 3))
            ],
            batch_size=5000,
        )
        asks = BuddyRequest.objects.bulk_create(
            [
                BuddyRequest(
                    parent=people[buddies + n],
                    municipality=rng.choice(places),
                    hopes="Iemand om mee te praten.",
                    answer_by=today,
                )
                for n in range(requests)
            ]
        )
        # One match per earlier request, in every stage; at most one running per request.
        Match.objects.bulk_create(
            [
                Match(
                    request=ask,
                    buddy=rng.choice(profiles),
                    status=rng.choice(["proposed", "accepted", "active", "ended", "declined"]),
                    proposed_at=now - timedelta(days=rng.randint(0, 700)),
                )
                for ask in asks
            ],
            batch_size=5000,
        )
        target = BuddyRequest.objects.create(
            parent=people[-1],
            municipality=places[0],
            age_band="8-12",
            school_type="so",
            language="nl",
            hopes="Iemand die het speciaal onderwijs kent.",
            answer_by=today,
        )
        target.themes.set(themes[:2])
    return target


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buddies", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=4_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="keep the database folder")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="osp-bench-", dir="/tmp")
    try:
        _setup(folder)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from oudernetwerk import services

        started = time.perf_counter()
        target = _fill(args.buddies, args.requests, random.Random(42))
        _say(
            f"filled {args.buddies} buddies, {args.requests} matches in "
            f"{time.perf_counter() - started:.1f} s"
        )
        eligible = services.eligible_buddies(request=target).count()
        services.suggest_buddies(request=target)  # warm the caches
        timings = []
        for _run in range(args.runs):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                suggestions = services.suggest_buddies(request=target)
            timings.append((time.perf_counter() - started) * 1000)
        _say(f"eligible after the hard constraints: {eligible}")
        _say(
            f"suggest_buddies over {args.runs} runs: median {statistics.median(timings):.0f} ms, "
            f"min {min(timings):.0f} ms, max {max(timings):.0f} ms, "
            f"{len(queries.captured_queries)} queries"
        )
        best = suggestions[0]
        _say(f"best: score {best.score}: {', '.join(best.reasons)}")
    finally:
        if args.keep:
            _say(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
