"""The work queue counted in one query (issue #12): every entry's number the same as its
own `.count()`, whatever kind of query set it is, and compiled once per process where
an entry gives a `CompiledCount`."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casussen.models import Case, FollowUp
from steunpunt.models import Theme
from steunpunt.work_queue import CompiledCount, WorkQueueEntry, _counted, count_together
from tests.factories import OrganisationFactory, ThemeFactory, UserFactory, make_case

pytestmark = pytest.mark.django_db


def _querysets():
    first, second = ThemeFactory(), ThemeFactory()
    for n in range(3):
        make_case(email=f"o{n}@test.example.nl", theme=first if n else second)
    OrganisationFactory()
    cases = Case.objects.order_by()
    return [
        cases.filter(theme=first),
        cases.filter(theme=second),
        cases.filter(pk__in=[]),  # nothing to count: no SQL for it
        Case.objects.none(),
        Theme.objects.all(),  # ordered by its Meta: the order does not matter here
        cases.values("theme_id").distinct(),
        FollowUp.objects.filter(case__theme=first),
    ]


def test_counts_together_what_each_counts_alone():
    querysets = _querysets()
    alone = [queryset.count() for queryset in querysets]

    with CaptureQueriesContext(connection) as queries:
        together = count_together(querysets)

    assert together == alone
    assert len(queries.captured_queries) == 1


def test_nothing_to_count_asks_nothing():
    with CaptureQueriesContext(connection) as queries:
        assert count_together([Case.objects.none()]) == [0]
        assert count_together([]) == []

    assert queries.captured_queries == []


def test_entries_get_numbers_and_halves_are_added():
    first, second, *_rest = _querysets()

    entries = _counted(
        [
            WorkQueueEntry(rank=1, label="a", count=first, url="/a", role="coordinator"),
            WorkQueueEntry(rank=2, label="b", count=(first, second), url="/b", role="coordinator"),
            WorkQueueEntry(rank=3, label="c", count=7, url="/c", role="editor"),
        ]
    )

    assert [entry.count for entry in entries] == [2, 3, 7]


def _two_owners_and_deadlines():
    first, second = UserFactory(), UserFactory()
    for n, (owner, days) in enumerate([(first, 0), (first, 3), (second, 5)]):
        case = make_case(email=f"d{n}@test.example.nl")
        Case.objects.filter(pk=case.pk).update(
            assigned_to=owner, respond_by=timezone.localdate() + timedelta(days=days)
        )
    return first, second


def test_a_compiled_count_counts_for_each_user_and_day_what_its_query_set_counts():
    first, second = _two_owners_and_deadlines()
    today = timezone.localdate()
    count = CompiledCount(
        lambda user, day: Case.objects.filter(assigned_to=user, respond_by__lte=day),
        "user",
        "today",
    )
    asked = [
        (first, today),
        (first, today + timedelta(days=4)),
        (second, today + timedelta(days=9)),
    ]

    together = count_together([count.of(user, day) for user, day in asked])

    assert together == [
        Case.objects.filter(assigned_to=user, respond_by__lte=day).count() for user, day in asked
    ]
    assert together == [1, 2, 1]


def test_a_compiled_count_is_built_once():
    first, second = _two_owners_and_deadlines()
    builds = []

    def build(user):
        builds.append(user)
        return Case.objects.filter(assigned_to=user)

    count = CompiledCount(build, "user")
    count_together([count.of(first, timezone.localdate())])
    count_together([count.of(second, timezone.localdate())])

    assert len(builds) == 1


def test_a_compiled_count_that_uses_no_value_as_it_is_is_refused():
    count = CompiledCount(
        lambda day: Case.objects.filter(respond_by__lt=day - timedelta(days=1)), "today"
    )

    with pytest.raises(ValueError, match="is not a parameter"):
        count_together([count.of(UserFactory(), timezone.localdate())])
