"""Becoming a buddy, screening and approval, pausing, asking for a buddy, and the VOG
warning that coordinators get exactly once."""

from datetime import date, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from config.celery import app
from oudernetwerk import services, tasks
from oudernetwerk.models import BuddyProfile, BuddyRequest, NetworkEvent, Reminder
from steunpunt import roles
from tests.factories import (
    BuddyProfileFactory,
    MatchFactory,
    MunicipalityFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
)

pytestmark = pytest.mark.django_db


def _apply(user=None, **kwargs):
    return services.buddy_apply(
        user=user or UserFactory(),
        themes=kwargs.pop("themes", [ThemeFactory()]),
        municipalities=kwargs.pop("municipalities", [MunicipalityFactory()]),
        languages=kwargs.pop("languages", ["nl"]),
        introduction=kwargs.pop("introduction", "Vader van een zoon op het SO."),
        **kwargs,
    )


def _screened(**kwargs):
    profile = _apply()
    today = timezone.localdate()
    return services.buddy_screen(
        profile=profile,
        actor=coordinator(),
        intake_held_at=kwargs.get("intake_held_at", today - timedelta(days=20)),
        vog_date=kwargs.get("vog_date", today - timedelta(days=10)),
        training_date=kwargs.get("training_date"),
    )


# --- Applying -----------------------------------------------------------------------------------


def test_apply_makes_a_waiting_profile_and_tells_both_sides(
    site_settings, django_capture_on_commit_callbacks
):
    worker = coordinator(email="coordinator@test.example.nl")
    user = UserFactory(email="nieuwe.buddy@test.example.nl")

    with django_capture_on_commit_callbacks(execute=True):
        profile = _apply(
            user,
            languages=["tr", "nl", "tr"],
            age_bands=["12-16", "4-8"],
            school_types=["vso"],
            max_active_matches=2,
        )

    assert profile.status == BuddyProfile.Status.APPLIED
    assert profile.languages == ["nl", "tr"]
    assert profile.age_bands == ["4-8", "12-16"]
    assert [m.to for m in mail.outbox] == [[user.email], [worker.email]]
    assert "Binnen twee weken bellen we je" in mail.outbox[0].body
    assert "/admin/oudernetwerk/buddyprofile/" in mail.outbox[1].body
    assert not user.groups.filter(name=roles.BUDDY).exists()


def test_apply_twice_is_refused():
    profile = _apply()

    with pytest.raises(ValidationError, match="al aangemeld"):
        _apply(profile.user)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"themes": []}, "onderwerp"),
        ({"municipalities": []}, "gemeente"),
        ({"languages": []}, "taal"),
        ({"languages": ["xx"]}, "taal"),
        ({"max_active_matches": 6}, "1 tot 5"),
        ({"introduction": "   "}, "wie je bent"),
    ],
)
def test_apply_checks_what_comes_in(kwargs, message):
    with pytest.raises(ValidationError, match=message):
        _apply(**kwargs)
    assert not BuddyProfile.objects.exists()


# --- Screening and approval ------------------------------------------------------------------


def test_screening_is_recorded_with_who_did_it():
    profile = _screened(training_date=timezone.localdate())

    event = NetworkEvent.objects.get(kind="buddy_screened")
    assert event.profile == profile
    assert event.actor.groups.filter(name=roles.COORDINATOR).exists()
    assert event.data["vog_date"] == profile.vog_date.isoformat()


def test_screening_refuses_a_vog_from_the_future():
    with pytest.raises(ValidationError) as refused:
        _screened(vog_date=timezone.localdate() + timedelta(days=2))

    assert "vog_date" in refused.value.message_dict


def test_approve_gives_the_role_and_a_welcome(site_settings, django_capture_on_commit_callbacks):
    profile = _screened()
    worker = coordinator()

    with django_capture_on_commit_callbacks(execute=True):
        profile = services.buddy_approve(profile=profile, actor=worker)

    assert (profile.status, profile.approved_by) == (BuddyProfile.Status.APPROVED, worker)
    assert profile.approved_at is not None
    assert profile.user.groups.filter(name=roles.BUDDY).exists()
    assert [m.to for m in mail.outbox][-1] == [profile.user.email]
    assert mail.outbox[-1].subject == "Welkom als buddy!"
    assert "binnen 5 dagen" in mail.outbox[-1].body


def test_approve_is_refused_without_an_intake():
    profile = _screened(intake_held_at=None)

    with pytest.raises(ValidationError, match="kennismakingsgesprek"):
        services.buddy_approve(profile=profile, actor=coordinator())
    profile.refresh_from_db()
    assert profile.status == BuddyProfile.Status.APPLIED


def test_approve_is_refused_without_a_vog():
    profile = _screened(vog_date=None)

    with pytest.raises(ValidationError, match="VOG van minder dan 3 jaar"):
        services.buddy_approve(profile=profile, actor=coordinator())
    profile.refresh_from_db()
    assert profile.status == BuddyProfile.Status.APPLIED


@time_machine.travel("2026-11-24 10:00 +01:00", tick=False)
def test_approve_is_refused_with_a_vog_of_three_years():
    profile = _screened(vog_date=date(2023, 11, 24))

    with pytest.raises(ValidationError, match="ouder dan 3 jaar"):
        services.buddy_approve(profile=profile, actor=coordinator())
    assert not profile.user.groups.filter(name=roles.BUDDY).exists()


@time_machine.travel("2026-11-24 10:00 +01:00", tick=False)
def test_approve_accepts_a_vog_one_day_under_three_years():
    profile = _screened(vog_date=date(2023, 11, 25))

    assert services.buddy_approve(profile=profile, actor=coordinator()).status == "approved"


def test_reject_needs_a_reason_and_keeps_it_from_the_person(
    site_settings, django_capture_on_commit_callbacks
):
    profile = _apply()
    with pytest.raises(ValidationError, match="waarom"):
        services.buddy_reject(profile=profile, actor=coordinator(), reason=" ")

    with django_capture_on_commit_callbacks(execute=True):
        services.buddy_reject(
            profile=profile, actor=coordinator(), reason="Past niet bij wat ouders zoeken."
        )

    profile.refresh_from_db()
    assert (profile.status, profile.rejected_reason) == (
        "rejected",
        "Past niet bij wat ouders zoeken.",
    )
    assert mail.outbox[-1].to == [profile.user.email]
    assert "Past niet" not in mail.outbox[-1].body


def test_reject_an_approved_buddy_with_a_running_match_is_refused():

    match = MatchFactory(status="active")

    with pytest.raises(ValidationError, match="lopend"):
        services.buddy_reject(profile=match.buddy, actor=coordinator(), reason="Gestopt.")


def test_a_rejected_profile_cannot_be_approved():
    profile = BuddyProfileFactory(status="rejected")

    with pytest.raises(ValidationError, match="kan nu niet"):
        services.buddy_approve(profile=profile, actor=coordinator())


def test_approving_a_paused_buddy_points_to_resume(site_settings):
    profile = BuddyProfileFactory(status="paused")

    with pytest.raises(ValidationError, match="Weer beschikbaar"):
        services.buddy_approve(profile=profile, actor=coordinator())
    profile.refresh_from_db()
    assert profile.status == "paused"


def test_pause_and_resume():
    profile = BuddyProfileFactory()

    services.buddy_pause(profile=profile, actor=profile.user)
    profile.refresh_from_db()
    assert profile.status == "paused"
    with pytest.raises(ValidationError):
        services.buddy_pause(profile=profile, actor=profile.user)

    services.buddy_resume(profile=profile, actor=profile.user)
    profile.refresh_from_db()
    assert profile.status == "approved"
    with pytest.raises(ValidationError, match="niet gepauzeerd"):
        services.buddy_resume(profile=profile, actor=profile.user)
    kinds = list(profile.events.values_list("kind", flat=True))
    assert kinds == ["buddy_paused", "buddy_resumed"]


# --- Asking for a buddy --------------------------------------------------------------------------


def _ask(parent, **kwargs):
    return services.request_create(
        parent=parent,
        themes=kwargs.pop("themes", [ThemeFactory()]),
        municipality=kwargs.pop("municipality", MunicipalityFactory()),
        hopes=kwargs.pop("hopes", "Iemand die weet hoe het is."),
        **kwargs,
    )


@time_machine.travel("2026-11-24 10:00 +01:00", tick=False)
def test_request_tells_the_parent_by_when(site_settings, django_capture_on_commit_callbacks):
    worker = coordinator()
    parent = UserFactory(email="ouder@test.example.nl")

    with django_capture_on_commit_callbacks(execute=True):
        buddy_request = _ask(parent, age_band="8-12", urgency="soon")

    assert buddy_request.status == BuddyRequest.Status.OPEN
    assert buddy_request.answer_by == date(2026, 12, 8)
    assert [m.to for m in mail.outbox] == [[parent.email], [worker.email]]
    assert "Uiterlijk dinsdag 8 december hoor je van ons" in mail.outbox[0].body
    assert mail.outbox[1].subject == "Nieuwe aanvraag voor een buddy (liefst snel)"
    assert "Iemand die weet" not in mail.outbox[1].body


def test_one_open_request_per_parent():
    parent = UserFactory()
    _ask(parent)

    with pytest.raises(ValidationError, match="al een aanvraag"):
        _ask(parent)
    assert parent.buddy_requests.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"themes": []}, "onderwerp"),
        ({"hopes": "  "}, "hoopt"),
        ({"age_band": "3-5"}, "leeftijd"),
        ({"school_type": "mbo"}, "soort school"),
        ({"language": "xx"}, "taal"),
    ],
)
def test_request_checks_what_comes_in(kwargs, message):
    with pytest.raises(ValidationError, match=message):
        _ask(UserFactory(), **kwargs)


# --- VOG warning: 30 days ahead, to coordinators, exactly once --------------------------------

VOG = date(2023, 12, 24)  # counts until 24 December 2026


def _sweep_on(moment: str, capture):
    with time_machine.travel(moment, tick=False), capture(execute=True):
        return services.sweep()


@pytest.fixture
def buddy_with_vog(site_settings):
    coordinator(email="coordinator@test.example.nl")
    return BuddyProfileFactory(vog_date=VOG, user__name="Fatma Proef")


def test_no_warning_before_thirty_days(buddy_with_vog, django_capture_on_commit_callbacks):
    counts = _sweep_on("2026-11-23 07:00 +01:00", django_capture_on_commit_callbacks)

    assert counts["vog_expiring"] == 0
    assert mail.outbox == []


def test_vog_warning_goes_once(buddy_with_vog, django_capture_on_commit_callbacks):
    _sweep_on("2026-11-24 07:00 +01:00", django_capture_on_commit_callbacks)
    _sweep_on("2026-11-24 07:00 +01:00", django_capture_on_commit_callbacks)
    _sweep_on("2026-12-01 07:00 +01:00", django_capture_on_commit_callbacks)
    _sweep_on("2026-12-30 07:00 +01:00", django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [["coordinator@test.example.nl"]]
    assert mail.outbox[0].subject == "De VOG van buddy Fatma Proef verloopt op 24 december 2026"
    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.profile, reminder.sent_at is not None) == (
        "vog_expiring",
        buddy_with_vog,
        True,
    )


def test_vog_warning_through_the_celery_task_twice(
    buddy_with_vog, django_capture_on_commit_callbacks
):
    with time_machine.travel("2026-11-25 07:00 +01:00", tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.sweep.delay()
        with django_capture_on_commit_callbacks(execute=True):
            tasks.sweep.delay()

    assert len(mail.outbox) == 1


def test_a_new_vog_date_brings_a_new_warning_three_years_on(
    buddy_with_vog, django_capture_on_commit_callbacks
):
    _sweep_on("2026-11-24 07:00 +01:00", django_capture_on_commit_callbacks)
    with time_machine.travel("2026-12-02 10:00 +01:00", tick=False):
        services.buddy_screen(
            profile=buddy_with_vog,
            actor=coordinator(),
            intake_held_at=buddy_with_vog.intake_held_at,
            vog_date=date(2026, 12, 1),
            training_date=buddy_with_vog.training_date,
        )
    _sweep_on("2026-12-03 07:00 +01:00", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1

    _sweep_on("2029-11-01 07:00 +01:00", django_capture_on_commit_callbacks)
    _sweep_on("2029-11-02 07:00 +01:00", django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 2


def test_an_already_expired_vog_is_reported_once_as_expired(
    site_settings, django_capture_on_commit_callbacks
):
    coordinator(email="coordinator@test.example.nl")
    BuddyProfileFactory(vog_date=date(2022, 1, 10), user__name="Piet Proef", status="paused")

    _sweep_on("2026-11-24 07:00 +01:00", django_capture_on_commit_callbacks)
    _sweep_on("2026-11-25 07:00 +01:00", django_capture_on_commit_callbacks)

    [email] = mail.outbox
    assert email.subject == "De VOG van buddy Piet Proef is verlopen"


@pytest.mark.parametrize("status", ["applied", "rejected"])
def test_no_warning_for_who_is_not_a_buddy(
    status, site_settings, django_capture_on_commit_callbacks
):
    coordinator()
    BuddyProfileFactory(vog_date=VOG, status=status)

    _sweep_on("2026-12-01 07:00 +01:00", django_capture_on_commit_callbacks)

    assert mail.outbox == []


def test_without_coordinators_nothing_is_claimed_and_it_goes_later(
    site_settings, django_capture_on_commit_callbacks
):
    BuddyProfileFactory(vog_date=VOG)
    _sweep_on("2026-11-24 07:00 +01:00", django_capture_on_commit_callbacks)
    assert not Reminder.objects.exists()

    coordinator(email="nieuw@test.example.nl")
    _sweep_on("2026-11-25 07:00 +01:00", django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["nieuw@test.example.nl"]]


def test_the_sweep_runs_daily_from_beat():

    entry = settings.CELERY_BEAT_SCHEDULE["oudernetwerk-sweep"]
    assert entry["task"] == "oudernetwerk.tasks.sweep"
    assert entry["task"] in app.tasks


@time_machine.travel("2026-11-28 10:00 +01:00", tick=False)
def test_request_on_a_saturday_promises_a_working_day(site_settings):
    buddy_request = _ask(UserFactory())

    # 14 days on is Saturday 12 December: the parent hears by Monday 14 December.
    assert buddy_request.answer_by == date(2026, 12, 14)
    assert services.parent_hears_by(timezone.now()) == date(2026, 12, 14)


@time_machine.travel("2026-11-24 10:00 +01:00", tick=False)
def test_request_page_and_mijn_give_the_parent_one_date(client, site_settings):
    parent = UserFactory()
    buddy_request = _ask(parent)
    buddy = BuddyProfileFactory(municipalities=[buddy_request.municipality])
    MatchFactory(
        request=buddy_request,
        buddy=buddy,
        status="proposed",
        answer_by=timezone.now() + timedelta(days=3),  # the buddy's deadline: 27 November
    )
    client.force_login(parent)

    pages = [client.get("/buddy/aanvragen/"), client.get("/mijn/")]

    for page in pages:
        content = page.content.decode()
        assert "dinsdag 8 december" in content
        assert "27 november" not in content
