"""The figures of a publication against the ones published before: the year so far
minus the other quarters, and a quarter published again after a withdrawal."""

import pytest
import time_machine

from signalen import services

from .conftest import add_cases
from .test_services import ALL

pytestmark = pytest.mark.django_db

IN_Q1 = "2026-02-10 10:00 +01:00"
IN_Q2 = "2026-05-12 10:00 +02:00"
IN_JULY = "2026-07-15 10:00 +02:00"


def _publish(quarter, preparer, approver):
    publication = services.publication_prepare(
        year=2026,
        quarter=quarter,
        title=f"Kwartaal {quarter}",
        summary="Samenvatting.",
        sections=ALL,
        is_public=True,
        actor=preparer,
    )
    services.publication_transition(publication=publication, action="submit", actor=preparer)
    return services.publication_transition(
        publication=publication, action="approve", actor=approver
    )


def _themes(publication, column="quarter"):
    table = next(t for t in publication.figures["tables"] if t["key"] == "thema")
    return {row["label"]: row[column] for row in table["rows"]}


def _derivable(q1, q2, year):
    """What a reader can work out from the two publications, per theme."""
    found = {}
    for label in year:
        known = [v for v in (q1[label], q2[label], year[label]) if v is not None]
        if len(known) == 2:
            found[label] = True
    return found


def test_the_year_so_far_minus_the_first_quarter_does_not_give_the_hidden_one(
    themes, preparer, an_editor
):
    add_cases(themes["thuiszitten"], 3, when=IN_Q1)
    add_cases(themes["passend"], 10, when=IN_Q1)
    add_cases(themes["thuiszitten"], 10, when=IN_Q2)
    add_cases(themes["passend"], 10, when=IN_Q2)
    with time_machine.travel(IN_JULY, tick=False):
        first = _publish(1, preparer, an_editor)
        second = _publish(2, preparer, an_editor)

    q1, q2, year = _themes(first), _themes(second), _themes(second, "year_to_date")
    assert first.figures["year_to_date"] is False
    assert second.figures["year_to_date"] is True
    assert q1["Thuiszitten"] is None  # the 3
    # Thuiszitten: Q1 hidden, so Q2 (10) and the year (13) may not both be shown.
    assert q2["Thuiszitten"] is None or year["Thuiszitten"] is None
    assert "Thuiszitten" not in _derivable(q1, q2, year)
    # The year's total minus the quarters' totals gives nothing away either.
    totals = (first.figures["total"]["quarter"], second.figures["total"]["quarter"])
    assert None not in totals
    assert second.figures["total"]["year_to_date"] == sum(totals)


def test_a_quarter_without_small_groups_shows_the_year_whole(themes, preparer, an_editor):
    add_cases(themes["thuiszitten"], 6, when=IN_Q1)
    add_cases(themes["thuiszitten"], 7, when=IN_Q2)
    with time_machine.travel(IN_JULY, tick=False):
        _publish(1, preparer, an_editor)
        second = _publish(2, preparer, an_editor)

    assert _themes(second)["Thuiszitten"] == 7
    assert _themes(second, "year_to_date")["Thuiszitten"] == 13


def test_without_a_publication_of_every_earlier_quarter_there_is_no_year_column(
    themes, preparer, an_editor
):
    add_cases(themes["thuiszitten"], 6, when=IN_Q2)
    with time_machine.travel(IN_JULY, tick=False):
        second = _publish(2, preparer, an_editor)

    assert second.figures["year_to_date"] is False
    assert "year_to_date" not in second.figures["tables"][0]["rows"][0]


def test_published_again_a_small_change_is_not_shown(themes, preparer, an_editor):
    add_cases(themes["thuiszitten"], 20, when=IN_Q2)
    add_cases(themes["passend"], 30, when=IN_Q2)
    with time_machine.travel(IN_JULY, tick=False):
        first = _publish(2, preparer, an_editor)
        services.publication_transition(publication=first, action="withdraw", actor=an_editor)
        add_cases(themes["thuiszitten"], 2, when=IN_Q2)  # found late: 22 now
        again = _publish(2, preparer, an_editor)

    assert _themes(first)["Thuiszitten"] == 20
    # 22 - 20 would show the 2 that came in late.
    assert _themes(again)["Thuiszitten"] is None
    assert _themes(again)["Passend onderwijs"] is None or again.figures["total"]["quarter"] is None
