"""The coordinator's side of the parent panel: making a consultation with its questions,
opening, inviting, closing, the results with small numbers suppressed, sharing the
summary, the panel list, and that nobody else can."""

import pytest
from django.core import mail
from django.urls import reverse

from oudernetwerk import services
from oudernetwerk.models import Consultation, Invitation, PanelMember
from steunpunt.stats import SUPPRESSED
from tests.factories import UserFactory, coordinator, editor
from tests.factories.consultations import (
    ConsultationFactory,
    PanelMemberFactory,
    QuestionFactory,
    invited_member,
    survey,
)

pytestmark = pytest.mark.django_db


def _admin(name: str, *args) -> str:
    return reverse(f"admin:oudernetwerk_{name}", args=args)


def _answered_by(consultation, choice, options):
    for option in options:
        member = invited_member(consultation)
        services.consultation_answer(
            consultation=consultation, user=member.user, answers={choice.pk: option}
        )


# --- Who may open what ------------------------------------------------------------------------

ROLES = ["parent", "buddy", "partner", "editor", "coordinator", "anonymous"]


def _visitor(role: str):
    match role:
        case "parent":
            return PanelMemberFactory().user
        case "buddy":
            return UserFactory(roles=["buddy"])
        case "partner":
            return UserFactory(roles=["partner"])
        case "editor":
            return editor()
        case "coordinator":
            return coordinator()
    return None


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_consultation_admin_pages(client, role):
    consultation, _choice, _open = survey(status="closed")
    member = PanelMemberFactory()
    visitor = _visitor(role)
    if visitor:
        client.force_login(visitor)
    pages = [
        _admin("consultation_changelist"),
        _admin("consultation_add"),
        _admin("consultation_change", consultation.pk),
        _admin("consultation_results", consultation.pk),
        _admin("consultation_publish", consultation.pk),
        _admin("panelmember_changelist"),
        _admin("panelmember_change", member.pk),
    ]

    for url in pages:
        response = client.get(url)
        if role == "coordinator":
            assert response.status_code == 200, url
        elif role == "anonymous":
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("admin:login")), url
        elif role == "editor":
            assert response.status_code == 403, url
        else:
            assert client.get(url, follow=True).status_code == 403, url


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_consultation_actions(client, role, django_capture_on_commit_callbacks):
    draft = ConsultationFactory(status="draft")
    QuestionFactory(consultation=draft)
    running, _choice, _open = survey()
    PanelMemberFactory()
    closed = ConsultationFactory(status="closed")
    visitor = _visitor(role)
    if visitor:
        client.force_login(visitor)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_admin("consultation_open", draft.pk))
        client.post(_admin("consultation_invite", running.pk))
        client.post(_admin("consultation_close", running.pk))
        client.post(_admin("consultation_publish", closed.pk), {"summary": "Dit hoorden we."})

    allowed = role == "coordinator"
    draft.refresh_from_db()
    running.refresh_from_db()
    closed.refresh_from_db()
    assert (draft.status == "open") == allowed
    assert Invitation.objects.filter(consultation=running).count() == (1 if allowed else 0)
    assert (running.status == "closed") == allowed
    assert (closed.summary_published_at is not None) == allowed


# --- Making and running a consultation ------------------------------------------------------


def test_coordinator_makes_a_draft_with_questions_as_plain_lines(client):
    user = coordinator()
    client.force_login(user)
    data = {
        "title": "Gesprek met school",
        "introduction": "Hoe gaat het gesprek met school?",
        "minutes": "5",
        "closes_on": "2099-01-31",
        "summary": "",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-position": "1",
        "questions-0-text": "Hoe ging het?",
        "questions-0-kind": "choice",
        "questions-0-options_text": "Goed\nHet kan beter\n\nGoed\nNiet goed",
        "questions-0-required": "on",
        "questions-1-position": "2",
        "questions-1-text": "Wat kan beter?",
        "questions-1-kind": "open",
        "questions-1-options_text": "",
    }

    response = client.post(_admin("consultation_add"), data)

    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert (consultation.status, consultation.created_by) == ("draft", user)
    assert list(consultation.questions.values_list("kind", "options")) == [
        ("choice", ["Goed", "Het kan beter", "Niet goed"]),
        ("open", []),
    ]


def test_a_choice_question_needs_two_choices(client):
    client.force_login(coordinator())
    data = {
        "title": "Gesprek met school",
        "introduction": "Uitleg",
        "minutes": "5",
        "closes_on": "2099-01-31",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-position": "1",
        "questions-0-text": "Hoe ging het?",
        "questions-0-kind": "choice",
        "questions-0-options_text": "Alleen deze",
    }

    response = client.post(_admin("consultation_add"), data)

    assert response.status_code == 200
    assert "Geef een meerkeuzevraag minstens twee keuzes." in response.content.decode()
    assert not Consultation.objects.exists()


def test_questions_are_fixed_once_open(client):
    consultation, _choice, _open = survey()
    client.force_login(coordinator())

    content = client.get(_admin("consultation_change", consultation.pk)).content.decode()

    assert 'name="questions-0-text"' not in content
    assert "Goed · Het kan beter · Niet goed" in content


def test_open_page_says_what_is_missing(client):
    consultation = ConsultationFactory(status="draft")
    client.force_login(coordinator())

    response = client.post(_admin("consultation_open", consultation.pk))

    assert response.status_code == 400
    assert "Voeg eerst minstens één vraag toe." in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.status == "draft"


def test_invite_page_says_how_many_and_invites(client, django_capture_on_commit_callbacks):
    consultation, _choice, _open = survey()
    PanelMemberFactory()
    PanelMemberFactory()
    client.force_login(coordinator())

    page = client.get(_admin("consultation_invite", consultation.pk))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_admin("consultation_invite", consultation.pk), follow=True)

    assert "2 ouders uit het panel krijgen een e-mail" in page.content.decode()
    assert "2 ouders uitgenodigd." in response.content.decode()
    assert len(mail.outbox) == 2
    assert all(len(message.to) == 1 for message in mail.outbox)


def test_change_page_offers_the_actions_the_status_allows(client):
    draft = ConsultationFactory(status="draft")
    running, _choice, _open = survey()
    client.force_login(coordinator())

    draft_page = client.get(_admin("consultation_change", draft.pk)).content.decode()
    running_page = client.get(_admin("consultation_change", running.pk)).content.decode()

    assert _admin("consultation_open", draft.pk) in draft_page
    assert _admin("consultation_invite", draft.pk) not in draft_page
    assert _admin("consultation_invite", running.pk) in running_page
    assert _admin("consultation_close", running.pk) in running_page
    assert _admin("consultation_open", running.pk) not in running_page


# --- Results and summary ----------------------------------------------------------------------


def test_results_page_shows_bars_and_suppresses_small_groups(client):
    consultation, choice, _open = survey()
    _answered_by(consultation, choice, ["Goed"] * 5 + ["Niet goed"] * 2)
    consultation.status = "closed"
    consultation.save()
    client.force_login(coordinator())

    response = client.get(_admin("consultation_results", consultation.pk))

    content = response.content.decode()
    assert response.status_code == 200
    assert '<progress max="100" value="71"' in content
    assert f"<td>{SUPPRESSED.replace('<', '&lt;')}</td>" in content
    assert "Hoe ging het gesprek?" in content


def test_results_page_shows_nothing_per_question_below_five(client):
    consultation, choice, _open = survey()
    _answered_by(consultation, choice, ["Goed"] * 3)
    Consultation.objects.filter(pk=consultation.pk).update(status="closed")
    client.force_login(coordinator())

    content = client.get(_admin("consultation_results", consultation.pk)).content.decode()

    assert "Minder dan 5 ouders hebben geantwoord" in content
    assert "<progress" not in content


def test_publish_summary_emails_who_answered(client, django_capture_on_commit_callbacks):
    consultation, choice, _open = survey()
    answered = invited_member(consultation, user__email="deed.mee@test.example.nl")
    services.consultation_answer(
        consultation=consultation, user=answered.user, answers={choice.pk: "Goed"}
    )
    invited_member(consultation)
    consultation = services.consultation_close(consultation=consultation, actor=coordinator())
    client.force_login(coordinator())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _admin("consultation_publish", consultation.pk),
            {"summary": "We maken een folder."},
            follow=True,
        )

    assert "1 ouder krijgt een e-mail" in response.content.decode()
    assert [message.to for message in mail.outbox] == [["deed.mee@test.example.nl"]]


def test_panel_list_shows_members_and_no_answers(client):
    consultation, choice, _open = survey()
    member = invited_member(consultation, user__email="lid@test.example.nl")
    services.consultation_answer(
        consultation=consultation, user=member.user, answers={choice.pk: "Niet goed"}
    )
    client.force_login(coordinator())

    listing = client.get(_admin("panelmember_changelist")).content.decode()
    detail = client.get(_admin("panelmember_change", member.pk)).content.decode()

    assert "lid@test.example.nl" in listing
    for content in (listing, detail):
        assert "Niet goed" not in content
        assert "heeft geantwoord" not in content
    assert client.get(_admin("panelmember_add")).status_code == 403
    assert PanelMember.objects.count() == 1


def test_responses_and_answers_have_no_admin(client):
    client.force_login(coordinator())

    index = client.get(reverse("admin:index")).content.decode()

    assert "/admin/oudernetwerk/response/" not in index
    assert "/admin/oudernetwerk/answer/" not in index
    assert "/admin/oudernetwerk/invitation/" not in index
    assert "/admin/oudernetwerk/consultation/" in index
