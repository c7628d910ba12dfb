"""The life of a match: proposed, answered within 5 days (reminder on day 3, expired
after), contact details only while it runs, started, ended with an evaluation, and
check-ins that go out once and alert the coordinator when something is wrong."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, connections

from oudernetwerk import services, tasks
from oudernetwerk.models import BuddyRequest, CheckIn, Match, NetworkEvent, Reminder
from steunpunt.outbox import tasks as outbox_tasks
from tests.factories import (
    BuddyProfileFactory,
    BuddyRequestFactory,
    MunicipalityFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
)

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
START = datetime(2026, 11, 2, 10, 0, tzinfo=AMS)
# Five days after Monday 10.00 is Saturday: the buddy answers by the end of the next
# working day, Monday 9 November at 17.00 (steunpunt.deadlines.deadline_for_person).
DEADLINE = datetime(2026, 11, 9, 17, 0, tzinfo=AMS)


def _at(days: float = 0, hours: float = 0):
    return START + timedelta(days=days, hours=hours)


@pytest.fixture
def world(site_settings):
    town = MunicipalityFactory(name="Alkmaar", slug="alkmaar")
    theme = ThemeFactory(name="Thuiszitten", slug="thuiszitten")
    parent = UserFactory(email="ouder@test.example.nl", name="Sanne")
    buddy_request = BuddyRequestFactory(
        parent=parent,
        municipality=town,
        themes=[theme],
        phone="06 11111111",
        share_email=False,
        share_phone=True,
    )
    first = BuddyProfileFactory(
        user__email="eerste@test.example.nl",
        user__name="Fatima",
        themes=[theme],
        municipalities=[town],
        phone="06 22222222",
        share_email=True,
        share_phone=False,
    )
    second = BuddyProfileFactory(
        user__email="tweede@test.example.nl", user__name="Joost", municipalities=[town]
    )
    boss = coordinator(email="coordinator@test.example.nl")
    return buddy_request, first, second, boss


def _propose(world, captured, buddy=None):
    buddy_request, first, _second, boss = world
    with captured(execute=True):
        return services.match_propose(request=buddy_request, buddy=buddy or first, actor=boss)


def _sweep(captured, now):
    with time_machine.travel(now, tick=False), captured(execute=True):
        return services.sweep()


def _mails_to(address):
    return [message for message in mail.outbox if address in message.to]


# --- Answering a proposal --------------------------------------------------------------------


@time_machine.travel(START, tick=False)
def test_proposal_gives_the_buddy_five_days_to_the_end_of_a_working_day(
    world, django_capture_on_commit_callbacks
):
    match = _propose(world, django_capture_on_commit_callbacks)
    assert match.answer_by == DEADLINE
    (message,) = _mails_to("eerste@test.example.nl")
    assert "maandag 9 november om 17.00 uur" in message.body
    assert "zaterdag" not in message.body
    assert "/buddy/portaal/" in message.body
    assert "Sanne" not in message.body
    assert "ouder@test.example.nl" not in message.body


@time_machine.travel(START, tick=False)
def test_accept_shares_what_each_agreed_to_and_tells_the_coordinator(
    world, django_capture_on_commit_callbacks
):
    match = _propose(world, django_capture_on_commit_callbacks)
    buddy_request, first, _second, _boss = world
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.match_accept(match=match, actor=first.user)

    match.refresh_from_db()
    buddy_request.refresh_from_db()
    assert match.status == Match.Status.ACCEPTED
    assert match.answered_at == START
    assert buddy_request.status == BuddyRequest.Status.MATCHED
    (to_parent,) = _mails_to("ouder@test.example.nl")
    assert "Fatima" in to_parent.body
    assert "eerste@test.example.nl" in to_parent.body
    assert "06 22222222" not in to_parent.body  # the buddy did not share a phone
    (to_buddy,) = _mails_to("eerste@test.example.nl")
    assert "Sanne" in to_buddy.body
    assert "06 11111111" in to_buddy.body
    assert "ouder@test.example.nl" not in to_buddy.body  # the parent did not share email
    assert len(_mails_to("coordinator@test.example.nl")) == 1
    assert NetworkEvent.objects.filter(match=match, kind="match_accepted").exists()


@time_machine.travel(START, tick=False)
def test_another_buddy_cannot_answer_a_proposal(world, django_capture_on_commit_callbacks):
    match = _propose(world, django_capture_on_commit_callbacks)
    _request, _first, second, _boss = world
    with pytest.raises(services.ActionRefusedError):
        services.match_accept(match=match, actor=second.user)
    with pytest.raises(services.ActionRefusedError):
        services.match_decline(match=match, actor=second.user, reason="Nee")
    match.refresh_from_db()
    assert match.status == Match.Status.PROPOSED


@time_machine.travel(START, tick=False)
def test_decline_needs_a_reason(world, django_capture_on_commit_callbacks):
    match = _propose(world, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        services.match_decline(match=match, actor=world[1].user, reason="   ")
    match.refresh_from_db()
    assert match.status == Match.Status.PROPOSED


@time_machine.travel(START, tick=False)
def test_decline_leads_to_the_next_suggestion(world, django_capture_on_commit_callbacks):
    match = _propose(world, django_capture_on_commit_callbacks)
    buddy_request, first, second, _boss = world
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.match_decline(match=match, actor=first.user, reason="Te druk op werk")

    match.refresh_from_db()
    assert match.status == Match.Status.DECLINED
    assert match.decline_reason == "Te druk op werk"
    buddy_request.refresh_from_db()
    assert buddy_request.status == BuddyRequest.Status.OPEN
    (to_coordinator,) = _mails_to("coordinator@test.example.nl")
    assert "Te druk op werk" in to_coordinator.body
    assert "Joost" in to_coordinator.body  # the next one in the ranking
    assert [s.buddy for s in services.suggest_buddies(request=buddy_request)] == [second]
    assert _mails_to("ouder@test.example.nl") == []


def test_accepting_after_the_five_days_is_refused(world, django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False):
        match = _propose(world, django_capture_on_commit_callbacks)
    with (
        time_machine.travel(DEADLINE + timedelta(hours=1), tick=False),
        pytest.raises(services.ActionRefusedError),
    ):
        services.match_accept(match=match, actor=world[1].user)
    match.refresh_from_db()
    assert match.status == Match.Status.PROPOSED


# --- Time: reminder on day 3, expiry after day 5 -------------------------------------------


def test_reminder_on_day_three_goes_out_once(world, django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False):
        match = _propose(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    assert (
        _sweep(django_capture_on_commit_callbacks, _at(days=2, hours=23))["match_answer_soon"] == 0
    )
    assert _sweep(django_capture_on_commit_callbacks, _at(days=3))["match_answer_soon"] == 1
    assert (
        _sweep(django_capture_on_commit_callbacks, _at(days=3, hours=1))["match_answer_soon"] == 0
    )
    assert _sweep(django_capture_on_commit_callbacks, _at(days=4))["match_answer_soon"] == 0

    (reminder,) = _mails_to("eerste@test.example.nl")
    assert "Herinnering" in reminder.subject
    assert "maandag 9 november om 17.00 uur" in reminder.body
    assert Reminder.objects.filter(match=match, kind="match_answer_soon").count() == 1


def test_no_reminder_once_the_buddy_answered(world, django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False):
        match = _propose(world, django_capture_on_commit_callbacks)
    with time_machine.travel(_at(days=1), tick=False):
        services.match_accept(match=match, actor=world[1].user)
    mail.outbox.clear()
    assert _sweep(django_capture_on_commit_callbacks, _at(days=3))["match_answer_soon"] == 0
    assert mail.outbox == []


def test_a_reminder_queued_under_the_old_task_name_is_still_delivered(
    world, django_capture_on_commit_callbacks
):
    with time_machine.travel(START, tick=False):
        match = _propose(world, django_capture_on_commit_callbacks)
    with time_machine.travel(_at(days=3), tick=False), django_capture_on_commit_callbacks():
        services.sweep()  # claimed, but the worker has not run yet
    reminder = Reminder.objects.get(match=match, kind="match_answer_soon")
    mail.outbox.clear()

    with time_machine.travel(_at(days=3, hours=1), tick=False):
        tasks.deliver_reminder.delay(reminder_id=reminder.pk)

    assert [m.to for m in mail.outbox] == [[world[1].user.email]]
    reminder.refresh_from_db()
    assert reminder.sent_at is not None


def test_a_queued_reminder_is_dropped_when_the_buddy_answered_meanwhile(
    world, django_capture_on_commit_callbacks
):
    with time_machine.travel(START, tick=False):
        match = _propose(world, django_capture_on_commit_callbacks)
    with time_machine.travel(_at(days=3), tick=False), django_capture_on_commit_callbacks():
        services.sweep()  # claimed, but the worker has not run yet
    reminder = Reminder.objects.get(match=match, kind="match_answer_soon")
    with time_machine.travel(_at(days=3, hours=1), tick=False):
        services.match_accept(match=match, actor=world[1].user)
    mail.outbox.clear()

    assert outbox_tasks.deliver(model="oudernetwerk.Reminder", row_id=reminder.pk) is False
    reminder.refresh_from_db()
    assert reminder.sent_at is None
    assert reminder.cancelled_at is not None
    assert mail.outbox == []


def test_expiry_after_five_days_tells_both_and_frees_the_request(
    world, django_capture_on_commit_callbacks
):
    with time_machine.travel(START, tick=False):
        match = _propose(world, django_capture_on_commit_callbacks)
    buddy_request, _first, second, _boss = world
    mail.outbox.clear()

    before, after = DEADLINE - timedelta(hours=1), DEADLINE + timedelta(hours=1)
    assert _sweep(django_capture_on_commit_callbacks, before)["match_expired"] == 0
    assert _sweep(django_capture_on_commit_callbacks, DEADLINE)["match_expired"] == 1
    assert _sweep(django_capture_on_commit_callbacks, after)["match_expired"] == 0

    match.refresh_from_db()
    assert match.status == Match.Status.EXPIRED
    (to_coordinator,) = _mails_to("coordinator@test.example.nl")
    assert "verlopen" in to_coordinator.subject
    assert "Joost" in to_coordinator.body
    (to_buddy,) = [m for m in _mails_to("eerste@test.example.nl") if "verlopen" in m.subject]
    assert "geen probleem" in to_buddy.body
    with time_machine.travel(DEADLINE + timedelta(hours=2), tick=False):
        assert [s.buddy for s in services.suggest_buddies(request=buddy_request)] == [second]
        # The next proposal can be made at once.
        services.match_propose(request=buddy_request, buddy=second, actor=world[3])


# --- Contact details: only while the match runs ------------------------------------------


@time_machine.travel(START, tick=False)
def test_start_and_end_move_the_match_and_close_the_request(
    world, django_capture_on_commit_callbacks
):
    match = _propose(world, django_capture_on_commit_callbacks)
    buddy_request, first, _second, _boss = world
    services.match_accept(match=match, actor=first.user)
    services.match_start(match=match, actor=buddy_request.parent)
    match.refresh_from_db()
    assert match.status == Match.Status.ACTIVE
    assert match.started_at == START

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.match_end(match=match, actor=first.user, reason="Het gaat nu goed")
    match.refresh_from_db()
    buddy_request.refresh_from_db()
    assert match.status == Match.Status.ENDED
    assert match.ended_by == first.user
    assert buddy_request.status == BuddyRequest.Status.CLOSED
    # Both are asked how it went, once; the coordinator hears it.
    assert set(CheckIn.objects.filter(match=match).values_list("respondent", "round")) == {
        ("buddy", 0),
        ("parent", 0),
    }
    assert len(_mails_to("ouder@test.example.nl")) == 1
    assert len(_mails_to("eerste@test.example.nl")) == 1
    assert "Het gaat nu goed" in _mails_to("coordinator@test.example.nl")[0].body


@time_machine.travel(START, tick=False)
def test_a_stranger_cannot_start_or_end_a_match(world, django_capture_on_commit_callbacks):
    match = _propose(world, django_capture_on_commit_callbacks)
    services.match_accept(match=match, actor=world[1].user)
    stranger = UserFactory()
    with pytest.raises(services.ActionRefusedError):
        services.match_start(match=match, actor=stranger)
    with pytest.raises(services.ActionRefusedError):
        services.match_end(match=match, actor=world[2].user, reason="Weg")
    match.refresh_from_db()
    assert match.status == Match.Status.ACCEPTED


@pytest.mark.parametrize(
    ("status", "target"),
    [
        (Match.Status.PROPOSED, "start"),
        (Match.Status.PROPOSED, "end"),
        (Match.Status.DECLINED, "accept"),
        (Match.Status.EXPIRED, "accept"),
        (Match.Status.ENDED, "start"),
        (Match.Status.ENDED, "end"),
        (Match.Status.ACTIVE, "accept"),
    ],
)
def test_refused_transitions(world, status, target):
    buddy_request, first, _second, boss = world
    match = Match.objects.create(request=buddy_request, buddy=first, status=status)
    calls = {
        "start": lambda: services.match_start(match=match, actor=boss),
        "end": lambda: services.match_end(match=match, actor=boss, reason="Klaar"),
        "accept": lambda: services.match_accept(match=match, actor=first.user),
    }
    with pytest.raises(services.ActionRefusedError):
        calls[target]()
    match.refresh_from_db()
    assert match.status == status


# --- Check-ins ---------------------------------------------------------------------------------


@pytest.fixture
def accepted(world, django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False):
        match = _propose(world, django_capture_on_commit_callbacks)
        services.match_accept(match=match, actor=world[1].user)
    mail.outbox.clear()
    return match


def test_checkin_after_two_weeks_for_both_once(accepted, django_capture_on_commit_callbacks):
    assert _sweep(django_capture_on_commit_callbacks, _at(days=13))["checkins"] == 0
    assert _sweep(django_capture_on_commit_callbacks, _at(days=14))["checkins"] == 2
    assert _sweep(django_capture_on_commit_callbacks, _at(days=15))["checkins"] == 0
    assert set(CheckIn.objects.values_list("respondent", "round")) == {
        ("buddy", 1),
        ("parent", 1),
    }
    (to_parent,) = _mails_to("ouder@test.example.nl")
    assert "Hoe gaat het" in to_parent.subject
    assert f"/buddy/check-in/{CheckIn.objects.get(respondent='parent').pk}/" in to_parent.body


def test_checkins_every_three_months_after_that(accepted, django_capture_on_commit_callbacks):
    _sweep(django_capture_on_commit_callbacks, _at(days=14))
    assert _sweep(django_capture_on_commit_callbacks, _at(days=14 + 90))["checkins"] == 0
    assert _sweep(django_capture_on_commit_callbacks, _at(days=14 + 91))["checkins"] == 2
    assert sorted(set(CheckIn.objects.values_list("round", flat=True))) == [1, 2]


def test_a_late_sweep_sends_only_the_latest_round(accepted, django_capture_on_commit_callbacks):
    assert _sweep(django_capture_on_commit_callbacks, _at(days=14 + 200))["checkins"] == 2
    assert set(CheckIn.objects.values_list("round", flat=True)) == {3}


def test_no_checkins_for_an_ended_match(accepted, django_capture_on_commit_callbacks):
    with time_machine.travel(_at(days=10), tick=False):
        services.match_end(match=accepted, actor=accepted.buddy.user, reason="Klikt niet")
    CheckIn.objects.all().delete()
    assert _sweep(django_capture_on_commit_callbacks, _at(days=14))["checkins"] == 0


def _checkin(accepted, captured, respondent="parent"):
    _sweep(captured, _at(days=14))
    mail.outbox.clear()
    return CheckIn.objects.get(match=accepted, respondent=respondent)


def test_a_good_answer_alerts_nobody(accepted, django_capture_on_commit_callbacks):
    checkin = _checkin(accepted, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.checkin_answer(
            checkin=checkin, actor=accepted.request.parent, mood="good", wants_help=False
        )
    checkin.refresh_from_db()
    assert checkin.answered_at is not None
    assert checkin.mood == "good"
    assert mail.outbox == []


@pytest.mark.parametrize(("mood", "wants_help"), [("bad", False), ("good", True)])
def test_a_worrying_answer_alerts_the_coordinator_once(
    accepted, django_capture_on_commit_callbacks, mood, wants_help
):
    checkin = _checkin(accepted, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.checkin_answer(
            checkin=checkin,
            actor=accepted.request.parent,
            mood=mood,
            note="Buddy reageert niet meer",
            wants_help=wants_help,
        )
    (alert,) = mail.outbox
    assert alert.to == ["coordinator@test.example.nl"]
    # The note may be about the child: it stays in the admin, not in a mailbox.
    assert "Buddy reageert niet meer" not in alert.body
    assert "lees die in het beheer" in alert.body
    assert "gaf de ouder een antwoord" in alert.body
    assert f"/admin/oudernetwerk/match/{accepted.pk}/" in alert.body


def test_a_checkin_is_answered_once(accepted, django_capture_on_commit_callbacks):
    checkin = _checkin(accepted, django_capture_on_commit_callbacks)
    parent = accepted.request.parent
    services.checkin_answer(checkin=checkin, actor=parent, mood="bad", wants_help=True)
    with pytest.raises(services.ActionRefusedError):
        services.checkin_answer(checkin=checkin, actor=parent, mood="good", wants_help=False)
    checkin.refresh_from_db()
    assert checkin.mood == "bad"
    assert Reminder.objects.filter(kind="checkin_alert").count() == 1


def test_only_the_addressee_answers_a_checkin(accepted, django_capture_on_commit_callbacks):
    checkin = _checkin(accepted, django_capture_on_commit_callbacks, respondent="parent")
    for someone in (accepted.buddy.user, UserFactory()):
        with pytest.raises(services.ActionRefusedError):
            services.checkin_answer(checkin=checkin, actor=someone, mood="good", wants_help=False)
    checkin.refresh_from_db()
    assert checkin.answered_at is None


def test_checkin_needs_a_known_mood(accepted, django_capture_on_commit_callbacks):
    checkin = _checkin(accepted, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        services.checkin_answer(
            checkin=checkin, actor=accepted.request.parent, mood="great", wants_help=False
        )


# --- Contact sharing -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("share_email", "share_phone", "phone"),
    [(False, False, ""), (False, True, ""), (True, False, "bel me"), (True, False, "0612")],
)
def test_contact_sharing_needs_a_way_to_reach(share_email, share_phone, phone):
    with pytest.raises(ValidationError):
        services.clean_contact_sharing(
            share_email=share_email, share_phone=share_phone, phone=phone
        )


def test_contact_sharing_tidies_the_phone_number():
    assert (
        services.clean_contact_sharing(share_email=False, share_phone=True, phone=" 06  1234 5678 ")
        == "06 1234 5678"
    )


@time_machine.travel(START, tick=False)
def test_accepting_with_a_vog_that_ran_out_is_refused(world, django_capture_on_commit_callbacks):
    match = _propose(world, django_capture_on_commit_callbacks)
    first = world[1]
    first.vog_date = START.date().replace(year=START.year - 3)
    first.save()
    with pytest.raises(services.ActionRefusedError):
        services.match_accept(match=match, actor=first.user)
    match.refresh_from_db()
    assert match.status == Match.Status.PROPOSED


def test_a_reminder_retried_after_the_deadline_is_dropped(
    world, django_capture_on_commit_callbacks
):
    with time_machine.travel(START, tick=False):
        match = _propose(world, django_capture_on_commit_callbacks)
    with time_machine.travel(_at(days=3), tick=False), django_capture_on_commit_callbacks():
        services.sweep()
    reminder = Reminder.objects.get(match=match, kind="match_answer_soon")
    mail.outbox.clear()
    with time_machine.travel(DEADLINE + timedelta(hours=1), tick=False):
        assert outbox_tasks.deliver(model="oudernetwerk.Reminder", row_id=reminder.pk) is False
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("status", "target"),
    [(Match.Status.ACCEPTED, "decline"), (Match.Status.ACTIVE, "decline")],
)
def test_a_running_match_cannot_be_declined(world, status, target):
    buddy_request, first, _second, _boss = world
    match = Match.objects.create(request=buddy_request, buddy=first, status=status)
    with pytest.raises(services.ActionRefusedError):
        services.match_decline(match=match, actor=first.user, reason="Toch niet")
    match.refresh_from_db()
    assert match.status == status


def test_a_sweep_skips_rounds_already_asked(accepted, django_capture_on_commit_callbacks):
    _sweep(django_capture_on_commit_callbacks, _at(days=14))
    with CaptureWrites() as writes:
        _sweep(django_capture_on_commit_callbacks, _at(days=15))
    assert writes.count == 0


class CaptureWrites:
    """Counts INSERT/UPDATE statements run inside the block."""

    def __enter__(self):
        self.count = 0
        self._wrapper = connection.execute_wrapper(self._count)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)

    def _count(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE")):
            self.count += 1
        return execute(sql, params, many, context)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite runs one writer at a time; real concurrency needs PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_once(site_settings):

    town = MunicipalityFactory()
    coordinator(email="coordinator@test.example.nl")
    with time_machine.travel(START, tick=False):
        matches = []
        for n in range(3):
            buddy = BuddyProfileFactory(
                user__email=f"buddy{n}@test.example.nl", municipalities=[town]
            )
            buddy_request = BuddyRequestFactory(municipality=town)
            matches.append(services.match_propose(request=buddy_request, buddy=buddy, actor=None))
        services.match_accept(match=matches[0], actor=matches[0].buddy.user)
    mail.outbox.clear()
    barrier = threading.Barrier(2)
    errors = []

    def sweep():
        try:
            barrier.wait()
            services.sweep()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    # Day 3 for the two open proposals; the accepted one is not due for a check-in yet.
    with time_machine.travel(_at(days=3), tick=False):
        threads = [threading.Thread(target=sweep) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    assert Reminder.objects.filter(kind="match_answer_soon").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "buddy1@test.example.nl",
        "buddy2@test.example.nl",
    ]
