"""The coordinator's daily digest: at the time they picked (Dutch time, also across the
summer-time switch), once per day through the outbox key, only with what is theirs."""

from datetime import time

import pytest
import time_machine
from django.core import mail

from steunpunt import notifications, tasks
from steunpunt.models import DigestEmail, DigestEntry, NotificationKind
from tests.factories import coordinator

pytestmark = pytest.mark.django_db

K = NotificationKind


def wants_digest(user, at: time = time(8, 0)) -> None:
    notifications.preference_save(
        user=user, modes=dict.fromkeys(K.values, "digest"), digest_time=at
    )


def line(user, key: str, text: str, kind=K.PARENT_REPLY) -> None:
    notifications.add_digest_entries(
        kind=kind, users=[user], key=key, text=text, url=f"https://test.example.nl/{key}"
    )


def run(captured, when: str) -> int:
    with time_machine.travel(when, tick=False), captured(execute=True):
        return tasks.send_digests()


@pytest.fixture
def anna(site_settings):
    user = coordinator(email="anna@test.example.nl")
    wants_digest(user, time(8, 0))
    return user


def test_nothing_is_sent_before_the_chosen_time(anna, django_capture_on_commit_callbacks):
    with time_machine.travel("2026-11-03 07:00 +01:00", tick=False):
        line(anna, "a", "De ouder van OSP-2026-00001 reageerde")

    assert run(django_capture_on_commit_callbacks, "2026-11-03 07:59 +01:00") == 0
    assert mail.outbox == []


def test_the_digest_goes_at_the_chosen_time_with_its_lines(
    anna, django_capture_on_commit_callbacks
):
    with time_machine.travel("2026-11-03 07:00 +01:00", tick=False):
        line(anna, "a", "De ouder van OSP-2026-00001 reageerde")
        line(anna, "b", "Nieuwe vraag OSP-2026-00002 over Passend onderwijs", K.NEW_QUESTION)

    assert run(django_capture_on_commit_callbacks, "2026-11-03 08:00 +01:00") == 1

    (digest,) = mail.outbox
    assert digest.to == [anna.email]
    assert digest.subject == "Samenvatting van 3 november: 2 meldingen"
    assert "De ouder van OSP-2026-00001 reageerde" in digest.body
    assert "https://test.example.nl/a" in digest.body
    assert "Nieuwe vraag of klacht" in digest.body
    assert "Reactie van een ouder" in digest.body
    # The new question comes first: the sections follow the kinds' order.
    assert digest.body.index("Nieuwe vraag of klacht") < digest.body.index("Reactie van een")
    assert DigestEntry.objects.filter(digest__isnull=True).count() == 0


def test_the_digest_goes_once_a_day_however_often_the_task_runs(
    anna, django_capture_on_commit_callbacks
):
    with time_machine.travel("2026-11-03 07:00 +01:00", tick=False):
        line(anna, "a", "Eerste")
    run(django_capture_on_commit_callbacks, "2026-11-03 08:00 +01:00")
    with time_machine.travel("2026-11-03 09:00 +01:00", tick=False):
        line(anna, "b", "Later die dag")

    assert run(django_capture_on_commit_callbacks, "2026-11-03 09:15 +01:00") == 0
    assert len(mail.outbox) == 1
    assert DigestEmail.objects.get().key == f"digest-{anna.pk}-2026-11-03"

    # What came in after today's digest is in tomorrow's.
    assert run(django_capture_on_commit_callbacks, "2026-11-04 08:00 +01:00") == 1
    assert "Later die dag" in mail.outbox[1].body
    assert "Eerste" not in mail.outbox[1].body


def test_no_digest_when_nothing_came_in(anna, django_capture_on_commit_callbacks):
    assert run(django_capture_on_commit_callbacks, "2026-11-03 08:00 +01:00") == 0
    assert mail.outbox == []


def test_each_coordinator_gets_only_their_own_lines_at_their_own_time(
    anna, django_capture_on_commit_callbacks
):
    bert = coordinator(email="bert@test.example.nl")
    wants_digest(bert, time(17, 30))
    with time_machine.travel("2026-11-03 07:00 +01:00", tick=False):
        line(anna, "a", "Voor Anna")
        line(bert, "b", "Voor Bert")

    run(django_capture_on_commit_callbacks, "2026-11-03 08:00 +01:00")
    run(django_capture_on_commit_callbacks, "2026-11-03 17:30 +01:00")

    assert [m.to for m in mail.outbox] == [[anna.email], [bert.email]]
    assert "Voor Bert" not in mail.outbox[0].body
    assert "Voor Anna" not in mail.outbox[1].body


@pytest.mark.parametrize(
    ("before", "at"),
    [
        # Summer time starts on 29 March 2026: 8:00 in Amsterdam is 6:00 UTC that day.
        ("2026-03-29 05:59 +00:00", "2026-03-29 06:00 +00:00"),
        # It ends on 25 October 2026: 8:00 is 7:00 UTC again.
        ("2026-10-25 06:59 +00:00", "2026-10-25 07:00 +00:00"),
    ],
)
def test_the_chosen_time_is_dutch_time_across_the_summer_time_switch(
    anna, django_capture_on_commit_callbacks, before, at
):
    with time_machine.travel(before, tick=False):
        line(anna, "a", "Iets")

    assert run(django_capture_on_commit_callbacks, before) == 0
    assert run(django_capture_on_commit_callbacks, at) == 1
    assert mail.outbox[0].to == [anna.email]


def test_an_inactive_coordinator_gets_no_digest(anna, django_capture_on_commit_callbacks):
    with time_machine.travel("2026-11-03 07:00 +01:00", tick=False):
        line(anna, "a", "Iets")
    anna.is_active = False
    anna.save()

    assert run(django_capture_on_commit_callbacks, "2026-11-03 08:00 +01:00") == 0
    assert mail.outbox == []
