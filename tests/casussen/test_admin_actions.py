"""The coordinator's actions on a case page: each a form that calls one service."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from casussen.deadlines import add_working_days
from casussen.models import Case, CaseEvent, Consent, FollowUp
from tests.factories import OrganisationFactory, ThemeFactory, UserFactory, coordinator, make_case

pytestmark = pytest.mark.django_db

S = Case.Status


@pytest.fixture
def worker(client):
    user = coordinator()
    client.force_login(user)
    return user


def _url(name, case, *args):
    return reverse(f"admin:casussen_case_{name}", args=[case.pk, *args])


def test_case_page_offers_the_actions(client, worker):
    case = make_case()

    content = client.get(reverse("admin:casussen_case_change", args=[case.pk])).content.decode()

    for name in ("message", "note", "consent", "followup", "status"):
        assert _url(name, case) in content


def test_message_to_parent_is_emailed_and_on_the_timeline(
    client, worker, django_capture_on_commit_callbacks
):
    case = make_case(email="ouder@test.example.nl")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("message", case), {"text": "Kun je me vertellen welke school het is?"}
        )

    assert response.status_code == 302
    event = case.events.get(kind=CaseEvent.Kind.MESSAGE_TO_PARENT)
    assert (event.actor, event.is_internal) == (worker, False)
    assert [m.to for m in mail.outbox] == [["ouder@test.example.nl"]]
    assert "Kun je me vertellen welke school het is?" in mail.outbox[0].body
    case.refresh_from_db()
    assert case.responded_at is not None


def test_message_waiting_for_reply_pauses_the_case(client, worker):
    case = make_case()

    client.post(_url("message", case), {"text": "Welke school?", "wait_for_reply": "on"})

    case.refresh_from_db()
    assert case.status == S.WAITING_FOR_PARENT
    assert case.paused_since is not None


def test_empty_message_is_refused_with_a_dutch_error(client, worker):
    case = make_case()

    response = client.post(_url("message", case), {"text": "  "})

    assert response.status_code == 400
    assert "Schrijf eerst een bericht." in response.content.decode()
    assert not case.events.filter(kind=CaseEvent.Kind.MESSAGE_TO_PARENT).exists()


def test_internal_note_is_internal_and_sends_nothing(
    client, worker, django_capture_on_commit_callbacks
):
    case = make_case()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("note", case), {"text": "Moeder klonk erg bezorgd."})

    event = case.events.get(kind=CaseEvent.Kind.INTERNAL_NOTE)
    assert event.is_internal
    assert mail.outbox == []


def test_consent_by_phone_is_recorded_with_who_and_how(client, worker):
    case = make_case()
    school = OrganisationFactory()

    client.post(_url("consent", case), {"organisation": school.pk, "method": "phone"})

    consent = case.consents.get()
    assert (consent.organisation, consent.method, consent.recorded_by) == (
        school,
        Consent.Method.PHONE,
        worker,
    )


def test_followup_form_only_offers_organisations_with_consent(client, worker):
    case = make_case()
    allowed = OrganisationFactory(name="School Met Toestemming")
    OrganisationFactory(name="School Zonder Toestemming")
    client.post(_url("consent", case), {"organisation": allowed.pk, "method": "phone"})

    content = client.get(_url("followup", case)).content.decode()

    assert "School Met Toestemming" in content
    assert "School Zonder Toestemming" not in content


def test_followup_created_from_the_admin(client, worker, django_capture_on_commit_callbacks):
    case = make_case()
    school = OrganisationFactory(contact_email="zorg@school.example.nl")
    client.post(_url("consent", case), {"organisation": school.pk, "method": "phone"})
    mail.outbox.clear()
    due = add_working_days(timezone.localdate(), 8)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("followup", case),
            {"organisation": school.pk, "request": "Graag een gesprek.", "due_date": due},
        )

    assert response.status_code == 302
    followup = FollowUp.objects.get()
    assert (followup.organisation, followup.due_date, followup.created_by) == (school, due, worker)
    assert [m.to for m in mail.outbox] == [["zorg@school.example.nl"]]


def test_followup_with_a_past_date_keeps_the_text(client, worker):
    case = make_case()
    school = OrganisationFactory()
    client.post(_url("consent", case), {"organisation": school.pk, "method": "phone"})

    response = client.post(
        _url("followup", case),
        {"organisation": school.pk, "request": "Mijn zorgvuldige vraag.", "due_date": "2020-01-01"},
    )

    assert response.status_code == 400
    assert "Mijn zorgvuldige vraag." in response.content.decode()
    assert not FollowUp.objects.exists()


def test_resolve_with_a_resolution(client, worker):
    case = make_case()
    client.post(_url("status", case), {"to_status": "in_progress"})

    client.post(_url("status", case), {"to_status": "resolved", "resolution": "answered"})

    case.refresh_from_db()
    assert (case.status, case.resolution) == (S.RESOLVED, Case.Resolution.ANSWERED)


def test_refused_transition_is_shown_not_a_500(client, worker):
    case = make_case()
    client.post(_url("status", case), {"to_status": "in_progress"})

    response = client.post(_url("status", case), {"to_status": "resolved"})

    assert response.status_code == 400
    assert "Kies hoe" in response.content.decode()
    case.refresh_from_db()
    assert case.status == S.IN_PROGRESS


def test_status_form_offers_only_allowed_statuses(client, worker):
    case = make_case()

    form = client.get(_url("status", case)).context["form"]

    assert [value for value, _label in form.fields["to_status"].choices] == [
        "in_progress",
        "closed",
    ]


def test_withdraw_consent_from_the_case_page(client, worker):
    case = make_case()
    school = OrganisationFactory()
    client.post(_url("consent", case), {"organisation": school.pk, "method": "phone"})
    consent = case.consents.get()

    client.post(_url("consent_withdraw", case, consent.pk))

    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_case_entered_on_behalf_of_a_parent_by_phone(
    client, worker, django_capture_on_commit_callbacks
):
    theme = ThemeFactory()
    school = OrganisationFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:casussen_case_add"),
            {
                "channel": "phone",
                "kind": "question",
                "theme": theme.pk,
                "description": "Belde over de overstap naar het vo.",
                "email": "beller@test.example.nl",
                "contact_preference": "phone",
                "phone": "072 000 0000",
                "school": school.pk,
                "consent_school": "on",
            },
        )

    case = Case.objects.get()
    assert response.status_code == 302
    assert (case.channel, case.created_by, case.parent.email) == (
        Case.Channel.PHONE,
        worker,
        "beller@test.example.nl",
    )
    assert case.consents.get().method == Consent.Method.PHONE
    assert [m.to for m in mail.outbox] == [["beller@test.example.nl"]]


def test_case_on_behalf_with_missing_email_keeps_the_story(client, worker):
    response = client.post(
        reverse("admin:casussen_case_add"),
        {
            "channel": "phone",
            "kind": "question",
            "theme": ThemeFactory().pk,
            "description": "Mijn verhaal.",
        },
    )

    assert response.status_code == 400
    assert "Mijn verhaal." in response.content.decode()
    assert "Vul het e-mailadres van de ouder in." in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.parametrize("role", ["editor", "buddy", "partner", None])
def test_only_coordinators_use_the_case_actions(client, role):
    case = make_case()
    kwargs = {"is_staff": True, "totp": True} if role == "editor" else {}
    client.force_login(UserFactory(roles=[role] if role else [], **kwargs))

    for name in ("message", "note", "consent", "followup", "status"):
        response = client.post(_url(name, case), {"text": "Niet van mij."})
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "/login/" in response["Location"]

    assert not case.events.exclude(kind=CaseEvent.Kind.SUBMITTED).exists()


def test_anonymous_is_sent_to_the_login(client):
    case = make_case()

    response = client.get(_url("message", case))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_timeline_says_from_which_status_to_which(client, worker):
    case = make_case()
    client.post(_url("status", case), {"to_status": "in_progress", "note": "Opgepakt."})

    content = client.get(reverse("admin:casussen_case_change", args=[case.pk])).content.decode()

    assert "Nieuw → In behandeling. Opgepakt." in content
