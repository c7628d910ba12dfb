"""The work queue counted in one query (issue #12): every entry's number the same as its
own `.count()`, whatever kind of query set it is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casussen.models import Case, FollowUp
from steunpunt.models import Theme
from steunpunt.work_queue import WorkQueueEntry, _counted, count_together
from tests.factories import OrganisationFactory, ThemeFactory, make_case

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
