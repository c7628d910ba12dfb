"""The retention schedule: one table in settings, rendered by the privacy page and carried
out by the nightly job (finding 4)."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import translation

from casussen.models import Case
from kennisbank.models import SearchLog
from oudernetwerk.models import MeetupRegistration
from steunpunt import access_log, retention
from steunpunt.models import AccessEvent, DeletionRecord, User
from steunpunt.tasks import run_retention
from tests.factories import MatchFactory, UserFactory, coordinator, make_case
from tests.factories.meetups import MeetupFactory

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
START = datetime(2024, 5, 6, 10, 0, tzinfo=AMSTERDAM)
needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's"
)


def run(**kwargs):
    return {result.name: result for result in retention.run(**kwargs)}


def two_years_after(moment: datetime, days: int) -> datetime:
    return moment.replace(year=moment.year + 2) + timedelta(days=days)


# --- The table and the privacy page -------------------------------------------------------


def test_every_kind_the_job_runs_has_a_row_on_the_page_and_every_row_is_run():
    terms = {kind.term for kind in retention.kinds()}
    internal = {
        key for key, entry in django_settings.RETENTION.items() if not entry.get("external")
    }

    assert terms == internal


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "2 jaar nadat je vraag is afgesloten"), ("nl", "Tot 3 maanden na de ontmoeting")],
)
def test_privacy_page_shows_the_terms_from_the_settings(client, language, expected):
    response = client.get(reverse("privacy"), HTTP_ACCEPT_LANGUAGE=language)

    assert expected in response.content.decode()


def test_changing_a_term_in_the_settings_changes_the_privacy_page(client, settings):
    settings.RETENTION = {
        **settings.RETENTION,
        "meetup_registrations": {**settings.RETENTION["meetup_registrations"], "months": 6},
        "cases": {**settings.RETENTION["cases"], "months": 36},
    }

    content = client.get(reverse("privacy")).content.decode()

    assert "Tot 6 maanden na de ontmoeting" in content
    assert "3 jaar nadat je vraag is afgesloten" in content
    assert "Tot 3 maanden na de ontmoeting" not in content


def test_english_privacy_page_renders_the_same_table(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"

    content = client.get(reverse("privacy")).content.decode()

    assert "Retention periods" in content
    # A row header that stays one for screen readers when the table stacks on a phone.
    row_header = '<th scope="row" class="fw-normal" role="rowheader" data-label="Which data">'
    assert content.count(row_header) >= len(django_settings.RETENTION)


def test_term_text_in_years_months_and_days(settings):
    settings.RETENTION = {
        "a": {"months": 24, "label": "", "action": ""},
        "b": {"months": 1, "label": "", "action": ""},
        "c": {"days": 30, "label": "", "action": ""},
    }

    with translation.override("nl"):
        assert [retention.term_text(key) for key in "abc"] == ["2 jaar", "1 maand", "30 dagen"]
    with translation.override("en"):
        assert [retention.term_text(key) for key in "abc"] == ["2 years", "1 month", "30 days"]
    assert [retention.term_code(key) for key in "abc"] == ["24 months", "1 months", "30 days"]


def test_cutoff_of_months_keeps_the_day_or_takes_the_last_of_a_short_month(settings):
    settings.RETENTION = {"x": {"months": 3, "label": "", "action": ""}}

    assert retention.cutoff("x", now=datetime(2026, 5, 31, 12, tzinfo=AMSTERDAM)) == datetime(
        2026, 2, 28, 12, tzinfo=AMSTERDAM
    )


# --- The job: records, dry run, twice, batches ----------------------------------------------


def _old_search_logs(count: int) -> None:
    with time_machine.travel(START, tick=False):
        for n in range(count):
            SearchLog.objects.create(query=f"zoekwoord {n}", result_count=0)


def test_each_real_run_writes_a_deletion_record_per_kind_with_its_count():
    _old_search_logs(3)

    with time_machine.travel(START.replace(year=2026), tick=False):
        run()

    records = {r.kind: r for r in DeletionRecord.objects.all()}
    assert set(records) == {kind.name for kind in retention.kinds()}
    record = records["kennisbank.search_log"]
    assert (record.count, record.term, record.dry_run) == (3, "12 months", False)
    assert record.run_at == START.replace(year=2026)


def test_dry_run_counts_but_changes_nothing():
    _old_search_logs(2)

    with time_machine.travel(START.replace(year=2026), tick=False):
        result = run(dry_run=True)

    assert result["kennisbank.search_log"].count == 2
    assert SearchLog.objects.count() == 2
    assert set(DeletionRecord.objects.values_list("dry_run", flat=True)) == {True}


def test_running_twice_does_nothing_more():
    _old_search_logs(2)
    make_case()

    with time_machine.travel(START.replace(year=2026), tick=False):
        first = run()
        second = run()

    assert first["kennisbank.search_log"].count == 2
    assert {result.count for result in second.values()} == {0}


def test_the_job_works_in_batches_and_finishes_every_row():
    _old_search_logs(7)

    with time_machine.travel(START.replace(year=2026), tick=False):
        result = run(batch_size=3, only=["kennisbank.search_log"])

    assert result["kennisbank.search_log"].count == 7
    assert not SearchLog.objects.exists()


def test_search_log_kept_just_before_its_term_and_deleted_just_after():
    _old_search_logs(1)

    with time_machine.travel(START + timedelta(days=364), tick=False):
        run(only=["kennisbank.search_log"])
    assert SearchLog.objects.count() == 1

    with time_machine.travel(START + timedelta(days=366), tick=False):
        run(only=["kennisbank.search_log"])
    assert SearchLog.objects.count() == 0


def test_command_prints_counts_per_kind_and_nothing_personal():
    parent = make_case(email="geheim.ouder@test.example.nl").parent
    _old_search_logs(1)
    out = StringIO()

    with time_machine.travel(START.replace(year=2026), tick=False):
        call_command("retention", "--dry-run", stdout=out)

    text = out.getvalue()
    assert "dry run" in text
    assert "kennisbank.search_log (12 months): 1" in text
    assert "casussen.cases (24 months): 0" in text
    assert parent.email not in text
    assert "geheim" not in text
    assert SearchLog.objects.count() == 1


def test_command_real_run_changes_and_reports():
    _old_search_logs(2)
    out = StringIO()

    with time_machine.travel(START.replace(year=2026), tick=False):
        call_command("retention", stdout=out)

    assert "kennisbank.search_log (12 months): 2" in out.getvalue()
    assert not SearchLog.objects.exists()


def test_beat_runs_the_retention_task_every_night():
    entry = django_settings.CELERY_BEAT_SCHEDULE["retention"]

    assert entry["task"] == "steunpunt.tasks.run_retention"
    assert entry["schedule"].hour == {2}


# --- Sessions and login codes --------------------------------------------------------------


def test_expired_sessions_go_and_live_ones_stay():
    with time_machine.travel(START, tick=False):
        expired = SessionStore()
        expired["account_login_code"] = "ABC123"
        expired.set_expiry(60)
        expired.create()
        live = SessionStore()
        live.set_expiry(3600)
        live.create()

    with time_machine.travel(START + timedelta(minutes=30), tick=False):
        assert run(only=["steunpunt.sessions"])["steunpunt.sessions"].count == 1

    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


# --- The access log -------------------------------------------------------------------------


def test_access_log_kept_just_before_its_term_and_deleted_just_after():
    with time_machine.travel(START, tick=False):
        event = access_log.record(action=AccessEvent.Action.VIEW, object_type="casussen.case")

    with time_machine.travel(two_years_after(START, -1), tick=False):
        run(only=["steunpunt.access_log"])
    assert AccessEvent.objects.filter(pk=event.pk).exists()

    with time_machine.travel(two_years_after(START, 1), tick=False):
        assert run(only=["steunpunt.access_log"])["steunpunt.access_log"].count == 1
    assert not AccessEvent.objects.filter(pk=event.pk).exists()


@needs_postgres
def test_on_postgres_the_job_deletes_old_access_log_rows_and_the_trigger_still_refuses_others():
    with time_machine.travel(START, tick=False):
        old = access_log.record(action=AccessEvent.Action.VIEW, object_type="casussen.case")
    recent = access_log.record(action=AccessEvent.Action.VIEW, object_type="casussen.case")

    run(only=["steunpunt.access_log"])

    assert not AccessEvent.objects.filter(pk=old.pk).exists()
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessEvent.objects.filter(pk=recent.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessEvent.objects.filter(pk=recent.pk).update(object_type="x")
    assert AccessEvent.objects.filter(pk=recent.pk).exists()


# --- Unused accounts ----------------------------------------------------------------------


def _unused_parent(**kwargs) -> User:
    with time_machine.travel(START, tick=False):
        return UserFactory(last_login=START, **kwargs)


def test_an_unused_account_is_kept_just_before_its_term_and_removed_just_after():
    user = _unused_parent()

    with time_machine.travel(two_years_after(START, -1), tick=False):
        run(only=["steunpunt.accounts"])
    assert User.objects.filter(pk=user.pk).exists()

    with time_machine.travel(two_years_after(START, 1), tick=False):
        assert run(only=["steunpunt.accounts"])["steunpunt.accounts"].count == 1
    assert not User.objects.filter(pk=user.pk).exists()


def test_an_account_unused_for_3_years_is_removed_by_the_nightly_task():
    """Finding 4: after every beat task ran, an account unused for 3 years stayed."""

    user = _unused_parent()

    with time_machine.travel(START.replace(year=2027), tick=False):
        run_retention()

    assert not User.objects.filter(pk=user.pk).exists()


def test_an_account_with_a_case_that_still_holds_data_stays():
    with time_machine.travel(START, tick=False):
        case = make_case(email="ouder@test.example.nl")

    with time_machine.travel(START.replace(year=2027), tick=False):
        run(only=["steunpunt.accounts"])

    assert User.objects.filter(pk=case.parent_id).exists()


def test_an_account_with_a_future_meetup_or_a_running_match_stays():
    with_meetup = _unused_parent()
    with_match = _unused_parent()
    later = START.replace(year=2027)
    with time_machine.travel(later, tick=False):
        MeetupRegistration.objects.create(
            meetup=MeetupFactory(), parent=with_meetup, status="registered"
        )
        MatchFactory(request__parent=with_match, status="active")

        run(only=["steunpunt.accounts"])

    assert User.objects.filter(pk__in=[with_meetup.pk, with_match.pk]).count() == 2


def test_an_unused_staff_account_is_never_removed_and_is_listed_for_a_person():
    with time_machine.travel(START, tick=False):
        staff = coordinator(last_login=START)

    with time_machine.travel(START.replace(year=2027), tick=False):
        result = run(only=["steunpunt.accounts"])["steunpunt.accounts"]

    assert User.objects.filter(pk=staff.pk).exists()
    assert result.held == [f"user #{staff.pk} (staff)"]


def test_a_parent_whose_cases_are_anonymised_loses_the_unused_account():
    with time_machine.travel(START, tick=False):
        case = make_case(email="ouder@test.example.nl")
        Case.objects.filter(pk=case.pk).update(
            status=Case.Status.CLOSED, closed_at=START, resolution="withdrawn"
        )
        User.objects.filter(pk=case.parent_id).update(last_login=START)

    with time_machine.travel(START.replace(year=2027), tick=False):
        result = run()

    assert result["casussen.cases"].count == 1
    assert result["steunpunt.accounts"].count == 1
    case.refresh_from_db()
    assert case.parent is None
    assert not User.objects.filter(email="ouder@test.example.nl").exists()


@pytest.mark.parametrize(("role", "status"), [("privacy_officer", 200), ("editor", 403)])
def test_the_privacy_officer_reads_the_deletion_records(client, role, status):
    with time_machine.travel(START.replace(year=2026), tick=False):
        run()
    client.force_login(UserFactory(roles=[role], is_staff=True, totp=True))

    response = client.get(reverse("admin:steunpunt_deletionrecord_changelist"))

    assert response.status_code == status
    if status == 200:
        assert "kennisbank.search_log" in response.content.decode()
