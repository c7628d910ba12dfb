"""The parent network's part of the work queue: worrying check-ins until a coordinator
has picked them up, buddy proposals that expire within a day, consultations still open
after their last day; each count links to the list showing exactly those."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from oudernetwerk import services
from oudernetwerk.models import CheckIn, Consultation, Match
from steunpunt import notifications
from steunpunt.models import DigestEntry
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
