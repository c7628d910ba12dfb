"""How fast the case reminder sweep handles many due follow-ups, first and second run.

Run from the project root against a throwaway PostgreSQL database, fresh each run (it is
migrated and filled with invented data; never point it at a real one):

    dropdb --if-exists -h 127.0.0.1 -U postgres osp_ssweep_bench
    createdb -h 127.0.0.1 -U postgres osp_ssweep_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/osp_ssweep_bench \\
        .venv/bin/python tests/perf/bench_sweep.py --followups 20000

Email goes to the locmem backend and Celery runs in-process, so the first run's time
includes rendering and delivering every email. Not collected by pytest."""

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PER_CASE = 20


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _fill(followups: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from casussen import services
    from casussen.models import Case, Consent, FollowUp, Reminder
    from tests.factories import OrganisationFactory, coordinator, make_case

    with transaction.atomic():
        Reminder.objects.all().delete()
        FollowUp.objects.all().delete()
        worker = coordinator()
        school = OrganisationFactory(contact_email="zorg@school.example.nl")
        template = services.case_assign(case=make_case(), coordinator=worker, actor=worker)
        cases = []
        for number in range((followups + PER_CASE - 1) // PER_CASE):
            case = Case.objects.get(pk=template.pk)
            case.pk = None
            case.reference = f"B{number:07d}"
            cases.append(case)
        cases = Case.objects.bulk_create(cases, batch_size=1000)
        consents = Consent.objects.bulk_create(
            [
                Consent(
                    case=case,
                    organisation=school,
                    method=Consent.Method.PHONE,
                    given_at=timezone.now(),
                )
                for case in cases
            ],
            batch_size=1000,
        )
        today = timezone.localdate()
        created = timezone.now() - timedelta(days=14)
        rows = [
            FollowUp(
                case=consent.case,
                consent=consent,
                organisation=school,
                contact_email=f"partner{n}@school.example.nl",
                request="Wilt u het ontwikkelingsperspectief met de ouder bespreken?",
                due_date=today,
            )
            for n, consent in enumerate(c for c in consents for _ in range(PER_CASE))
        ][:followups]
        FollowUp.objects.bulk_create(rows, batch_size=1000)
        FollowUp.objects.update(created_at=created)


def _run(label: str) -> None:
    from django.core import mail
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from casussen import services

    mail.outbox = []
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        counts = services.sweep_reminders()
        seconds = time.perf_counter() - start
    due = counts["followup_on_due"]
    emails = len(mail.outbox)
    sys.stdout.write(
        f"{label}: {seconds:7.2f} s  on-due reminders {due:6d}  emails {emails:6d}"
        f"  {due / seconds:8.0f} follow-ups/s  {len(queries)} queries"
        + (f" ({len(queries) / emails:.3f}/email)" if emails else "")
        + "\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followups", type=int, default=20_000)
    args = parser.parse_args()
    _setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at a throwaway PostgreSQL database.")
    _fill(args.followups)
    _run("first run ")
    _run("second run")


if __name__ == "__main__":
    main()
