"""Meetups: places, the waiting list in order, leaving, calling a meetup off, attendance,
and the emails each of these sends."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.db import IntegrityError, connection, connections
from django.utils import timezone

from oudernetwerk import selectors, services
from oudernetwerk.models import Meetup, MeetupRegistration
from tests.factories import UserFactory, coordinator
from tests.factories.meetups import MeetupFactory, MeetupRegistrationFactory

pytestmark = pytest.mark.django_db

R = MeetupRegistration.Status


@pytest.fixture
def send(django_capture_on_commit_callbacks, site_settings):
    """Run a service and send what it queued after commit."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


def _register(meetup, parent=None):
    return services.meetup_register(meetup=meetup, parent=parent or UserFactory())


# --- Places and the waiting list ---------------------------------------------------------------


def test_register_takes_a_place_while_there_is_one(send):
    meetup = MeetupFactory(capacity=2)
    parent = UserFactory(email="ouder.een@test.example.nl")

    registration = send(services.meetup_register, meetup=meetup, parent=parent)

    assert registration.status == R.REGISTERED
    assert [m.to for m in mail.outbox] == [["ouder.een@test.example.nl"]]
    assert mail.outbox[0].subject == f"Je bent aangemeld: {meetup.title}"
    assert "De dag ervoor sturen we je een herinnering" in mail.outbox[0].body


def test_full_meetup_puts_the_next_parent_on_the_waiting_list_with_their_place(send):
    meetup = MeetupFactory(capacity=1)
    _register(meetup)
    _register(meetup)
    mail.outbox.clear()

    registration = send(
        services.meetup_register, meetup=meetup, parent=UserFactory(email="derde@test.example.nl")
    )

    assert registration.status == R.WAITING
    assert services.waiting_place(registration) == 2
    assert mail.outbox[0].to == ["derde@test.example.nl"]
    assert "Je staat op de wachtlijst, plek 2." in mail.outbox[0].body


def test_capacity_is_never_exceeded():
    meetup = MeetupFactory(capacity=3)

    statuses = [_register(meetup).status for _ in range(5)]

    assert statuses == [R.REGISTERED] * 3 + [R.WAITING] * 2
    assert meetup.registrations.filter(status=R.REGISTERED).count() == 3


def test_waiting_list_is_first_come_first_served():
    meetup = MeetupFactory(capacity=1)
    _register(meetup)
    start = timezone.now()
    waiting = []
    for minutes in (1, 2, 3):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            waiting.append(_register(meetup))

    assert [services.waiting_place(r) for r in waiting] == [1, 2, 3]
    assert [r.waiting_place for r in selectors.active_registrations(waiting[2].parent)] == [3]


def test_a_place_that_comes_free_goes_to_the_first_on_the_waiting_list(send):
    meetup = MeetupFactory(capacity=1)
    leaving = _register(meetup)
    first = _register(meetup, UserFactory(email="eerste@test.example.nl"))
    second = _register(meetup, UserFactory(email="tweede@test.example.nl"))

    send(services.meetup_cancel_registration, registration=leaving, actor=leaving.parent)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (R.REGISTERED, R.WAITING)
    assert first.promoted_at is not None
    assert services.waiting_place(second) == 1
    assert [m.to for m in mail.outbox] == [["eerste@test.example.nl"]]
    assert mail.outbox[0].subject == f"Er is een plek voor je: {meetup.title}"
    assert "Je stond op de wachtlijst en bent nu aangemeld." in mail.outbox[0].body
    assert services.meetup_url(meetup) in mail.outbox[0].body


def test_the_waiting_list_moves_up_in_order_each_time_someone_leaves():
    meetup = MeetupFactory(capacity=2)
    places = [_register(meetup) for _ in range(2)]
    queue = [_register(meetup) for _ in range(3)]

    for registration in places:
        services.meetup_cancel_registration(registration=registration, actor=registration.parent)

    statuses = [MeetupRegistration.objects.get(pk=r.pk).status for r in queue]
    assert statuses == [R.REGISTERED, R.REGISTERED, R.WAITING]


def test_leaving_the_waiting_list_promotes_nobody(send):
    meetup = MeetupFactory(capacity=1)
    _register(meetup)
    first = _register(meetup)
    second = _register(meetup)
    mail.outbox.clear()

    send(services.meetup_cancel_registration, registration=first, actor=first.parent)

    second.refresh_from_db()
    assert second.status == R.WAITING
    assert services.waiting_place(second) == 1
    assert mail.outbox == []


def test_who_leaves_and_comes_back_joins_the_back_of_the_queue():
    meetup = MeetupFactory(capacity=1)
    _register(meetup)
    parent = UserFactory()
    first = _register(meetup, parent)
    _register(meetup)
    services.meetup_cancel_registration(registration=first, actor=parent)

    again = _register(meetup, parent)

    assert (again.status, services.waiting_place(again)) == (R.WAITING, 2)
    assert meetup.registrations.filter(parent=parent).count() == 2


def test_more_places_go_to_the_waiting_list_in_order(send):
    meetup = MeetupFactory(capacity=1)
    _register(meetup)
    first, second, third = (_register(meetup) for _ in range(3))
    meetup.capacity = 3
    meetup.save()
    mail.outbox.clear()

    promoted = send(services.meetup_fill_places, meetup=meetup)

    assert promoted == [first, second]
    assert MeetupRegistration.objects.get(pk=third.pk).status == R.WAITING
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.parent.email, second.parent.email])


# --- Refusals: nothing is stored ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "cancelled"}, "Deze ontmoeting gaat niet door. Aanmelden kan niet meer."),
        ({"status": "draft"}, "Aanmelden voor deze ontmoeting kan nog niet."),
        (
            {"starts_at": timezone.now() - timedelta(hours=1)},
            "Deze ontmoeting is al begonnen of voorbij. Aanmelden kan niet meer.",
        ),
    ],
    ids=["cancelled", "draft", "past"],
)
def test_register_is_refused_for_a_meetup_that_is_not_open(changes, message, send):
    meetup = MeetupFactory(**changes)

    with pytest.raises(services.ActionRefusedError) as refused:
        send(services.meetup_register, meetup=meetup, parent=UserFactory())

    assert refused.value.messages == [message]
    assert not MeetupRegistration.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("capacity", "message"),
    [
        (1, "Je bent al aangemeld voor deze ontmoeting."),
        (0, "Je staat al op de wachtlijst voor deze ontmoeting."),
    ],
    ids=["registered", "waiting"],
)
def test_double_registration_is_refused(capacity, message):
    meetup = MeetupFactory(capacity=1)
    if capacity == 0:
        _register(meetup)
    parent = UserFactory()
    _register(meetup, parent)

    with pytest.raises(services.ActionRefusedError) as refused:
        _register(meetup, parent)

    assert refused.value.messages == [message]
    assert meetup.registrations.filter(parent=parent).count() == 1


def test_database_refuses_a_second_active_registration_too():

    registration = MeetupRegistrationFactory()

    with pytest.raises(IntegrityError):
        MeetupRegistrationFactory(
            meetup=registration.meetup, parent=registration.parent, status="waiting"
        )


def test_another_parent_cannot_cancel_someones_registration():
    registration = _register(MeetupFactory())

    with pytest.raises(services.ActionRefusedError) as refused:
        services.meetup_cancel_registration(registration=registration, actor=UserFactory())

    assert refused.value.messages == ["Je kunt alleen jezelf afmelden."]
    assert MeetupRegistration.objects.get(pk=registration.pk).status == R.REGISTERED


def test_a_coordinator_may_sign_a_parent_off():
    registration = _register(MeetupFactory())

    services.meetup_cancel_registration(registration=registration, actor=coordinator())

    assert MeetupRegistration.objects.get(pk=registration.pk).status == R.CANCELLED


def test_leaving_after_the_start_is_refused():
    meetup = MeetupFactory()
    registration = _register(meetup)

    with (
        time_machine.travel(meetup.starts_at + timedelta(minutes=5)),
        pytest.raises(services.ActionRefusedError),
    ):
        services.meetup_cancel_registration(registration=registration, actor=registration.parent)

    assert MeetupRegistration.objects.get(pk=registration.pk).status == R.REGISTERED


def test_leaving_twice_is_refused():
    registration = _register(MeetupFactory())
    services.meetup_cancel_registration(registration=registration, actor=registration.parent)

    with pytest.raises(services.ActionRefusedError) as refused:
        services.meetup_cancel_registration(registration=registration, actor=registration.parent)

    assert refused.value.messages == ["Je bent al afgemeld voor deze ontmoeting."]


# --- Calling a meetup off ---------------------------------------------------------------------


def test_cancel_meetup_tells_everyone_registered_and_waiting_each_in_their_own_email(send):
    meetup = MeetupFactory(capacity=1)
    registered = _register(meetup, UserFactory(email="plek@test.example.nl"))
    waiting = _register(meetup, UserFactory(email="wacht@test.example.nl"))
    left = _register(meetup, UserFactory(email="weg@test.example.nl"))
    services.meetup_cancel_registration(registration=left, actor=left.parent)
    mail.outbox.clear()

    worker = coordinator()
    send(
        services.meetup_cancel,
        meetup=meetup,
        actor=worker,
        reason="De gespreksleider is ziek.",
    )

    meetup.refresh_from_db()
    assert (meetup.status, meetup.cancelled_by) == (Meetup.Status.CANCELLED, worker)
    assert meetup.cancel_reason == "De gespreksleider is ziek."
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["plek@test.example.nl", "wacht@test.example.nl"]
    assert all(len(m.to) == 1 for m in mail.outbox)
    assert by_address["plek@test.example.nl"].subject == f"Gaat niet door: {meetup.title}"
    assert "De gespreksleider is ziek." in by_address["plek@test.example.nl"].body
    assert "Je was aangemeld" in by_address["plek@test.example.nl"].body
    assert "Je stond op de wachtlijst" in by_address["wacht@test.example.nl"].body
    assert {registered.parent.email, waiting.parent.email} == set(by_address)


def test_cancel_meetup_needs_a_reason():
    meetup = MeetupFactory()

    with pytest.raises(services.ValidationError):
        services.meetup_cancel(meetup=meetup, actor=coordinator(), reason="  ")

    assert Meetup.objects.get(pk=meetup.pk).status == Meetup.Status.PUBLISHED


def test_cancel_meetup_twice_is_refused():
    meetup = MeetupFactory(status="cancelled")

    with pytest.raises(services.ActionRefusedError):
        services.meetup_cancel(meetup=meetup, actor=coordinator(), reason="Ziek")


# --- Attendance ---------------------------------------------------------------------------------


def test_attendance_is_marked_after_the_start():
    meetup = MeetupFactory()
    registration = _register(meetup)

    with time_machine.travel(meetup.ends_at):
        services.meetup_mark_attendance(
            registration=registration, attended=True, actor=coordinator()
        )

    assert MeetupRegistration.objects.get(pk=registration.pk).attended is True


def test_attendance_before_the_start_is_refused():
    registration = _register(MeetupFactory())

    with pytest.raises(services.ActionRefusedError):
        services.meetup_mark_attendance(
            registration=registration, attended=True, actor=coordinator()
        )

    assert MeetupRegistration.objects.get(pk=registration.pk).attended is None


def test_attendance_for_someone_on_the_waiting_list_is_refused():
    meetup = MeetupFactory(capacity=1)
    _register(meetup)
    waiting = _register(meetup)

    with time_machine.travel(meetup.ends_at), pytest.raises(services.ActionRefusedError):
        services.meetup_mark_attendance(registration=waiting, attended=True, actor=coordinator())


# --- The parent's own meetups (for the portal) -------------------------------------------------


def test_meetups_for_parent_lists_only_their_own_coming_meetups_soonest_first():
    parent = UserFactory()
    later = MeetupFactory(starts_at=timezone.now() + timedelta(days=20))
    sooner = MeetupFactory(starts_at=timezone.now() + timedelta(days=2), capacity=1)
    _register(sooner)
    past = MeetupFactory(starts_at=timezone.now() + timedelta(days=1))
    for meetup in (later, sooner, past):
        _register(meetup, parent)
    MeetupRegistrationFactory()  # somebody else's
    left = _register(MeetupFactory(), parent)
    services.meetup_cancel_registration(registration=left, actor=parent)

    with time_machine.travel(past.ends_at + timedelta(minutes=1)):
        rows = list(selectors.meetups_for_parent(parent))

    assert [(r.meetup, r.status, r.waiting_place) for r in rows] == [
        (sooner, R.WAITING, 1),
        (later, R.REGISTERED, None),
    ]


def test_meetups_for_parent_asks_waiting_places_only_for_a_waiting_spot(
    django_assert_num_queries,
):
    parent = UserFactory()
    full = MeetupFactory(capacity=1)
    _register(full)
    _register(MeetupFactory(), parent)

    with django_assert_num_queries(1):
        assert [r.waiting_place for r in selectors.meetups_for_parent(parent)] == [None]

    _register(full, parent)
    with django_assert_num_queries(2):
        rows = selectors.meetups_for_parent(parent)
    assert sorted((r.status, r.waiting_place) for r in rows) == [
        (R.REGISTERED, None),
        (R.WAITING, 1),
    ]


def test_meetups_for_anonymous_is_empty():

    assert list(selectors.meetups_for_parent(AnonymousUser())) == []


# --- Two parents, one last place (PostgreSQL) -------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite runs one writer at a time; real concurrency needs PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_parents_at_once_for_the_last_place_get_one_place_and_one_waiting_spot():

    meetup = MeetupFactory(capacity=1)
    parents = [UserFactory(), UserFactory()]
    barrier = threading.Barrier(2)
    errors = []

    def register(parent):
        try:
            barrier.wait()
            services.meetup_register(meetup=meetup, parent=parent)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(parent,)) for parent in parents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    statuses = sorted(meetup.registrations.values_list("status", flat=True))
    assert statuses == [R.REGISTERED, R.WAITING]
