"""`manage.py seed_scale` at tiny sizes: what it makes, that it is invented, and when it refuses."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from casussen.management.commands.seed_scale import SITUATIONS, SUBJECTS
from casussen.models import Case, CaseEvent, FollowUp
from kennisbank.models import Article
from oudernetwerk.models import BuddyProfile
from steunpunt.models import User

pytestmark = pytest.mark.django_db

TINY = [
    "--small",
    "--cases=30",
    "--events-per-case=2.5",
    "--users=20",
    "--followups=6",
    "--buddies=5",
    "--articles=4",
    "--demo-cases=3",
    "--batch-size=7",
]


def _seed(*extra):
    call_command("seed_scale", *TINY, *extra, stdout=io.StringIO(), stderr=io.StringIO())


def test_seeds_the_sizes_asked_for():
    _seed()
    assert Case.objects.filter(parent__email__endswith="@schaal.example.nl").count() == 30
    assert User.objects.filter(email__endswith="@schaal.example.nl").count() == 20
    assert BuddyProfile.objects.filter(user__email__endswith="@schaal.example.nl").count() == 5
    assert Article.objects.filter(slug__startswith="schaal-", status="published").count() == 4
    assert FollowUp.objects.filter(contact_email__endswith="@schaal.example.nl").count() == 6


def test_timeline_has_about_the_events_per_case_and_starts_with_submitted():
    _seed()
    seeded = Case.objects.filter(parent__email__endswith="@schaal.example.nl")
    events = CaseEvent.objects.filter(case__in=seeded)
    assert 2 * 30 <= events.count() <= 3 * 30
    first = events.filter(case=seeded.first()).order_by("created_at").first()
    assert first.kind == CaseEvent.Kind.SUBMITTED


def test_demo_parent_gets_the_demo_cases():
    _seed()
    stories = Case.objects.filter(parent__email="ouder@demo.example.nl").values_list(
        "description", flat=True
    )
    openings = tuple(f"{who} {what}." for who in SUBJECTS for what in SITUATIONS)
    from_word_bank = [story for story in stories if story.startswith(openings)]
    assert len(from_word_bank) == 3


def test_keeps_the_invented_dates_instead_of_now():
    _seed()
    dates = set(
        Case.objects.filter(parent__email__endswith="@schaal.example.nl").values_list(
            "created_at__date", flat=True
        )
    )
    assert len(dates) > 1


def test_references_stay_unique_and_the_counter_continues_after_them():
    _seed()
    references = list(Case.objects.values_list("reference", flat=True))
    assert len(references) == len(set(references))


def test_refuses_to_run_twice():
    _seed()
    with pytest.raises(CommandError, match="seeded at scale already"):
        _seed()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite refusal")
def test_refuses_sqlite_without_small():
    with pytest.raises(CommandError, match="expects PostgreSQL"):
        call_command("seed_scale", "--cases=1", stdout=io.StringIO(), stderr=io.StringIO())
