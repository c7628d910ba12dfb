"""Erasure: the parent asks in Mijn steunpunt, the coordinators hear, a coordinator sees
what would be erased and what must be kept and why, and carries it out or refuses."""

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse

from casussen import services as case_services
from casussen.models import Case
from oudernetwerk.models import BuddyRequest, MeetupRegistration, PanelMember
from steunpunt import erasure
from steunpunt.models import AccessEvent, ErasureRequest, User
from tests.factories import (
    BuddyRequestFactory,
    MatchFactory,
    MunicipalityFactory,
    UserFactory,
    coordinator,
    editor,
    make_case,
)
from tests.factories.meetups import MeetupRegistrationFactory

pytestmark = pytest.mark.django_db

ASK = "erasure_request"
PARENT = "ouder@test.example.nl"


def _review_url(request: ErasureRequest) -> str:
    return reverse("admin:steunpunt_erasurerequest_change", args=[request.pk])


def _carry_out_url(request: ErasureRequest) -> str:
    return reverse("admin:steunpunt_erasurerequest_carry_out", args=[request.pk])


def _refuse_url(request: ErasureRequest) -> str:
    return reverse("admin:steunpunt_erasurerequest_refuse", args=[request.pk])


@pytest.fixture
def parent_with_data():
    case = make_case(email=PARENT, phone="06 12345678")
    parent = case.parent
    BuddyRequestFactory(parent=parent, status="closed")
    MeetupRegistrationFactory(parent=parent)
    PanelMember.objects.create(
        user=parent, municipality=MunicipalityFactory(), consent_text="Ik doe mee."
    )
    return parent


def test_erasure_end_to_end(client, parent_with_data, django_capture_on_commit_callbacks):
    parent = parent_with_data
    first = coordinator(email="coordinator1@test.example.nl")
    coordinator(email="coordinator2@test.example.nl")
    case = Case.objects.get(parent=parent)

    # The parent asks.
    client.force_login(parent)
    page = client.get(reverse(ASK))
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    # The term follows ERASURE_ANSWER_DAYS (30), in days rather than a fixed "1 maand".
    assert "Binnen 30 dagen verwijderen we je gegevens." in page.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(ASK), {"confirm": "1"})
    assert response.status_code == 302
    request = ErasureRequest.objects.get(user=parent)
    assert [m.to for m in mail.outbox] == [
        ["coordinator1@test.example.nl", "coordinator2@test.example.nl"]
    ]
    assert _review_url(request) in mail.outbox[0].body
    assert PARENT not in mail.outbox[0].body
    parent_session = client.session.session_key

    # The coordinator reviews.
    client.force_login(first)
    review = client.get(_review_url(request))
    content = review.content.decode()
    assert review.status_code == 200
    assert "Vragen en klachten: anoniem gemaakt" in content
    assert "Plek in het ouderpanel" in content
    assert "Niets. Ook het account wordt verwijderd." in content
    assert AccessEvent.objects.filter(
        actor=first, subject_id=parent.pk, object_type="steunpunt.erasurerequest"
    ).exists()

    # And carries it out.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_carry_out_url(request))
    assert response.status_code == 302
    assert not User.objects.filter(pk=parent.pk).exists()
    assert not Session.objects.filter(session_key=parent_session).exists()
    case.refresh_from_db()
    assert (case.description, case.phone, case.parent, case.status) == ("", "", None, "closed")
    assert case.anonymised_at is not None
    assert not BuddyRequest.objects.exists()
    assert not MeetupRegistration.objects.exists()
    assert not PanelMember.objects.exists()
    request.refresh_from_db()
    assert (request.status, request.user, request.decided_by) == ("done", None, first)
    assert [m.to for m in mail.outbox] == [[PARENT]]
    assert "Ook je account is verwijderd" in mail.outbox[0].body


def test_confirmation_is_sent_only_after_commit(client, parent_with_data):
    request = erasure.erasure_ask(user=parent_with_data)
    mail.outbox.clear()

    erasure.erasure_carry_out(request=request, actor=coordinator())

    # Inside the test's transaction nothing was committed, so nothing was sent.
    assert mail.outbox == []


def test_a_held_case_and_a_running_match_are_kept_with_their_reasons(
    client, django_capture_on_commit_callbacks
):
    me = coordinator()
    case = make_case(email=PARENT)
    case_services.case_place_legal_hold(case=case, actor=me, reason="Klacht bij de commissie")
    MatchFactory(request__parent=case.parent, status="active")
    request = erasure.erasure_ask(user=case.parent)
    client.force_login(me)

    content = client.get(_review_url(request)).content.decode()

    assert "juridische blokkade (Klacht bij de commissie)" in content
    assert "De koppeling met de buddy loopt nog" in content
    assert "Blijft zolang er iets bewaard moet blijven" in content

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_carry_out_url(request))
    case.refresh_from_db()
    assert case.description
    assert User.objects.filter(pk=case.parent_id).exists()
    assert [m.to for m in mail.outbox] == [[PARENT]]
    assert "Dit moeten we nog bewaren" in mail.outbox[0].body


def test_an_open_complaint_is_kept_and_an_open_question_is_closed_and_anonymised():
    complaint = make_case(email=PARENT, kind="complaint")
    question = make_case(email=PARENT)

    outcome = erasure.erase_user(complaint.parent)

    complaint.refresh_from_db()
    question.refresh_from_db()
    assert complaint.description
    assert complaint.anonymised_at is None
    assert (question.status, question.resolution, question.description) == (
        "closed",
        "withdrawn",
        "",
    )
    assert any(item.kept and complaint.reference in item.reason for item in outcome)


def test_coordinator_refuses_with_a_reason_told_to_the_parent(
    client, parent_with_data, django_capture_on_commit_callbacks
):
    request = erasure.erasure_ask(user=parent_with_data)
    client.force_login(coordinator())
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_refuse_url(request), {"reason": "We wachten op de rechter."})

    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.refusal_reason) == ("refused", "We wachten op de rechter.")
    assert User.objects.filter(pk=parent_with_data.pk).exists()
    assert [m.to for m in mail.outbox] == [[PARENT]]
    assert "We wachten op de rechter." in mail.outbox[0].body


def test_refusing_without_a_reason_shows_an_error_and_changes_nothing(client, parent_with_data):
    request = erasure.erasure_ask(user=parent_with_data)
    client.force_login(coordinator())

    response = client.post(_refuse_url(request), {"reason": "  "})

    assert response.status_code == 400
    assert "Schrijf op waarom" in response.content.decode()
    request.refresh_from_db()
    assert request.status == "requested"


def test_asking_twice_makes_one_request(client, parent_with_data):
    client.force_login(parent_with_data)

    client.post(reverse(ASK), {"confirm": "1"})
    client.post(reverse(ASK), {"confirm": "1"})

    assert ErasureRequest.objects.filter(user=parent_with_data).count() == 1
    page = client.get(reverse(ASK)).content.decode()
    assert "Een coördinator kijkt ernaar" in page


def test_a_request_cannot_be_carried_out_twice(parent_with_data):
    request = erasure.erasure_ask(user=parent_with_data)
    erasure.erasure_carry_out(request=request, actor=coordinator())

    with pytest.raises(erasure.ValidationError):
        erasure.erasure_carry_out(request=request, actor=coordinator())


# --- Who may do what -----------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse(ASK))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("make_staff", [coordinator, editor])
def test_staff_cannot_ask_to_erase_their_work_account(client, make_staff):
    client.force_login(make_staff())

    assert client.get(reverse(ASK)).status_code == 403
    assert client.post(reverse(ASK), {"confirm": "1"}).status_code == 403
    assert not ErasureRequest.objects.exists()


def test_a_parent_asks_only_for_their_own_account(client, parent_with_data):
    other = UserFactory()
    client.force_login(other)

    client.post(reverse(ASK), {"confirm": "1"})

    assert list(ErasureRequest.objects.values_list("user", flat=True)) == [other.pk]


@pytest.mark.parametrize("role", ["editor", "privacy_officer", "buddy", "partner", "parent"])
def test_only_coordinators_carry_out_or_refuse(client, parent_with_data, role):
    request = erasure.erasure_ask(user=parent_with_data)
    user = UserFactory(
        roles=[] if role == "parent" else [role],
        is_staff=role in ("editor", "privacy_officer"),
        totp=True,
    )
    client.force_login(user)

    carry = client.post(_carry_out_url(request))
    refuse = client.post(_refuse_url(request), {"reason": "Nee"})

    assert carry.status_code in (302, 403)
    assert refuse.status_code in (302, 403)
    for response in (carry, refuse):
        if response.status_code == 302:
            assert "login" in response["Location"]
    request.refresh_from_db()
    assert request.status == "requested"
    assert User.objects.filter(pk=parent_with_data.pk).exists()


def test_privacy_officer_sees_the_request_but_no_buttons(client, parent_with_data):
    request = erasure.erasure_ask(user=parent_with_data)
    client.force_login(UserFactory(roles=["privacy_officer"], is_staff=True, totp=True))

    response = client.get(_review_url(request))

    assert response.status_code == 200
    assert _carry_out_url(request) not in response.content.decode()


def test_portal_says_the_request_is_pending_instead_of_offering_it_again(client, parent_with_data):
    client.force_login(parent_with_data)
    client.post(reverse("erasure_request"), {"confirm": "1"})

    page = client.get(reverse("casussen:portal")).content.decode()

    assert "Je hebt gevraagd om je gegevens te verwijderen." in page
    assert "Vraag ons om je gegevens te verwijderen" not in page
