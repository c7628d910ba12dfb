"""An unhappy evaluation is not the end: it goes on the work queue until a coordinator
has talked it through, and the parent can ask for more contact, which reopens the case
while the reopen window lasts."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from casussen import services, work_queue
from casussen.models import Case, CaseEvent, Evaluation
from tests.factories import UserFactory, coordinator, editor, make_case, privacy_officer

pytestmark = pytest.mark.django_db

PARENT = "ouder@test.example.nl"


@pytest.fixture
def anna():
    return coordinator(email="anna@test.example.nl")


def resolved(owner) -> Case:
    case = make_case(email=PARENT)
    services.case_assign(case=case, coordinator=owner, actor=owner)
    return services.case_transition(
        case=case, to_status=Case.Status.RESOLVED, actor=owner, resolution=Case.Resolution.ANSWERED
    )


def submit(case: Case, satisfaction=4, topics=None, contact_wanted=False) -> Evaluation:
    return services.evaluation_submit(
        evaluation=case.evaluation,
        satisfaction=satisfaction,
        topics=topics or {},
        contact_wanted=contact_wanted,
    )


def disagree(n: int) -> dict[str, str]:
    return {key: "disagree" for key, _label in Evaluation.TOPICS[:n]}


@pytest.mark.parametrize(
    ("satisfaction", "topics", "unhappy"),
    [
        (1, {}, True),
        (2, {}, True),
        (3, {}, False),
        (5, disagree(2), False),
        (5, disagree(3), True),
        (4, {**disagree(2), "result": "partly", "agreements": "partly"}, False),
    ],
)
def test_which_evaluations_go_on_the_work_queue(anna, satisfaction, topics, unhappy):
    case = resolved(anna)

    evaluation = submit(case, satisfaction, topics)

    assert (evaluation.review_needed_at is not None) == unhappy
    to_review = work_queue.evaluation_to_review(Case.objects.all())
    assert list(to_review) == ([case] if unhappy else [])


def test_an_unhappy_evaluation_still_closes_the_case(anna):
    case = resolved(anna)

    submit(case, satisfaction=1)

    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED


def test_a_coordinator_marks_the_review_done(anna):
    case = resolved(anna)
    evaluation = submit(case, satisfaction=2)

    services.evaluation_review_done(evaluation=evaluation, actor=anna)

    evaluation.refresh_from_db()
    assert (evaluation.reviewed_by, evaluation.awaits_review) == (anna, False)
    assert not work_queue.evaluation_to_review(Case.objects.all()).exists()
    event = case.events.get(kind=CaseEvent.Kind.EVALUATION_REVIEWED)
    assert (event.actor, event.is_internal) == (anna, True)


def test_a_review_is_done_once(anna):
    evaluation = submit(resolved(anna), satisfaction=2)
    services.evaluation_review_done(evaluation=evaluation, actor=anna)

    with pytest.raises(services.TransitionRefusedError):
        services.evaluation_review_done(evaluation=evaluation, actor=anna)


def test_a_happy_evaluation_has_no_review_to_mark(anna):
    evaluation = submit(resolved(anna), satisfaction=5)

    with pytest.raises(services.TransitionRefusedError):
        services.evaluation_review_done(evaluation=evaluation, actor=anna)


def test_only_a_coordinator_marks_the_review(anna):
    evaluation = submit(resolved(anna), satisfaction=1)

    with pytest.raises(services.TransitionRefusedError):
        services.evaluation_review_done(evaluation=evaluation, actor=editor())
    evaluation.refresh_from_db()
    assert evaluation.awaits_review


def test_asking_for_contact_reopens_the_case_within_the_window(
    anna, site_settings, django_capture_on_commit_callbacks
):
    case = resolved(anna)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        evaluation = submit(case, satisfaction=4, contact_wanted=True)

    case.refresh_from_db()
    assert case.status == Case.Status.IN_PROGRESS
    assert case.resolved_at is None
    assert evaluation.contact_wanted
    assert evaluation.awaits_review
    (told,) = mail.outbox
    assert told.to == [anna.email]
    assert "weer geopend" in told.subject


def test_asking_for_contact_after_the_window_closes_the_case_but_keeps_it_on_the_queue(anna):
    case = resolved(anna)

    with time_machine.travel(timezone.now() + timedelta(days=15), tick=False):
        evaluation = submit(case, satisfaction=4, contact_wanted=True)

    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert evaluation.awaits_review


# --- On the evaluation page and the case page ------------------------------------------------


def page_url(case: Case) -> str:
    return reverse("casussen:evaluation", args=[services.evaluation_token(case.evaluation)])


def test_the_evaluation_page_offers_contact(client, anna):
    case = resolved(anna)

    html = client.get(page_url(case)).content.decode()

    assert "Ik wil hierover nog contact" in html
    assert "Dan gaat je vraag weer open" in html


def test_ticking_contact_on_the_page_reopens_and_says_so(client, anna, site_settings):
    case = resolved(anna)

    response = client.post(
        page_url(case), {"satisfaction": "2", "contact_wanted": "on"}, follow=True
    )

    case.refresh_from_db()
    assert case.status == Case.Status.IN_PROGRESS
    assert "Je vraag staat daarom weer open" in response.content.decode()


def review_url(case: Case) -> str:
    return reverse("admin:casussen_case_evaluation_reviewed", args=[case.pk])


def test_the_case_page_shows_the_review_button(client, anna):
    case = resolved(anna)
    submit(case, satisfaction=1)
    client.force_login(anna)

    html = client.get(reverse("admin:casussen_case_change", args=[case.pk])).content.decode()

    assert "Te bespreken." in html
    assert review_url(case) in html


def test_the_review_button_takes_it_off_the_queue(client, anna):
    case = resolved(anna)
    submit(case, satisfaction=1)
    client.force_login(anna)

    client.post(review_url(case))

    assert not work_queue.evaluation_to_review(Case.objects.all()).exists()


@pytest.mark.parametrize("make_user", [editor, privacy_officer])
def test_other_staff_cannot_mark_a_review(client, anna, make_user):
    case = resolved(anna)
    evaluation = submit(case, satisfaction=1)
    client.force_login(make_user())

    assert client.post(review_url(case)).status_code == 403
    evaluation.refresh_from_db()
    assert evaluation.awaits_review


def test_parent_and_anonymous_cannot_mark_a_review(client, anna):
    case = resolved(anna)
    evaluation = submit(case, satisfaction=1)

    assert client.post(review_url(case))["Location"].startswith(reverse("admin:login"))
    client.force_login(UserFactory(email="ander@test.example.nl"))
    assert client.post(review_url(case), follow=True).status_code == 403
    evaluation.refresh_from_db()
    assert evaluation.awaits_review
