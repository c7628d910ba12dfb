"""The parent network's part of the work queue: worrying check-ins until a coordinator
has picked them up, buddy proposals that expire within a day, consultations still open
after their last day; each count links to the list showing exactly those."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from oudernetwerk import services, work_queue
from oudernetwerk.models import CheckIn, Consultation, Match
from steunpunt import notifications
from steunpunt.models import DigestEntry
from steunpunt.work_queue import work_queue_for
from tests.factories import (
    ConsultationFactory,
    MatchFactory,
    UserFactory,
    coordinator,
    editor,
    privacy_officer,
)

pytestmark = pytest.mark.django_db

CHECKINS = reverse("admin:oudernetwerk_checkin_changelist")


def checkin(mood="bad", wants_help=False, answered=True) -> CheckIn:
    match = MatchFactory(status=Match.Status.ACTIVE, answered_at=timezone.now())
    return CheckIn.objects.create(
        match=match,
        respondent=CheckIn.Respondent.PARENT,
        round=1,
        due_at=timezone.now(),
        answered_at=timezone.now() if answered else None,
        mood=mood if answered else "",
        wants_help=wants_help,
    )


def listed(client, url) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200
    return {obj.pk for obj in response.context["cl"].queryset}


def test_worrying_check_ins_are_listed_until_picked_up(client):
    anna = coordinator()
    bad, helpme = checkin("bad"), checkin("good", wants_help=True)
    checkin("good")
    checkin(answered=False)
    client.force_login(anna)
    url = f"{CHECKINS}?zorgen=open"
    assert listed(client, url) == {bad.pk, helpme.pk}

    services.checkin_mark_handled(checkin=bad, actor=anna)

    assert listed(client, url) == {helpme.pk}
    bad.refresh_from_db()
    assert bad.handled_by == anna


def test_the_list_action_picks_check_ins_up(client):
    anna = coordinator()
    bad = checkin("bad")
    client.force_login(anna)

    client.post(CHECKINS, {"action": "mark_handled", "_selected_action": [bad.pk]})

    bad.refresh_from_db()
    assert bad.handled_at is not None


def test_a_check_in_is_picked_up_once_and_only_when_worrying():
    anna = coordinator()
    bad, good = checkin("bad"), checkin("good")
    services.checkin_mark_handled(checkin=bad, actor=anna)

    with pytest.raises(services.ActionRefusedError):
        services.checkin_mark_handled(checkin=bad, actor=anna)
    with pytest.raises(services.ActionRefusedError):
        services.checkin_mark_handled(checkin=good, actor=anna)


@pytest.mark.parametrize("make_user", [editor, privacy_officer, UserFactory])
def test_only_a_coordinator_picks_a_check_in_up(make_user):
    bad = checkin("bad")

    with pytest.raises(services.ActionRefusedError):
        services.checkin_mark_handled(checkin=bad, actor=make_user())


def test_proposals_expiring_within_a_day_are_listed(client):
    soon = MatchFactory(answer_by=timezone.now() + timedelta(hours=20))
    MatchFactory(answer_by=timezone.now() + timedelta(days=3))
    client.force_login(coordinator())

    url = f"{reverse('admin:oudernetwerk_match_changelist')}?antwoord=morgen"

    assert listed(client, url) == {soon.pk}


def test_consultations_past_their_last_day_are_listed(client):
    today = timezone.localdate()
    late = ConsultationFactory(status=Consultation.Status.OPEN, closes_on=today - timedelta(1))
    ConsultationFactory(status=Consultation.Status.OPEN, closes_on=today)
    ConsultationFactory(status=Consultation.Status.CLOSED, closes_on=today - timedelta(5))
    client.force_login(coordinator())

    url = f"{reverse('admin:oudernetwerk_consultation_changelist')}?afronden=sluiten"

    assert listed(client, url) == {late.pk}


def _queue(user, now) -> dict[str, int]:
    return {entry.label: entry.count for entry in work_queue_for(user, now=now)}


def test_the_queue_counts_what_the_lists_show_at_any_time():
    now = timezone.now()
    MatchFactory(answer_by=now + timedelta(hours=20))
    MatchFactory(answer_by=now + timedelta(days=3))
    ConsultationFactory(
        status=Consultation.Status.OPEN, closes_on=timezone.localdate(now) - timedelta(1)
    )
    checkin("bad")
    anna = coordinator()

    today, later = _queue(anna, now), _queue(anna, now + timedelta(days=3))

    assert today["Buddyvoorstellen die binnen 24 uur verlopen"] == 1
    assert today["Zorgelijke check-ins"] == 1
    assert today["Raadplegingen om te sluiten"] == 1
    # Three days on, both proposals are within a day (or past it), and the answers
    # compiled for today's values are not reused.
    assert later["Buddyvoorstellen die binnen 24 uur verlopen"] == 2
    assert later == {**today, "Buddyvoorstellen die binnen 24 uur verlopen": 2}


def test_the_network_entries_are_counted_in_one_query():
    work_queue_for(coordinator(), now=timezone.now())  # compiled on first use
    anna = coordinator()

    with CaptureQueriesContext(connection) as queries:
        work_queue_for(anna, now=timezone.now())

    counts = [sql for sql in queries.captured_queries if "COUNT(*)" in sql["sql"]]
    assert len(counts) == 1
    for table in ("oudernetwerk_checkin", "oudernetwerk_match", "oudernetwerk_consultation"):
        assert table in counts[0]["sql"]


def test_the_expiring_and_quiet_counts_are_built_once(monkeypatch):
    work_queue_for(coordinator(), now=timezone.now())  # compiled on first use
    built = []

    def building(*args):
        built.append(args)
        raise AssertionError("built again")

    monkeypatch.setattr(work_queue, "proposals_expiring_by", building)
    monkeypatch.setattr(work_queue, "quiet_matches_before", building)
    work_queue_for(coordinator(), now=timezone.now() + timedelta(days=2))

    assert built == []


# --- Telling the coordinators ---------------------------------------------------------------


def answer(captured, match_checkin: CheckIn, *, mood: str, wants_help: bool):
    with captured(execute=True):
        services.checkin_answer(
            checkin=CheckIn.objects.filter(pk=match_checkin.pk).first(),
            actor=match_checkin.match.request.parent,
            mood=mood,
            wants_help=wants_help,
        )


def test_a_bad_check_in_goes_to_the_digest_of_who_chose_it(
    site_settings, django_capture_on_commit_callbacks
):
    anna = coordinator(email="anna@test.example.nl")
    bert = coordinator(email="bert@test.example.nl")
    notifications.preference_save(
        user=bert, modes={"checkin_worrying": "digest"}, digest_time=timezone.now().time()
    )
    item = checkin(answered=False)

    answer(django_capture_on_commit_callbacks, item, mood="bad", wants_help=False)

    (alert,) = mail.outbox
    assert alert.to == [anna.email]
    assert list(DigestEntry.objects.values_list("user", flat=True)) == [bert.pk]


def test_help_asked_in_a_check_in_is_emailed_to_all_at_once(
    site_settings, django_capture_on_commit_callbacks
):
    anna = coordinator(email="anna@test.example.nl")
    bert = coordinator(email="bert@test.example.nl")
    notifications.preference_save(
        user=bert, modes={"checkin_worrying": "digest"}, digest_time=timezone.now().time()
    )
    item = checkin(answered=False)

    answer(django_capture_on_commit_callbacks, item, mood="good", wants_help=True)

    (alert,) = mail.outbox
    assert alert.to == [anna.email, bert.email]
