"""The parent's evaluation page, opened from the signed link after a case is resolved."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from casussen import services
from casussen.models import Case, CaseEvent, Evaluation, Reminder
from tests.factories import coordinator, make_case

pytestmark = pytest.mark.django_db

PARENT = "ouder@test.example.nl"
NOW = "2026-11-02 10:00 +01:00"  # a Monday


def resolved_case(**kwargs) -> Case:
    case = make_case(email=PARENT, **kwargs)
    me = coordinator()
    services.case_assign(case=case, coordinator=me, actor=me)
    return services.case_transition(
        case=case, to_status=Case.Status.RESOLVED, actor=me, resolution=Case.Resolution.ANSWERED
    )


def url_for(case: Case) -> str:
    return reverse("casussen:evaluation", args=[services.evaluation_token(case.evaluation)])


def answers(**overrides) -> dict:
    data = {
        "satisfaction": "4",
        "topic_child_centred": "agree",
        "topic_nearby": "partly",
        "topic_agreements": "disagree",
        "comment": "  Fijn dat jullie meedachten.  ",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def assert_private(response) -> None:
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert "no-store" in response.headers["Cache-Control"]


def test_evaluation_page_shows_the_form_with_reference_and_scale(client):
    case = resolved_case()

    response = client.get(url_for(case))

    html = response.content.decode()
    assert response.status_code == 200
    assert_private(response)
    assert case.reference in html
    assert "2 minuten" in html
    assert "heel ontevreden" in html
    assert "heel tevreden" in html
    assert html.count("<fieldset") == 1 + len(Evaluation.TOPICS)
    assert html.count('type="radio"') == 5 + 3 * len(Evaluation.TOPICS)
    assert "Denkt vanuit het kind" in html
    assert 'for="id_comment"' in html
    assert "style=" not in html
    assert "<script>" not in html


def test_submit_stores_answers_and_closes_the_resolved_case(client):
    case = resolved_case()
    url = url_for(case)

    response = client.post(url, answers())

    assert response.status_code == 302
    assert response.url == url
    assert_private(response)
    evaluation = Evaluation.objects.get(case=case)
    assert evaluation.satisfaction == 4
    assert evaluation.topics == {
        "child_centred": "agree",
        "nearby": "partly",
        "agreements": "disagree",
    }
    assert evaluation.comment == "Fijn dat jullie meedachten."
    assert evaluation.submitted_at is not None
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    received = case.events.filter(kind=CaseEvent.Kind.EVALUATION_RECEIVED)
    assert [event.actor for event in received] == [case.parent]


def test_after_submit_the_page_thanks_and_shows_no_form(client):
    case = resolved_case()

    response = client.post(url_for(case), answers(), follow=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert_private(response)
    assert "Bedankt voor je antwoorden" in html
    assert 'name="satisfaction"' not in html


def test_second_submit_is_refused_and_keeps_the_first_answers(client):
    case = resolved_case()
    url = url_for(case)
    client.post(url, answers(satisfaction="5"))

    response = client.post(url, answers(satisfaction="1", comment="Toch anders."))

    assert response.status_code == 200
    assert "Bedankt voor je antwoorden" in response.content.decode()
    evaluation = Evaluation.objects.get(case=case)
    assert (evaluation.satisfaction, evaluation.comment) == (5, "Fijn dat jullie meedachten.")
    assert case.events.filter(kind=CaseEvent.Kind.EVALUATION_RECEIVED).count() == 1


def test_missing_satisfaction_is_an_error_beside_the_field_and_nothing_is_stored(client):
    case = resolved_case()

    response = client.post(url_for(case), answers(satisfaction=None))

    html = response.content.decode()
    assert response.status_code == 400
    assert_private(response)
    assert 'id="id_satisfaction-error"' in html
    assert "Kies een cijfer van 1 tot 5." in html
    # The answers the parent gave are still there.
    assert 'value="partly" checked' in html
    assert "Fijn dat jullie meedachten." in html
    evaluation = Evaluation.objects.get(case=case)
    assert (evaluation.submitted_at, evaluation.satisfaction, evaluation.topics) == (None, None, {})
    case.refresh_from_db()
    assert case.status == Case.Status.RESOLVED


@pytest.mark.parametrize(
    "bad", [{"topic_nearby": "maybe"}, {"satisfaction": "9"}, {"satisfaction": "drie"}]
)
def test_a_value_that_is_not_offered_is_refused(client, bad):
    case = resolved_case()

    response = client.post(url_for(case), answers(**bad))

    assert response.status_code == 400
    assert Evaluation.objects.get(case=case).submitted_at is None


def test_topics_may_be_skipped(client):
    case = resolved_case()

    client.post(url_for(case), {"satisfaction": "3"})

    evaluation = Evaluation.objects.get(case=case)
    assert (evaluation.satisfaction, evaluation.topics, evaluation.comment) == (3, {}, "")


def test_the_service_refuses_an_unknown_topic_even_without_the_form():
    case = resolved_case()

    with pytest.raises(services.ValidationError):
        services.evaluation_submit(
            evaluation=case.evaluation, satisfaction=4, topics={"made_up": "agree"}
        )

    assert Evaluation.objects.get(case=case).submitted_at is None


def test_tampered_link_is_not_found(client):
    case = resolved_case()
    token = services.evaluation_token(case.evaluation)
    tampered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]

    response = client.get(reverse("casussen:evaluation", args=[tampered]))

    assert response.status_code == 404
    assert_private(response)
    assert client.post(reverse("casussen:evaluation", args=[tampered]), answers()).status_code == (
        404
    )
    assert Evaluation.objects.get(case=case).submitted_at is None


def test_expired_link_is_gone_with_a_friendly_page(client, settings):
    with time_machine.travel(NOW, tick=False):
        case = resolved_case()
        url = url_for(case)
        later = timezone.now() + timedelta(days=settings.EVALUATION_LINK_MAX_AGE_DAYS + 1)

    with time_machine.travel(later, tick=False):
        response = client.get(url)
        refused = client.post(url, answers())

    assert response.status_code == 410
    assert_private(response)
    assert "Deze link werkt niet meer" in response.content.decode()
    assert 'name="satisfaction"' not in response.content.decode()
    assert refused.status_code == 410
    assert Evaluation.objects.get(case=case).submitted_at is None


def test_invitation_goes_once_even_when_the_case_is_reopened_and_resolved_again(
    django_capture_on_commit_callbacks,
):
    me = coordinator()
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        case = resolved_case()
    with (
        time_machine.travel("2026-11-05 10:00 +01:00", tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.parent_reply(case=case, parent=case.parent, text="Het is toch nog niet goed.")
        case.refresh_from_db()
        assert case.status == Case.Status.IN_PROGRESS
        services.case_transition(
            case=case,
            to_status=Case.Status.RESOLVED,
            actor=me,
            resolution=Case.Resolution.ANSWERED,
        )

    invite = Reminder.objects.get(kind=Reminder.Kind.EVALUATION_INVITE)
    assert invite.sent_at is not None
    invitations = [message for message in mail.outbox if message.subject == invite.subject]
    assert len(invitations) == 1
    assert invitations[0].to == [PARENT]
    assert "/evaluatie/" in invitations[0].body
    case.refresh_from_db()
    assert case.status == Case.Status.RESOLVED
    assert Evaluation.objects.filter(case=case).count() == 1


def test_wrong_link_says_what_happened_and_how_to_reach_us(client, site_settings):
    response = client.get(reverse("casussen:evaluation", args=["abc"]))

    content = response.content.decode()
    assert response.status_code == 404
    assert "Deze link werkt niet" in content
    assert site_settings.phone in content
    assert site_settings.email in content
    assert reverse("casussen:portal") in content
    assert_private(response)
