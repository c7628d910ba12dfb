"""The signals report's figures kept per day (PostgreSQL): what the page shows always
equals counting the quarter from scratch (`compute_signals_report`), also after a case
changed after the fact, at the quarter's edges and on the days the clocks change in
Europe/Amsterdam; small cells are suppressed after summing, never per day."""

import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from casussen import report_days, retention, services
from casussen.models import Case, DeadlineRule, SignalsChange, SignalsDay, SignalTag
from casussen.reports import SUPPRESSED, Quarter, compute_signals_report, signals_report
from steunpunt.erasure import erase_user
from tests.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    ThemeFactory,
    coordinator,
    make_case,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the day log is kept by PostgreSQL triggers"
    ),
]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
Q4 = Quarter(2026, 4)
# Monday 2, Tuesday 3 and Wednesday 4 November 2026.
MONDAY, TUESDAY, WEDNESDAY = date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 4)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMSTERDAM)


def travel(day: date, hour: int = 10, minute: int = 0):
    return time_machine.travel(at(day, hour, minute), tick=False)


def cases(count: int, *, prefix: str, **kwargs) -> list[Case]:
    return [make_case(email=f"{prefix}{n}@test.example.nl", **kwargs) for n in range(count)]


def view(quarter: Quarter = Q4):
    """The report as the page shows it, checked against counting from scratch."""
    report = signals_report(quarter=quarter)
    assert report == compute_signals_report(quarter=quarter)
    return report


def section(report, key: str) -> dict:
    return dict(next(s for s in report.sections if s.key == key).rows)


def stored(day: date) -> dict:
    return SignalsDay.objects.get(day=day).data


def resolve(case: Case, me) -> Case:
    services.case_assign(case=case, coordinator=me, actor=me)
    return services.case_transition(
        case=case, to_status=Case.Status.RESOLVED, actor=me, resolution=Case.Resolution.ANSWERED
    )


# --- What is kept ------------------------------------------------------------------------


def test_every_day_but_today_is_kept_and_today_is_counted_live():
    with travel(MONDAY):
        cases(2, prefix="a")
    with travel(TUESDAY):
        cases(3, prefix="b")
        assert view().total == 5

    assert stored(MONDAY)["kind:question"] == 2
    assert not SignalsDay.objects.filter(day=TUESDAY).exists()
    assert SignalsDay.objects.filter(day__gte=Q4.first_day, day__lte=Q4.last_day).count() == 91


def test_small_cells_are_suppressed_after_summing_the_days_not_per_day():
    theme = ThemeFactory(name="Thuiszitten")
    with travel(MONDAY):
        cases(2, prefix="a", theme=theme)
    with travel(TUESDAY):
        cases(3, prefix="b", theme=theme)
    with travel(WEDNESDAY):
        report = view()

    assert section(report, "thema")["Thuiszitten"] == 5
    # Each day keeps the raw count: 2 and 3, never "<5".
    assert stored(MONDAY)[f"theme:{theme.pk}"] == 2
    assert stored(TUESDAY)[f"theme:{theme.pk}"] == 3


def test_a_quarter_of_four_cases_over_two_days_stays_suppressed():
    with travel(MONDAY):
        cases(2, prefix="a")
    with travel(TUESDAY):
        cases(2, prefix="b")
    with travel(WEDNESDAY):
        assert view().total == SUPPRESSED


def test_a_kept_quarter_reads_no_case_rows_and_its_queries_are_pinned(
    django_assert_num_queries,
):
    school = OrganisationFactory()
    with travel(MONDAY):
        cases(5, prefix="a", school=school)
    with travel(date(2027, 1, 5)):
        view()
        # The kept days with their log entries, and the labels.
        with django_assert_num_queries(2), CaptureQueriesContext(connection) as queries:
            again = signals_report(quarter=Q4)

    assert again.total == 5
    assert not [q for q in queries.captured_queries if "casussen_case" in q["sql"]]


def test_the_current_quarter_adds_one_query_for_today(django_assert_num_queries):
    school = OrganisationFactory()
    with travel(MONDAY):
        cases(5, prefix="a", school=school)
    with travel(TUESDAY):
        view()
        cases(1, prefix="b", school=school)
        with django_assert_num_queries(3):
            assert signals_report(quarter=Q4).total == 6


def test_a_day_kept_before_it_came_is_counted_once_it_has_passed():
    # On Monday the rest of the quarter is kept, empty; Tuesday's cases come in on
    # Tuesday (counted live), and on Wednesday Tuesday is counted again.
    with travel(MONDAY):
        view()
    assert stored(TUESDAY) == {}
    with travel(TUESDAY):
        cases(5, prefix="a")
        assert view().total == 5
    with travel(WEDNESDAY):
        assert view().total == 5
    assert stored(TUESDAY)["kind:question"] == 5


# --- Changes after the fact ---------------------------------------------------------------


def test_a_case_answered_days_later_counts_for_the_day_it_came_in():
    me = coordinator()
    with travel(MONDAY):
        received = cases(5, prefix="a")
    with travel(WEDNESDAY):
        assert view().response_times[0].count == 0
        for case in received:
            services.case_message_to_parent(case=case, actor=me, text="We bellen je.")
        question = view().response_times[0]

    assert (question.count, question.median, question.within_norm) == (5, 2, 100)
    assert stored(MONDAY)["respond:question:2"] == 5


def test_a_theme_changed_later_moves_the_case_to_the_new_theme():
    me = coordinator()
    old, new = ThemeFactory(name="Vervoer"), ThemeFactory(name="Passend onderwijs")
    with travel(MONDAY):
        received = cases(6, prefix="a", theme=old)
    with travel(WEDNESDAY):
        view()
        for case in received[:5]:
            services.case_change_theme(case=case, theme=new, actor=me)
        themes = section(view(), "thema")

    assert (themes["Vervoer"], themes["Passend onderwijs"]) == (SUPPRESSED, 5)


def test_a_case_reopened_later_no_longer_counts_as_resolved():
    me = coordinator()
    with travel(MONDAY):
        done = [resolve(case, me) for case in cases(6, prefix="a")]
    with travel(WEDNESDAY):
        assert view().resolution_times[0].count == 6
        services.case_transition(case=done[0], to_status=Case.Status.IN_PROGRESS, actor=me)
        assert view().resolution_times[0].count == 5


def test_a_case_merged_later_as_a_duplicate_is_no_longer_counted():
    me = coordinator()
    with travel(MONDAY):
        *_rest, duplicate = cases(6, prefix="a")
    with travel(WEDNESDAY):
        assert view().total == 6
        services.case_transition(
            case=duplicate,
            to_status=Case.Status.CLOSED,
            actor=me,
            resolution=Case.Resolution.DUPLICATE,
        )
        assert view().total == 5


def test_signal_tags_added_and_removed_later():
    tag = SignalTag.objects.create(name="Wachtlijst", slug="wachtlijst")
    with travel(MONDAY):
        received = cases(5, prefix="a")
    with travel(WEDNESDAY):
        view()
        for case in received:
            case.signal_tags.add(tag)
        assert section(view(), "signalen")["Wachtlijst"] == 5
        received[0].signal_tags.remove(tag)
        assert section(view(), "signalen")["Wachtlijst"] == SUPPRESSED


def test_an_evaluation_sent_in_later_counts_for_the_day_of_resolving():
    me = coordinator()
    with travel(MONDAY):
        done = [resolve(case, me) for case in cases(5, prefix="a")]
    with travel(WEDNESDAY):
        assert view().evaluations == 0
        for case in done:
            services.evaluation_submit(
                evaluation=case.evaluation, satisfaction=4, topics={"nearby": "agree"}
            )
        report = view()

    assert (report.evaluations, report.satisfaction_mean) == (5, 4.0)
    assert stored(MONDAY)["score:4"] == 5


def test_anonymising_by_retention_keeps_the_figures():
    me = coordinator()
    with travel(MONDAY):
        closed = []
        for case in cases(5, prefix="a"):
            case = resolve(case, me)
            closed.append(
                services.case_transition(case=case, to_status=Case.Status.CLOSED, actor=me)
            )
    with travel(WEDNESDAY):
        before = view()
        changes = SignalsChange.objects.count()
        assert retention.cases_apply([case.pk for case in closed]) == 5
        # Anonymising touches nothing the report counts: no day to count again.
        assert SignalsChange.objects.count() == changes
        assert view() == before


def test_erasure_of_a_parent_with_an_open_case():
    with travel(MONDAY):
        received = cases(5, prefix="a")
    with travel(WEDNESDAY):
        view()
        erase_user(received[0].parent, sign_out=False)
        report = view()

    received[0].refresh_from_db()
    assert received[0].resolution == Case.Resolution.WITHDRAWN
    assert report.total == 5


def test_a_queryset_update_and_a_delete_are_seen_too():
    with travel(MONDAY):
        received = cases(6, prefix="a")
    with travel(WEDNESDAY):
        view()
        Case.objects.filter(pk=received[0].pk).update(channel=Case.Channel.PHONE)
        assert section(view(), "kanaal")["Telefoon"] == SUPPRESSED
        Case.objects.filter(pk=received[1].pk).delete()
        assert view().total == 5


def test_a_change_the_report_does_not_count_logs_nothing():
    with travel(MONDAY):
        (case,) = cases(1, prefix="a")
    before = SignalsChange.objects.count()

    Case.objects.filter(pk=case.pk).update(priority=Case.Priority.HIGH, description="Anders.")

    assert SignalsChange.objects.count() == before


def test_a_logged_change_makes_a_kept_day_be_counted_again():
    with travel(MONDAY):
        cases(5, prefix="a")
    with travel(WEDNESDAY):
        view()
        SignalsDay.objects.filter(day=MONDAY).update(data={"kind:question": 99})
        SignalsChange.objects.create(moment=at(MONDAY, 12))
        assert view().total == 5
    assert not SignalsChange.objects.filter(moment__lt=at(TUESDAY, 0)).exists()


def test_a_kept_quarter_viewed_again_reads_no_stored_figures():
    with travel(MONDAY):
        cases(5, prefix="a")
    with travel(WEDNESDAY):
        view()
        with CaptureQueriesContext(connection) as queries:
            again = signals_report(quarter=Q4)

    assert again.total == 5
    assert not [q for q in queries.captured_queries if '"data"' in q["sql"]]


def test_a_day_stored_again_elsewhere_is_read_again():
    # Another web worker stores Monday again (a new version of its row, at the same
    # frozen moment): the sum this process kept of the quarter is not used.
    with travel(MONDAY):
        cases(5, prefix="a")
    with travel(WEDNESDAY):
        assert view().total == 5
        with transaction.atomic():
            SignalsDay.objects.filter(day=MONDAY).update(data={"kind:question": 7})

        assert signals_report(quarter=Q4).total == 7


def test_the_sums_kept_per_process_are_bounded():
    with travel(WEDNESDAY):
        for year in (2024, 2025):
            for number in (1, 2, 3, 4):
                signals_report(quarter=Quarter(year, number))
        signals_report(quarter=Q4)

    assert len(report_days._SUMS) == report_days._SUMS_KEPT
    assert (Q4.first_day, Q4.last_day) in report_days._SUMS


# --- Edges of days and quarters in Europe/Amsterdam -----------------------------------------


def test_the_quarter_boundary_at_midnight_local_time():
    # 23:30 on 30 September in Amsterdam is 21:30 UTC; 00:30 on 1 October is still
    # 30 September in UTC.
    with travel(date(2026, 9, 30), 23, 30):
        cases(5, prefix="oud")
    with travel(date(2026, 10, 1), 0, 30):
        cases(6, prefix="nieuw")
    with travel(date(2026, 10, 1), 10):
        assert (view(Quarter(2026, 3)).total, view().total) == (5, 6)
    with travel(date(2026, 10, 2), 10):
        assert (view(Quarter(2026, 3)).total, view().total) == (5, 6)

    assert stored(date(2026, 9, 30))["kind:question"] == 5
    assert stored(date(2026, 10, 1))["kind:question"] == 6


def test_the_day_the_clocks_go_back_has_25_hours():
    # Sunday 25 October 2026: 00:15 is 22:15 UTC the day before (summer time), 23:45 is
    # 22:45 UTC (winter time); 00:15 on Monday is still Sunday in UTC.
    with travel(date(2026, 10, 25), 0, 15):
        cases(2, prefix="a")
    with travel(date(2026, 10, 25), 23, 45):
        cases(3, prefix="b")
    with travel(date(2026, 10, 26), 0, 15):
        cases(4, prefix="c")
    with travel(date(2026, 10, 27)):
        assert view().total == 9

    assert stored(date(2026, 10, 24)) == {}
    assert stored(date(2026, 10, 25))["kind:question"] == 5
    assert stored(date(2026, 10, 26))["kind:question"] == 4
    assert report_days.day_start(date(2026, 10, 26)) - report_days.day_start(
        date(2026, 10, 25)
    ) == (at(date(2026, 10, 26), 0) - at(date(2026, 10, 25), 0))


def test_the_day_the_clocks_go_forward_has_23_hours():
    # Sunday 29 March 2026: 00:30 is winter time (23:30 UTC the day before), 23:30 is
    # summer time (21:30 UTC).
    with travel(date(2026, 3, 29), 0, 30):
        cases(2, prefix="a")
    with travel(date(2026, 3, 29), 23, 30):
        cases(3, prefix="b")
    with travel(date(2026, 3, 30), 0, 30):
        cases(1, prefix="c")
    with travel(date(2026, 3, 31), 12):
        assert view(Quarter(2026, 1)).total == 6
    with travel(date(2026, 4, 1), 9):
        assert view(Quarter(2026, 1)).total == 6

    assert stored(date(2026, 3, 29))["kind:question"] == 5
    assert stored(date(2026, 3, 30))["kind:question"] == 1


def test_a_case_just_before_midnight_is_kept_with_its_own_day():
    with travel(MONDAY, 23, 59):
        cases(5, prefix="a")
        assert view().total == 5
    with travel(TUESDAY, 0, 1):
        cases(1, prefix="b")
        assert view().total == 6

    assert stored(MONDAY)["kind:question"] == 5


# --- Labels are looked up, not kept ----------------------------------------------------------


def test_a_theme_renamed_and_a_school_moved_show_at_once():
    school = OrganisationFactory(municipality__name="Alkmaar")
    theme = ThemeFactory(name="Vervoer")
    with travel(MONDAY):
        cases(5, prefix="a", school=school, theme=theme)
    with travel(WEDNESDAY):
        assert section(view(), "gemeente")["Alkmaar"] == 5
        theme.name = "Leerlingenvervoer"
        theme.save()
        school.municipality = MunicipalityFactory(name="Bergen")
        school.save()
        report = view()

    assert section(report, "thema")["Leerlingenvervoer"] == 5
    assert section(report, "gemeente") == {"Alkmaar": 0, "Bergen": 5, "onbekend": 0}


# --- A change committed while a view counts ---------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_while_a_view_counts_is_counted_on_the_next_view(monkeypatch):
    """The race the log is built for: a coordinator answers a case of Monday (in another
    connection, committed) after the view has counted Monday but before it stores it.
    The real count runs; the wrapper only puts the other connection's change between
    counting and storing."""
    me = coordinator()
    with travel(MONDAY):
        received = cases(5, prefix="a")
    count_days = report_days.count_days

    def count_then_answer(days):
        figures = count_days(days)
        if MONDAY in figures:

            def answer():
                try:
                    services.case_message_to_parent(case=received[0], actor=me, text="Hallo.")
                finally:
                    connections.close_all()

            thread = threading.Thread(target=answer)
            thread.start()
            thread.join()
        return figures

    with travel(WEDNESDAY):
        monkeypatch.setattr(report_days, "count_days", count_then_answer)
        first = signals_report(quarter=Q4)
        monkeypatch.undo()
        assert first.response_times[0].count == 0  # counted before the answer came
        assert stored(MONDAY).get("respond:question:2") is None
        again = view()

    assert again.response_times[0].count == SUPPRESSED  # one answer: "<5", but counted
    assert stored(MONDAY)["respond:question:2"] == 1


def test_a_changed_default_term_shows_as_the_norm_at_once():
    with travel(MONDAY):
        cases(5, prefix="a")
    with travel(WEDNESDAY):
        view()
        DeadlineRule.objects.create(
            kind=Case.Kind.QUESTION, respond_working_days=3, resolve_weeks=4
        )
        report = view()

    assert report.response_times[0].norm == "3 werkdagen"
    assert report.resolution_times[0].norm == "4 weken"
