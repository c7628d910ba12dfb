"""The parent's pages of the panel: /raadplegen/ (joining, questionnaires, summaries,
stopping) and /raadplegen/<pk>/ (the questionnaire), and who may use which."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from oudernetwerk import selectors, services
from oudernetwerk.models import Invitation, PanelMember, Response, SealedResponse
from tests.factories import (
    BuddyProfileFactory,
    MunicipalityFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
    editor,
)
from tests.factories.consultations import (
    ConsultationFactory,
    InvitationFactory,
    PanelMemberFactory,
    invited_member,
    sealed_answers,
    survey,
)

pytestmark = pytest.mark.django_db

PANEL_URL = reverse("oudernetwerk:consultations")
WITHDRAW_URL = reverse("oudernetwerk:panel_withdraw")


def _url(consultation) -> str:
    return reverse("oudernetwerk:consultation", args=[consultation.pk])


def _assert_no_inline_style_or_script(content: str) -> None:
    assert "style=" not in content
    assert "<script>" not in content


@pytest.fixture
def join_data():
    return {
        "municipality": MunicipalityFactory(name="Alkmaar", slug="alkmaar").pk,
        "themes": [ThemeFactory(name="Thuiszitten").pk],
        "consent": "on",
    }


# --- /raadplegen/ -----------------------------------------------------------------------------


def test_anonymous_reads_how_the_panel_works_and_gets_a_login_link(client):
    response = client.get(PANEL_URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Hoe werkt het?" in content
    assert "zonder je naam" in content
    assert f"{reverse('account_login')}?next={PANEL_URL}" in content
    _assert_no_inline_style_or_script(content)


def test_parent_sees_a_labelled_join_form_with_the_consent_words(client, join_data):
    client.force_login(UserFactory())

    content = client.get(PANEL_URL).content.decode()

    assert 'for="id_municipality"' in content
    assert "In welke gemeente woon je?" in content
    assert "<legend" in content
    assert 'name="consent"' in content
    assert "Mijn antwoorden worden bewaard zonder mijn naam" in content


def test_joining_makes_a_member_and_says_what_happens_next(client, join_data):
    parent = UserFactory()
    client.force_login(parent)

    response = client.post(PANEL_URL, join_data, follow=True)

    member = PanelMember.objects.get(user=parent)
    assert member.municipality.slug == "alkmaar"
    content = response.content.decode()
    assert "Welkom in het ouderpanel" in content
    assert "krijg je een e-mail" in content
    assert "Stoppen met het ouderpanel" in content


def test_join_without_consent_keeps_the_choices_and_says_why(client, join_data):
    client.force_login(UserFactory())

    response = client.post(PANEL_URL, {**join_data, "consent": ""})

    content = response.content.decode()
    assert response.status_code == 400
    assert "Zet een vinkje als je mee wilt doen." in content
    assert f'value="{join_data["municipality"]}" selected' in content
    assert not PanelMember.objects.exists()


def test_member_sees_open_questionnaires_and_summaries_of_what_they_answered(client):
    member = PanelMemberFactory()
    waiting, _choice, _open = survey(title="Hoe gaat het met de overstap?")
    InvitationFactory(consultation=waiting, user=member.user)
    done = ConsultationFactory(
        title="Jeugdhulp",
        status="closed",
        summary="Ouders willen sneller hulp.",
        summary_published_at=timezone.now(),
    )
    InvitationFactory(consultation=done, user=member.user, has_answered=True)
    not_answered = ConsultationFactory(
        status="closed", summary="Niet voor jou.", summary_published_at=timezone.now()
    )
    InvitationFactory(consultation=not_answered, user=member.user)
    client.force_login(member.user)

    content = client.get(PANEL_URL).content.decode()

    assert "Hoe gaat het met de overstap?" in content
    assert _url(waiting) in content
    assert "Ouders willen sneller hulp." in content
    assert "Niet voor jou." not in content
    assert 'name="consent"' not in content


def test_member_without_questionnaires_hears_they_will_get_an_email(client):
    member = PanelMemberFactory()
    client.force_login(member.user)

    content = client.get(PANEL_URL).content.decode()

    assert "Er staat nu geen vragenlijst voor je klaar" in content


def test_stopping_takes_back_open_invitations(client):
    consultation, _choice, _open = survey()
    member = invited_member(consultation)
    client.force_login(member.user)

    response = client.post(WITHDRAW_URL, follow=True)

    member.refresh_from_db()
    assert member.withdrawn_at is not None
    assert not Invitation.objects.exists()
    assert "Je zit niet meer in het ouderpanel" in response.content.decode()
    assert client.get(_url(consultation)).status_code == 404


def test_stopping_by_get_is_refused(client):
    member = PanelMemberFactory()
    client.force_login(member.user)

    assert client.get(WITHDRAW_URL).status_code == 405
    member.refresh_from_db()
    assert member.is_active


def test_panel_page_query_count_does_not_grow(client, django_assert_num_queries):
    member = PanelMemberFactory()
    for _n in range(3):
        consultation, _choice, _open = survey()
        InvitationFactory(consultation=consultation, user=member.user)
        done = ConsultationFactory(
            status="closed", summary="Samenvatting", summary_published_at=timezone.now()
        )
        InvitationFactory(consultation=done, user=member.user, has_answered=True)
    client.force_login(member.user)
    client.get(PANEL_URL)

    # Session, user (with their roles), membership, the invitations (open ones and
    # summaries together) and site settings.
    with django_assert_num_queries(PANEL_PAGE_QUERIES):
        response = client.get(PANEL_URL)

    assert response.content.decode().count("Samenvatting") == 3


PANEL_PAGE_QUERIES = 5


# --- /raadplegen/<pk>/ ------------------------------------------------------------------------


def test_invited_parent_sees_the_questionnaire_as_radio_groups_and_a_text_box(client):
    consultation, choice, open_question = survey(minutes=7)
    member = invited_member(consultation)
    client.force_login(member.user)

    response = client.get(_url(consultation))

    content = response.content.decode()
    assert response.status_code == 200
    assert "<fieldset" in content
    assert "Hoe ging het gesprek?" in content
    assert content.count(f'type="radio" class="form-check-input"  name="vraag_{choice.pk}"') == 3
    assert f'<textarea name="vraag_{open_question.pk}"' in content
    assert "Wat kan beter? (mag leeg blijven)" in content
    assert "ongeveer 7 minuten" in content
    _assert_no_inline_style_or_script(content)


def test_answering_thanks_and_says_when_the_summary_comes(client):
    consultation, choice, open_question = survey()
    member = invited_member(consultation)
    client.force_login(member.user)

    response = client.post(
        _url(consultation),
        {f"vraag_{choice.pk}": "Goed", f"vraag_{open_question.pk}": "Fijn gesprek"},
        follow=True,
    )

    content = response.content.decode()
    assert "Dank je wel voor je antwoorden" in content
    expected = services.summary_expected_by(consultation)
    assert f"Uiterlijk {expected.day} " in content
    # Until the batch is written, the answers wait sealed.
    assert SealedResponse.objects.count() == 1
    assert Invitation.objects.get().has_answered


def test_missing_answer_is_shown_beside_the_question_and_the_text_stays(client):
    consultation, choice, open_question = survey()
    member = invited_member(consultation)
    client.force_login(member.user)

    response = client.post(_url(consultation), {f"vraag_{open_question.pk}": "Mijn verhaal"})

    content = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_vraag_{choice.pk}_error"' in content
    assert "Kies een antwoord." in content
    assert "Mijn verhaal</textarea>" in content
    assert not Response.objects.exists()
    assert not SealedResponse.objects.exists()


def test_answering_twice_by_the_page_stores_one_response(client):
    consultation, choice, _open = survey()
    member = invited_member(consultation)
    client.force_login(member.user)
    client.post(_url(consultation), {f"vraag_{choice.pk}": "Goed"})

    response = client.post(_url(consultation), {f"vraag_{choice.pk}": "Niet goed"}, follow=True)

    assert "al ingevuld" in response.content.decode()
    assert sealed_answers(consultation) == [{choice.pk: "Goed"}]


def test_closed_questionnaire_says_so_and_takes_no_answers(client):
    consultation, choice, _open = survey(status="closed")
    member = invited_member(consultation)
    client.force_login(member.user)

    page = client.get(_url(consultation))
    client.post(_url(consultation), {f"vraag_{choice.pk}": "Goed"})

    assert "Deze vragenlijst is gesloten" in page.content.decode()
    assert not Response.objects.exists()
    assert not SealedResponse.objects.exists()


def test_published_summary_shows_to_those_who_answered(client):
    consultation, _choice, _open = survey(
        status="closed", summary="We gaan scholen tips geven.", summary_published_at=timezone.now()
    )
    member = PanelMemberFactory()
    InvitationFactory(consultation=consultation, user=member.user, has_answered=True)
    client.force_login(member.user)

    content = client.get(_url(consultation)).content.decode()

    assert "We gaan scholen tips geven." in content


# --- Who may do what --------------------------------------------------------------------------

ROLES = ["parent", "other_parent", "buddy", "partner", "coordinator", "editor", "anonymous"]
MAY_JOIN = {"parent", "other_parent", "buddy"}


def _visitor(role: str, consultation):
    match role:
        case "parent":
            return invited_member(consultation).user
        case "other_parent":
            return PanelMemberFactory().user
        case "buddy":
            return BuddyProfileFactory().user
        case "partner":
            return UserFactory(roles=["partner"])
        case "coordinator":
            return coordinator()
        case "editor":
            return editor()
    return None


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_the_questionnaire(client, role):
    consultation, choice, _open = survey()
    visitor = _visitor(role, consultation)
    if visitor:
        client.force_login(visitor)

    page = client.get(_url(consultation))
    post = client.post(_url(consultation), {f"vraag_{choice.pk}": "Goed"})

    if role == "anonymous":
        for response in (page, post):
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("account_login"))
    elif role == "parent":
        assert page.status_code == 200
        assert post.status_code == 302
    else:
        assert page.status_code == 404
        assert post.status_code == 404
    assert SealedResponse.objects.count() == (1 if role == "parent" else 0)


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_joining(client, role, join_data):
    consultation, _choice, _open = survey()
    visitor = _visitor(role, consultation)
    if visitor:
        client.force_login(visitor)

    page = client.get(PANEL_URL)
    post = client.post(PANEL_URL, join_data)

    assert page.status_code == 200
    if role == "anonymous":
        assert post.status_code == 302
        assert post["Location"].startswith(reverse("account_login"))
        assert not PanelMember.objects.exists()
    elif role in {"parent", "other_parent"}:
        # Already members: they see their page, not the form, and cannot join twice.
        assert 'name="consent"' not in page.content.decode()
        assert post.status_code == 403
    elif role == "buddy":
        assert post.status_code == 302
        assert PanelMember.objects.filter(user=visitor, withdrawn_at=None).exists()
    else:
        assert "Met dit account kun je niet meedoen" in page.content.decode()
        assert post.status_code == 403
        assert not PanelMember.objects.filter(user=visitor).exists()


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_stopping(client, role):
    consultation, _choice, _open = survey()
    visitor = _visitor(role, consultation)
    if visitor:
        client.force_login(visitor)

    response = client.post(WITHDRAW_URL)

    assert response.status_code == 302
    if role == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response["Location"] == PANEL_URL
    stopped = PanelMember.objects.filter(withdrawn_at__isnull=False)
    assert list(stopped.values_list("user", flat=True)) == (
        [visitor.pk] if role in {"parent", "other_parent"} else []
    )


def test_sending_nothing_says_what_is_missing(client):
    consultation, choice, _open = survey()
    member = invited_member(consultation)
    client.force_login(member.user)

    response = client.post(_url(consultation), {})

    content = response.content.decode()
    assert response.status_code == 400
    assert "Er ging iets mis" in content
    assert f'id="id_vraag_{choice.pk}_error"' in content
    assert not Response.objects.exists()
    assert not SealedResponse.objects.exists()


def test_portal_snippet_shows_a_members_questionnaires_and_a_link():

    consultation, _choice, _open = survey(title="Overstap naar het vo")
    member = invited_member(consultation)
    outsider = UserFactory()

    for_member = render_to_string(
        "oudernetwerk/consultations/_panel_status.html",
        {"status": selectors.panel_status_for_parent(member.user), "portal": True},
    )
    for_outsider = render_to_string(
        "oudernetwerk/consultations/_panel_status.html",
        {"status": selectors.panel_status_for_parent(outsider), "portal": True},
    )

    assert "Overstap naar het vo" in for_member
    assert _url(consultation) in for_member
    assert "Meer over het ouderpanel, of stoppen" in for_member
    assert "Vragenlijsten voor jou" not in for_outsider
    assert "Denk mee in het ouderpanel" in for_outsider
