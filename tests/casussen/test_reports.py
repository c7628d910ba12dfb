"""The signals report for coordinators: counts, times and scores per quarter, with every
small number suppressed, on the page and in the CSV."""

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casussen import services
from casussen.models import Case, SignalTag
from casussen.reports import SUPPRESSED, Quarter, signals_report, suppress
from steunpunt.models import Organisation
from tests.factories import (
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
    editor,
    make_case,
)

pytestmark = pytest.mark.django_db

REPORT = "admin:casussen_signals_report"
CSV = "admin:casussen_signals_report_csv"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Monday 2 November 2026, in the fourth quarter.
MONDAY = datetime(2026, 11, 2, 10, 0, tzinfo=AMSTERDAM)
Q4 = Quarter(2026, 4)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=AMSTERDAM)


def cases(count: int, *, prefix: str = "ouder", **kwargs) -> list[Case]:
    return [make_case(email=f"{prefix}{n}@test.example.nl", **kwargs) for n in range(count)]


def section(report, key: str) -> dict:
    return dict(next(s for s in report.sections if s.key == key).rows)


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


# --- Suppression -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "shown"), [(0, 0), (1, SUPPRESSED), (4, SUPPRESSED), (5, 5), (31, 31)]
)
def test_suppress_hides_counts_from_1_to_4_but_not_zero(count, shown):
    assert suppress(count) == shown


@pytest.mark.parametrize(
    ("count", "statistic", "shown"),
    [(0, None, None), (1, 3.0, SUPPRESSED), (4, 2.5, SUPPRESSED), (5, 2.5, 2.5), (9, 0, 0)],
)
def test_suppress_hides_a_statistic_of_fewer_than_5_cases(count, statistic, shown):
    assert suppress(count, statistic) == shown


# --- Quarters ----------------------------------------------------------------------------


def test_quarter_parses_the_query_and_falls_back_to_the_current_one():
    with time_machine.travel(MONDAY, tick=False):
        assert Quarter.parse("2026-1") == Quarter(2026, 1)
        for wrong in [None, "", "2026-5", "2026-Q4", "26-4", "1999-1", "2026-4; drop"]:
            assert Quarter.parse(wrong) == Q4


def test_quarter_steps_over_the_year_and_knows_its_days():
    assert (Q4.next, Q4.previous, Quarter(2027, 1).previous) == (
        Quarter(2027, 1),
        Quarter(2026, 3),
        Q4,
    )
    assert (Q4.first_day, Q4.last_day, Q4.code, Q4.param) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
        "2026-Q4",
        "2026-4",
    )
    assert Q4.bounds() == (at(date(2026, 10, 1), 0), at(date(2027, 1, 1), 0))


def test_a_case_on_31_december_and_one_on_1_january_fall_in_their_own_quarter():
    # 23:30 on New Year's Eve in Amsterdam is still 2026, though it is 22:30 in UTC;
    # 00:30 on New Year's Day is 2027 here but still 2026 in UTC.
    with time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=AMSTERDAM), tick=False):
        cases(5, prefix="oud")
    with time_machine.travel(datetime(2027, 1, 1, 0, 30, tzinfo=AMSTERDAM), tick=False):
        cases(6, prefix="nieuw")

    assert signals_report(quarter=Q4).total == 5
    assert signals_report(quarter=Quarter(2027, 1)).total == 6


# --- Who may see it ----------------------------------------------------------------------


@pytest.mark.parametrize("name", [REPORT, CSV])
def test_coordinator_opens_the_report_and_the_csv(client, name):
    client.force_login(coordinator())

    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", [REPORT, CSV])
def test_editor_is_refused(client, name):
    client.force_login(editor())

    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", [REPORT, CSV])
@pytest.mark.parametrize("role", ["buddy", "partner", None])
def test_buddy_partner_and_parent_never_reach_the_report(client, name, role):
    client.force_login(UserFactory(roles=[role] if role else []))

    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert client.get(response.url).status_code == 403


@pytest.mark.parametrize("name", [REPORT, CSV])
def test_anonymous_is_sent_to_the_admin_login(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_staff_who_may_see_cases_but_not_the_report_is_refused(client):
    user = editor()
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="casussen", codename__in=["view_case", "view_evaluation"]
        )
    )
    client.force_login(user)

    assert client.get(reverse("admin:casussen_case_changelist")).status_code == 200
    assert client.get(reverse(REPORT)).status_code == 403


# --- Counts ------------------------------------------------------------------------------


@time_machine.travel(MONDAY, tick=False)
def test_counts_per_theme_show_small_cells_as_less_than_5(client):
    busy, quiet, empty = ThemeFactory(name="Thuiszitten"), ThemeFactory(), ThemeFactory()
    cases(6, theme=busy, prefix="a")
    cases(2, theme=quiet, prefix="b")
    client.force_login(coordinator())

    response = client.get(reverse(REPORT))

    report = response.context["report"]
    themes = section(report, "thema")
    assert themes[busy.name] == 6
    assert themes[quiet.name] == SUPPRESSED
    assert themes[empty.name] == 0
    assert report.total == 8
    html = response.content.decode()
    assert '<th scope="row">Thuiszitten</th><td>6</td>' in html
    assert f'<th scope="row">{quiet.name}</th><td>&lt;5</td>' in html


@time_machine.travel(MONDAY, tick=False)
def test_counts_per_kind_channel_municipality_and_school_type():
    school = OrganisationFactory(kind=Organisation.Kind.SCHOOL_SO, municipality__name="Alkmaar")
    cases(5, school=school, prefix="a")
    cases(2, kind="complaint", complaint_about=school, prefix="b")
    cases(1, channel=Case.Channel.PHONE, prefix="c")

    report = signals_report(quarter=Q4)

    assert section(report, "soort") == {"Vraag": 6, "Klacht": SUPPRESSED}
    assert section(report, "kanaal") == {
        "Website": 7,
        "Telefoon": SUPPRESSED,
        "E-mail": 0,
        "Inloop": 0,
    }
    assert section(report, "gemeente") == {"Alkmaar": 5, "onbekend": SUPPRESSED}
    school_types = section(report, "schoolsoort")
    assert school_types[Organisation.Kind.SCHOOL_SO.label] == 5
    assert school_types[Organisation.Kind.SCHOOL_PO.label] == 0
    assert school_types["onbekend"] == SUPPRESSED


@time_machine.travel(MONDAY, tick=False)
def test_signal_tags_are_counted_and_suppressed():
    common = SignalTag.objects.create(name="Wachtlijst", slug="wachtlijst")
    rare = SignalTag.objects.create(name="Vervoer", slug="vervoer")
    unused = SignalTag.objects.create(name="Pesten", slug="pesten")
    tagged = cases(5)
    for case in tagged:
        case.signal_tags.add(common)
    tagged[0].signal_tags.add(rare)

    assert section(signals_report(quarter=Q4), "signalen") == {
        unused.name: 0,
        common.name: 5,
        rare.name: SUPPRESSED,
    }


@time_machine.travel(MONDAY, tick=False)
def test_a_merged_duplicate_is_not_counted_twice():
    theme = ThemeFactory()
    *_rest, duplicate = cases(6, theme=theme)
    services.case_transition(
        case=duplicate,
        to_status=Case.Status.CLOSED,
        actor=coordinator(),
        resolution=Case.Resolution.DUPLICATE,
    )

    assert section(signals_report(quarter=Q4), "thema")[theme.name] == 5


# --- Times against the norm --------------------------------------------------------------


def test_median_first_response_and_share_within_the_norm():
    me = coordinator()
    with time_machine.travel(MONDAY, tick=False):
        questions = cases(5, prefix="v")
        complaints = cases(4, kind="complaint", prefix="k")
    # Working days after Monday 2 November: Tue 3 = 1, Wed 4 = 2, Thu 5 = 3, Mon 9 = 5.
    for case, day in zip(questions, [3, 3, 4, 5, 9], strict=True):
        with time_machine.travel(at(date(2026, 11, day)), tick=False):
            services.case_message_to_parent(case=case, actor=me, text="We bellen je morgen.")
    for case in complaints:
        with time_machine.travel(at(date(2026, 11, 3)), tick=False):
            services.case_message_to_parent(case=case, actor=me, text="We hebben hem.")

    report = signals_report(quarter=Q4)

    question, complaint = report.response_times
    assert (question.count, question.median, question.norm, question.within_norm) == (
        5,
        2,
        "2 werkdagen",
        60,
    )
    assert (complaint.count, complaint.median, complaint.norm, complaint.within_norm) == (
        SUPPRESSED,
        SUPPRESSED,
        "5 werkdagen",
        SUPPRESSED,
    )


def test_median_resolution_time_of_cases_resolved_in_the_quarter():
    me = coordinator()
    with time_machine.travel(MONDAY, tick=False):
        questions = cases(5)
        for case in questions:
            services.case_assign(case=case, coordinator=me, actor=me)
    # 4, 5, 6, 8 and 12 working days; the norm is 10, so the last one is late.
    for case, day in zip(questions, [6, 9, 10, 12, 18], strict=True):
        with time_machine.travel(at(date(2026, 11, day)), tick=False):
            services.case_transition(
                case=case,
                to_status=Case.Status.RESOLVED,
                actor=me,
                resolution=Case.Resolution.ANSWERED,
            )

    question, complaint = signals_report(quarter=Q4).resolution_times

    assert (question.count, question.median, question.norm, question.within_norm) == (
        5,
        6,
        "10 werkdagen",
        80,
    )
    assert (complaint.count, complaint.median, complaint.norm) == (0, None, "6 weken")


def test_a_median_can_fall_between_two_days():
    me = coordinator()
    with time_machine.travel(MONDAY, tick=False):
        questions = cases(6)
    for case, day in zip(questions, [3, 3, 4, 5, 9, 9], strict=True):
        with time_machine.travel(at(date(2026, 11, day)), tick=False):
            services.case_message_to_parent(case=case, actor=me, text="Hallo.")

    assert signals_report(quarter=Q4).response_times[0].median == 2.5


# --- Satisfaction and the praatplaat -----------------------------------------------------


def evaluated(count: int, *, scores: list[int], resolved_on: date, prefix: str) -> None:
    me = coordinator(email=f"{prefix}-coordinator@test.example.nl")
    with time_machine.travel(at(resolved_on), tick=False):
        for case, score in zip(cases(count, prefix=prefix), scores, strict=True):
            services.case_assign(case=case, coordinator=me, actor=me)
            case = services.case_transition(
                case=case,
                to_status=Case.Status.RESOLVED,
                actor=me,
                resolution=Case.Resolution.ANSWERED,
            )
            services.evaluation_submit(
                evaluation=case.evaluation,
                satisfaction=score,
                topics={"child_centred": "agree", "nearby": "partly" if score > 3 else "agree"},
            )


def test_satisfaction_mean_distribution_and_praatplaat_scores():
    evaluated(6, scores=[5, 5, 5, 5, 5, 2], resolved_on=date(2026, 11, 2), prefix="q4")
    evaluated(5, scores=[1, 1, 1, 1, 1], resolved_on=date(2026, 9, 30), prefix="q3")

    report = signals_report(quarter=Q4)

    assert report.evaluations == 6
    assert report.satisfaction_mean == 4.5
    assert dict(report.satisfaction.rows) == {"1": 0, "2": SUPPRESSED, "3": 0, "4": 0, "5": 5}
    topics = {label: (agree, partly, disagree) for label, agree, partly, disagree in report.topics}
    assert topics["Denkt vanuit het kind"] == (6, 0, 0)
    assert topics["Is dichtbij"] == (SUPPRESSED, 5, 0)
    assert topics["Maakt afspraken"] == (0, 0, 0)


def test_a_mean_of_fewer_than_5_evaluations_is_suppressed():
    evaluated(4, scores=[5, 5, 4, 4], resolved_on=date(2026, 11, 2), prefix="q4")

    report = signals_report(quarter=Q4)

    assert (report.evaluations, report.satisfaction_mean) == (SUPPRESSED, SUPPRESSED)


# --- Page, chart and CSV -----------------------------------------------------------------


@time_machine.travel(MONDAY, tick=False)
def test_page_defaults_to_the_current_quarter_with_links_and_bars(client):
    theme = ThemeFactory(name="Passend onderwijs")
    cases(7, theme=theme, prefix="a")
    cases(1, theme=ThemeFactory(name="Vervoer"), prefix="b")
    client.force_login(coordinator())

    response = client.get(reverse(REPORT))

    html = response.content.decode()
    assert response.context["quarter"] == Q4
    assert "kwartaal=2026-3" in html
    assert "kwartaal=2027-1" not in html  # no link into the future
    assert f"{reverse(CSV)}?kwartaal=2026-4" in html
    section = html[html.index('id="section-thema"') :]
    section = section[: section.index("</section>")]
    # Each number once, in the table; the bar after it is hidden from screen readers.
    assert section.count("<table") == 1
    assert 'class="signals-bar" aria-hidden="true"' in section
    assert "<text" not in section
    # One bar: seven cases. "Vervoer" is suppressed and draws none.
    assert section.count("<rect") == 1
    assert '<th scope="row">Vervoer</th>' in section
    assert section.count("&lt;5") == 1
    main = html[html.index('<div id="content-main"') :]
    assert "style=" not in main
    assert "<script" not in main


@time_machine.travel(MONDAY, tick=False)
def test_page_shows_an_earlier_quarter_on_request(client):
    client.force_login(coordinator())

    response = client.get(reverse(REPORT), {"kwartaal": "2026-1"})

    assert response.context["quarter"] == Quarter(2026, 1)
    assert "kwartaal=2026-2" in response.content.decode()


@time_machine.travel(MONDAY, tick=False)
def test_csv_has_bom_semicolons_and_suppressed_cells(client):
    busy, quiet = ThemeFactory(name="Thuiszitten"), ThemeFactory(name="=HYPERLINK(1)")
    cases(6, theme=busy, prefix="a")
    cases(3, theme=quiet, prefix="b")
    client.force_login(coordinator())

    response = client.get(reverse(CSV), {"kwartaal": "2026-4"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="signalen-2026-Q4.csv"'
    rows = csv_rows(response)
    assert rows[0] == ["onderdeel", "omschrijving", "waarde"]
    assert ["periode", "kwartaal", "2026-Q4"] in rows
    assert ["totaal", "vragen en klachten", "9"] in rows
    assert ["Per thema", "Thuiszitten", "6"] in rows
    # Small cell suppressed; a name that looks like a formula is defused.
    assert ["Per thema", "'=HYPERLINK(1)", "<5"] in rows
    assert all(len(row) == 3 for row in rows)
    values = [row[2] for row in rows[1:]]
    assert not {"1", "2", "3", "4"} & set(values)


def test_csv_writes_decimals_with_a_comma(client):
    me = coordinator()
    with time_machine.travel(MONDAY, tick=False):
        questions = cases(6)
    for case, day in zip(questions, [3, 3, 4, 5, 9, 9], strict=True):
        with time_machine.travel(at(date(2026, 11, day)), tick=False):
            services.case_message_to_parent(case=case, actor=me, text="Hallo.")

    with time_machine.travel(MONDAY + timedelta(days=30), tick=False):
        client.force_login(me)
        rows = csv_rows(client.get(reverse(CSV)))

    assert ["eerste reactie", "Vraag: mediaan in werkdagen", "2,5"] in rows
    assert ["eerste reactie", "Vraag: binnen de termijn (%)", "50"] in rows


# --- Queries -----------------------------------------------------------------------------


def test_report_takes_a_fixed_number_of_queries(django_assert_num_queries):
    # SQLite counts from scratch; PostgreSQL's first view of the quarter counts every
    # day but today and keeps them, and reads the kept rows' versions for the views after
    # it (tests/casussen/test_report_days.py pins those).
    with time_machine.travel(MONDAY, tick=False):
        cases(3)
        with django_assert_num_queries(13 if connection.vendor == "sqlite" else 11):
            signals_report(quarter=Q4)


def test_page_queries_do_not_grow_with_the_number_of_cases(client):
    me = coordinator()
    school = OrganisationFactory()
    tag = SignalTag.objects.create(name="Wachtlijst", slug="wachtlijst")

    def add(count: int, prefix: str) -> None:
        for case in cases(count, school=school, prefix=prefix):
            case.signal_tags.add(tag)
            services.case_message_to_parent(case=case, actor=me, text="Hallo.")

    client.force_login(me)
    with time_machine.travel(MONDAY, tick=False):
        # The first view keeps the quarter's days (PostgreSQL); compare the views after.
        client.get(reverse(REPORT))
        add(5, "a")
        with CaptureQueriesContext(connection) as few:
            assert client.get(reverse(REPORT)).status_code == 200
        add(25, "b")
        with CaptureQueriesContext(connection) as many:
            assert client.get(reverse(REPORT)).status_code == 200

    assert len(many.captured_queries) == len(few.captured_queries)


@time_machine.travel(MONDAY, tick=False)
def test_page_tables_follow_a_new_case_and_a_renamed_theme_at_once(client):
    # The tables are rendered once per key of every figure and label they show.
    theme = ThemeFactory(name="Passend onderwijs")
    cases(6, theme=theme, prefix="a")
    client.force_login(coordinator())
    first = client.get(reverse(REPORT)).content.decode()
    again = client.get(reverse(REPORT)).content.decode()

    cases(1, theme=theme, prefix="b")
    theme.name = "Passend onderwijs en zorg"
    theme.save()
    changed = client.get(reverse(REPORT)).content.decode()

    assert '<th scope="row">Passend onderwijs</th><td>6</td>' in first
    main = '<div id="content-main"'
    assert again[again.index(main) :] == first[first.index(main) :]
    assert '<th scope="row">Passend onderwijs en zorg</th><td>7</td>' in changed


@time_machine.travel(MONDAY, tick=False)
def test_page_tables_are_kept_per_language(client):
    cases(5, prefix="a")
    client.force_login(coordinator())
    dutch = client.get(reverse(REPORT)).content.decode()
    client.post(reverse("set_language"), {"language": "en"})
    english = client.get(reverse(REPORT)).content.decode()

    assert 'id="section-thema">Per thema<' in dutch
    assert 'id="section-thema">Per thema<' not in english
