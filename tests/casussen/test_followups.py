"""Follow-ups to partners: consent first, the answer on the timeline, reminders once."""

import threading
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from casussen import services, tasks
from casussen.models import Case, CaseEvent, Consent, FollowUp, Reminder
from steunpunt import outbox
from tests.factories import OrganisationFactory, coordinator, make_case

BROKEN_BACKEND = "tests.steunpunt.broken_mail.BrokenBackend"

S = Case.Status

# Tuesday 1 December 2026: a week with no public holidays.
CREATED = "2026-12-01 09:00 +01:00"
DUE = date(2026, 12, 8)  # Tuesday a week later


def _case_with_consent(worker=None):
    worker = worker or coordinator()
    school = OrganisationFactory(contact_email="zorg@school.example.nl")
    case = make_case()
    case = services.case_assign(case=case, coordinator=worker, actor=worker)
    services.case_message_to_parent(
        case=case, actor=worker, text="Ik neem contact op met school, zoals we afspraken."
    )
    services.consent_give(case=case, organisation=school, method=Consent.Method.PHONE, actor=worker)
    return case, school, worker


def _followup(**kwargs):
    case, school, worker = _case_with_consent()
    followup = services.followup_create(
        case=case,
        organisation=school,
        request="Wilt u het ontwikkelingsperspectief met de ouder bespreken?",
        due_date=kwargs.pop("due_date", DUE),
        actor=worker,
    )
    return followup, worker


pytestmark = pytest.mark.django_db

# Queries of a whole sweep with due follow-ups (one batch, delivered in-process), and of
# the run straight after. The delivery renders the batch: its follow-ups read once more
# for the context, in a savepoint; the rows still due (not sent, cancelled or given up on)
# are read once before their attempts are counted. Two of them are the praatplaat's: its
# professionals waiting for a reminder, and its emails left unsent.
SWEEP_QUERIES_FIRST = 27
SWEEP_QUERIES_AGAIN = 8


def test_followup_needs_a_valid_consent():
    worker = coordinator()
    case = services.case_assign(case=make_case(), coordinator=worker, actor=worker)

    with pytest.raises(ValidationError, match="toestemming"):
        services.followup_create(
            case=case,
            organisation=OrganisationFactory(),
            request="Graag een gesprek.",
            due_date=date(2099, 1, 6),
            actor=worker,
        )

    assert FollowUp.objects.count() == 0


def test_followup_after_withdrawn_consent_is_refused():
    case, school, worker = _case_with_consent()
    services.consent_withdraw(consent=case.consents.get(), actor=case.parent)

    with pytest.raises(ValidationError):
        services.followup_create(
            case=case,
            organisation=school,
            request="Graag.",
            due_date=date(2099, 1, 6),
            actor=worker,
        )


@time_machine.travel(CREATED, tick=False)
def test_followup_emails_the_partner_a_signed_link_and_waits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        followup, _worker = _followup()

    followup.case.refresh_from_db()
    assert followup.case.status == S.WAITING_FOR_PARTNER
    partner_mail = [m for m in mail.outbox if m.to == ["zorg@school.example.nl"]]
    assert len(partner_mail) == 1
    assert services.followup_link(followup).split("/opvolging/")[0] in partner_mail[0].body
    assert followup.case.parent.email not in partner_mail[0].body
    assert followup.case.events.filter(kind=CaseEvent.Kind.FOLLOWUP_CREATED).exists()


@time_machine.travel(CREATED, tick=False)
def test_followup_due_today_or_earlier_is_refused():
    case, school, worker = _case_with_consent()

    with pytest.raises(ValidationError, match="na vandaag"):
        services.followup_create(
            case=case,
            organisation=school,
            request="Graag.",
            due_date=date(2026, 12, 1),
            actor=worker,
        )


@time_machine.travel(CREATED, tick=False)
def test_answer_lands_on_the_timeline_and_tells_the_coordinator(
    django_capture_on_commit_callbacks,
):
    followup, worker = _followup()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.followup_answer(
            followup=followup, answer="We bellen de ouder morgen.", via=FollowUp.Channel.LINK
        )

    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.ANSWERED
    event = followup.case.events.get(kind=CaseEvent.Kind.FOLLOWUP_ANSWERED)
    assert event.text == "We bellen de ouder morgen."
    assert not event.is_internal
    assert Case.objects.get(pk=followup.case_id).status == S.IN_PROGRESS
    assert [m.to for m in mail.outbox] == [[worker.email]]


@time_machine.travel(CREATED, tick=False)
def test_second_answer_is_refused_and_changes_nothing():
    followup, _worker = _followup()
    services.followup_answer(followup=followup, answer="Eerste antwoord.", via="link")

    with pytest.raises(services.TransitionRefusedError):
        services.followup_answer(followup=followup, answer="Tweede antwoord.", via="link")

    followup.refresh_from_db()
    assert followup.answer == "Eerste antwoord."
    assert followup.case.events.filter(kind=CaseEvent.Kind.FOLLOWUP_ANSWERED).count() == 1


@time_machine.travel(CREATED, tick=False)
def test_withdrawing_consent_cancels_open_followups_and_says_so(
    django_capture_on_commit_callbacks,
):
    followup, _worker = _followup()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.consent_withdraw(consent=followup.consent, actor=followup.case.parent)

    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.CANCELLED
    kinds = list(followup.case.events.values_list("kind", flat=True))
    assert CaseEvent.Kind.CONSENT_WITHDRAWN in kinds
    assert CaseEvent.Kind.FOLLOWUP_CANCELLED in kinds
    assert [m.to for m in mail.outbox] == [["zorg@school.example.nl"]]
    assert followup.request not in mail.outbox[0].body


@time_machine.travel(CREATED, tick=False)
def test_token_round_trip_and_tampering():
    followup, _worker = _followup()
    token = services.followup_token(followup)

    assert services.followup_for_token(token) == followup
    with pytest.raises(services.LinkInvalidError):
        services.followup_for_token(token[:-2] + "xx")


def test_token_expires():
    with time_machine.travel(CREATED, tick=False):
        followup, _worker = _followup()
        token = services.followup_token(followup)

    with (
        time_machine.travel("2027-01-02 09:00 +01:00", tick=False),
        pytest.raises(services.LinkExpiredError),
    ):
        services.followup_for_token(token)


# --- The reminder sweep ------------------------------------------------------------------


def _sweep_on(moment: str, capture):
    with time_machine.travel(moment, tick=False), capture(execute=True):
        return services.sweep_reminders()


@pytest.fixture
def followup():
    with time_machine.travel(CREATED, tick=False):
        followup, _worker = _followup()
    mail.outbox.clear()
    return followup


def test_no_reminder_before_the_window(followup, django_capture_on_commit_callbacks):
    counts = _sweep_on("2026-12-03 09:00 +01:00", django_capture_on_commit_callbacks)

    assert counts["followup_before_due"] == 0
    assert mail.outbox == []


def test_reminder_two_working_days_before_goes_once(followup, django_capture_on_commit_callbacks):
    _sweep_on("2026-12-04 07:00 +01:00", django_capture_on_commit_callbacks)
    _sweep_on("2026-12-04 07:15 +01:00", django_capture_on_commit_callbacks)
    _sweep_on("2026-12-07 07:00 +01:00", django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [["zorg@school.example.nl"]]
    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.followup) == (Reminder.Kind.FOLLOWUP_BEFORE_DUE, followup)
    assert reminder.sent_at is not None
    assert followup.case.events.filter(kind=CaseEvent.Kind.FOLLOWUP_REMINDED).count() == 1


def test_reminder_on_the_due_date_goes_once(followup, django_capture_on_commit_callbacks):
    _sweep_on("2026-12-04 07:00 +01:00", django_capture_on_commit_callbacks)
    mail.outbox.clear()

    _sweep_on("2026-12-08 07:00 +01:00", django_capture_on_commit_callbacks)
    _sweep_on("2026-12-09 07:00 +01:00", django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [["zorg@school.example.nl"]]
    assert Reminder.objects.filter(kind=Reminder.Kind.FOLLOWUP_ON_DUE).count() == 1


def test_two_working_days_late_the_followup_is_overdue_and_the_coordinator_told(
    followup, django_capture_on_commit_callbacks
):
    worker = followup.case.assigned_to
    _sweep_on("2026-12-08 07:00 +01:00", django_capture_on_commit_callbacks)
    mail.outbox.clear()

    _sweep_on("2026-12-10 07:00 +01:00", django_capture_on_commit_callbacks)
    _sweep_on("2026-12-11 07:00 +01:00", django_capture_on_commit_callbacks)

    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.OVERDUE
    assert [m.to for m in mail.outbox] == [[worker.email]]
    assert followup.case.events.filter(kind=CaseEvent.Kind.FOLLOWUP_OVERDUE).count() == 1


def test_answered_followup_gets_no_reminders(followup, django_capture_on_commit_callbacks):
    services.followup_answer(followup=followup, answer="Geregeld.", via="link")
    mail.outbox.clear()

    for day in ("04", "08", "10"):
        _sweep_on(f"2026-12-{day} 07:00 +01:00", django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_reminder_left_by_a_crashed_worker_is_delivered_once_later(
    followup, django_capture_on_commit_callbacks, settings
):
    working = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = BROKEN_BACKEND
    _sweep_on("2026-12-04 07:00 +01:00", django_capture_on_commit_callbacks)
    assert Reminder.objects.get().sent_at is None

    settings.EMAIL_BACKEND = working
    _sweep_on("2026-12-04 07:05 +01:00", django_capture_on_commit_callbacks)
    assert mail.outbox == []  # too soon: the first attempt may still be underway

    counts = _sweep_on("2026-12-04 07:30 +01:00", django_capture_on_commit_callbacks)
    _sweep_on("2026-12-04 07:45 +01:00", django_capture_on_commit_callbacks)

    assert counts["redelivered"] == 1
    assert [m.to for m in mail.outbox] == [["zorg@school.example.nl"]]
    assert Reminder.objects.get().sent_at is not None


def test_coordinator_reminded_once_before_first_response_is_due(
    django_capture_on_commit_callbacks,
):
    worker = coordinator()
    with time_machine.travel(CREATED, tick=False):
        case = services.case_assign(case=make_case(), coordinator=worker, actor=worker)
    mail.outbox.clear()
    assert case.respond_by == date(2026, 12, 3)

    _sweep_on("2026-12-01 17:00 +01:00", django_capture_on_commit_callbacks)
    assert mail.outbox == []
    _sweep_on("2026-12-02 07:00 +01:00", django_capture_on_commit_callbacks)
    _sweep_on("2026-12-03 07:00 +01:00", django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [[worker.email]]
    assert case.reference in mail.outbox[0].subject + mail.outbox[0].body


def test_no_respond_reminder_once_the_parent_had_an_answer(django_capture_on_commit_callbacks):
    worker = coordinator()
    with time_machine.travel(CREATED, tick=False):
        case = services.case_assign(case=make_case(), coordinator=worker, actor=worker)
        services.case_message_to_parent(case=case, actor=worker, text="Ik bel je morgen.")
    mail.outbox.clear()

    _sweep_on("2026-12-02 07:00 +01:00", django_capture_on_commit_callbacks)

    assert mail.outbox == []


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite runs one writer at a time; real concurrency needs PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_sweep_run_twice_at_once_sends_everything_exactly_once():

    with time_machine.travel(CREATED, tick=False):
        followups = [_followup()[0] for _ in range(5)]
    mail.outbox.clear()
    barrier = threading.Barrier(2)
    errors = []

    def sweep():
        try:
            barrier.wait()
            services.sweep_reminders()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    with time_machine.travel("2026-12-04 07:00 +01:00", tick=False):
        threads = [threading.Thread(target=sweep) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    assert Reminder.objects.count() == 5
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f.contact_email for f in followups)
    assert all(r.sent_at for r in Reminder.objects.all())


@time_machine.travel(CREATED, tick=False)
def test_withdrawing_consent_picks_the_waiting_case_up_again():
    followup, _worker = _followup()

    services.consent_withdraw(consent=followup.consent, actor=followup.case.parent)

    assert Case.objects.get(pk=followup.case_id).status == S.IN_PROGRESS


def test_queued_reminder_is_not_delivered_after_consent_is_withdrawn(
    followup, django_capture_on_commit_callbacks, settings
):
    working = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = BROKEN_BACKEND
    _sweep_on("2026-12-04 07:00 +01:00", django_capture_on_commit_callbacks)
    settings.EMAIL_BACKEND = working
    services.consent_withdraw(consent=followup.consent, actor=followup.case.parent)
    mail.outbox.clear()

    _sweep_on("2026-12-04 08:00 +01:00", django_capture_on_commit_callbacks)

    reminder = Reminder.objects.get()
    assert (reminder.sent_at, reminder.cancelled_at is not None) == (None, True)
    assert mail.outbox == []


def test_reminder_to_a_refused_address_is_given_up_after_ten_attempts(
    followup, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = BROKEN_BACKEND
    _sweep_on("2026-12-04 07:00 +01:00", django_capture_on_commit_callbacks)
    for hour in range(8, 22):
        _sweep_on(f"2026-12-04 {hour:02d}:00 +01:00", django_capture_on_commit_callbacks)

    reminder = Reminder.objects.get()
    assert reminder.sent_at is None
    assert reminder.attempts == outbox.MAX_DELIVERY_ATTEMPTS


def test_reminder_queued_under_the_old_task_name_is_still_delivered_once(
    followup, django_capture_on_commit_callbacks, settings
):
    working = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = BROKEN_BACKEND
    _sweep_on("2026-12-04 07:00 +01:00", django_capture_on_commit_callbacks)
    settings.EMAIL_BACKEND = working
    reminder = Reminder.objects.get()

    tasks.deliver_reminder.delay(reminder_id=reminder.pk)
    tasks.deliver_reminder.delay(reminder_id=reminder.pk)

    assert [m.to for m in mail.outbox] == [["zorg@school.example.nl"]]
    assert Reminder.objects.get().sent_at is not None


def _due_followups(count: int) -> list[FollowUp]:
    """`count` follow-ups of one case, asked on CREATED and due on DUE."""
    with time_machine.travel(CREATED, tick=False):
        case, school, _worker = _case_with_consent()
        consent = case.consents.get()
        rows = FollowUp.objects.bulk_create(
            FollowUp(
                case=case,
                consent=consent,
                organisation=school,
                contact_email=f"partner{n}@school.example.nl",
                request="Wilt u het ontwikkelingsperspectief met de ouder bespreken?",
                due_date=DUE,
            )
            for n in range(count)
        )
    mail.outbox.clear()
    return rows


def _sweep_queries(moment: str, capture) -> int:
    with CaptureQueriesContext(connection) as queries:
        _sweep_on(moment, capture)
    return len(queries)


# SQLite takes at most 999 parameters per query, so Django splits a bulk insert of more
# than about 60 reminders (16 columns each); PostgreSQL inserts a whole batch at once.
MANY = 300 if connection.vendor == "postgresql" else 55


@pytest.mark.parametrize("count", [3, MANY])
def test_sweep_queries_do_not_grow_with_the_due_followups(
    count, django_capture_on_commit_callbacks
):
    _due_followups(count)

    first = _sweep_queries("2026-12-08 07:00 +01:00", django_capture_on_commit_callbacks)
    second = _sweep_queries("2026-12-08 07:15 +01:00", django_capture_on_commit_callbacks)

    assert len(mail.outbox) == count
    assert Reminder.objects.filter(sent_at__isnull=False).count() == count
    assert (first, second) == (SWEEP_QUERIES_FIRST, SWEEP_QUERIES_AGAIN)
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.FOLLOWUP_REMINDED).count() == count


@time_machine.travel(CREATED, tick=False)
def test_followup_due_on_a_weekend_is_refused_with_the_next_working_day():
    case, school, worker = _case_with_consent()

    with pytest.raises(ValidationError, match="zaterdag 12 december is geen werkdag") as error:
        services.followup_create(
            case=case,
            organisation=school,
            request="Graag.",
            due_date=date(2026, 12, 12),
            actor=worker,
        )

    assert "maandag 14 december" in str(error.value)
    assert not FollowUp.objects.exists()


@time_machine.travel(CREATED, tick=False)
def test_followup_due_on_christmas_is_refused():
    case, school, worker = _case_with_consent()

    with pytest.raises(ValidationError, match="geen werkdag"):
        services.followup_create(
            case=case,
            organisation=school,
            request="Graag.",
            due_date=date(2026, 12, 25),
            actor=worker,
        )
