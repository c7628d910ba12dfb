"""The parent panel and its consultations, through the services: joining and stopping,
inviting the right parents, answering without identity and only once, results with
small numbers suppressed, and sharing the summary with those who answered."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, connections, models
from django.utils import timezone
from django.utils.formats import date_format

from oudernetwerk import services
from oudernetwerk.models import (
    Answer,
    Consultation,
    Invitation,
    PanelMember,
    Question,
    Response,
    SealedResponse,
)
from steunpunt.outbox import render_email
from steunpunt.stats import SUPPRESSED
from tests.factories import MunicipalityFactory, ThemeFactory, UserFactory, coordinator
from tests.factories.consultations import (
    ConsultationFactory,
    InvitationFactory,
    PanelMemberFactory,
    QuestionFactory,
    invited_member,
    sealed_answers,
    survey,
)

pytestmark = pytest.mark.django_db


def _answer(consultation, user, choice_question, option="Goed", text="", open_question=None):
    answers = {choice_question.pk: option}
    if open_question is not None:
        answers[open_question.pk] = text
    services.consultation_answer(consultation=consultation, user=user, answers=answers)


# --- Joining and stopping ---------------------------------------------------------------------


def test_join_keeps_the_consent_words_and_the_choices():
    parent = UserFactory()
    alkmaar = MunicipalityFactory(name="Alkmaar", slug="alkmaar")
    theme = ThemeFactory()

    member = services.panel_join(user=parent, municipality=alkmaar, themes=[theme], consent=True)

    assert member.is_active
    assert member.municipality == alkmaar
    assert list(member.themes.all()) == [theme]
    assert member.consent_text.startswith("Ik wil af en toe een korte vragenlijst")
    assert "zonder mijn naam" in member.consent_text


def test_join_without_consent_is_refused():
    with pytest.raises(ValidationError, match="Zet een vinkje"):
        services.panel_join(user=UserFactory(), municipality=MunicipalityFactory(), consent=False)

    assert not PanelMember.objects.exists()


def test_join_twice_is_refused():
    member = PanelMemberFactory()

    with pytest.raises(ValidationError, match="al in het ouderpanel"):
        services.panel_join(user=member.user, municipality=member.municipality, consent=True)


@pytest.mark.parametrize("role", ["coordinator", "editor", "partner"])
def test_organisation_accounts_cannot_join(role):
    user = UserFactory(roles=[role])

    with pytest.raises(ValidationError, match="voor ouders"):
        services.panel_join(user=user, municipality=MunicipalityFactory(), consent=True)


def test_withdraw_removes_open_invitations_and_keeps_answered_ones():
    member = PanelMemberFactory()
    running, _choice, _open = survey()
    answered = ConsultationFactory()
    closed = ConsultationFactory(status=Consultation.Status.CLOSED)
    InvitationFactory(consultation=running, user=member.user)
    InvitationFactory(consultation=answered, user=member.user, has_answered=True)
    InvitationFactory(consultation=closed, user=member.user)

    removed = services.panel_withdraw(user=member.user)

    member.refresh_from_db()
    assert removed == 1
    assert member.withdrawn_at is not None
    assert set(Invitation.objects.values_list("consultation", flat=True)) == {
        answered.pk,
        closed.pk,
    }


def test_withdraw_when_not_a_member_is_refused():
    with pytest.raises(ValidationError, match="niet in het ouderpanel"):
        services.panel_withdraw(user=UserFactory())


def test_join_again_after_stopping():
    member = PanelMemberFactory(withdrawn_at=timezone.now())

    again = services.panel_join(user=member.user, municipality=member.municipality, consent=True)

    assert again.pk == member.pk
    assert again.withdrawn_at is None


# --- Opening and closing ----------------------------------------------------------------------


def test_open_needs_questions_with_choices_and_a_future_date():
    consultation = ConsultationFactory(
        status=Consultation.Status.DRAFT, closes_on=timezone.localdate() - timedelta(days=1)
    )
    QuestionFactory(consultation=consultation, options=["Alleen deze"], text="Eén keuze?")

    with pytest.raises(ValidationError) as refused:
        services.consultation_open(consultation=consultation, actor=coordinator())

    assert refused.value.messages == [
        "Geef de vraag 'Eén keuze?' minstens twee keuzes.",
        "De sluitdatum is al voorbij. Kies een latere datum.",
    ]
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.DRAFT


def test_open_and_close():
    consultation = ConsultationFactory(status=Consultation.Status.DRAFT)
    QuestionFactory(consultation=consultation)
    actor = coordinator()

    services.consultation_open(consultation=consultation, actor=actor)
    services.consultation_close(consultation=consultation, actor=actor)

    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.CLOSED
    assert consultation.opened_at is not None
    assert consultation.closed_at is not None
    with pytest.raises(ValidationError, match="niet open"):
        services.consultation_close(consultation=consultation, actor=actor)


# --- Inviting ---------------------------------------------------------------------------------


def test_invite_without_filters_asks_every_active_member_once(
    site_settings, django_capture_on_commit_callbacks
):
    consultation, _choice, _open = survey(title="Hoe ging de overstap?")
    active = PanelMemberFactory(user__email="actief@test.example.nl")
    PanelMemberFactory(withdrawn_at=timezone.now())
    already = invited_member(consultation)

    with django_capture_on_commit_callbacks(execute=True):
        invited = services.consultation_invite(consultation=consultation, actor=coordinator())

    assert invited == 1
    assert set(Invitation.objects.values_list("user", flat=True)) == {
        active.user.pk,
        already.user.pk,
    }
    assert [message.to for message in mail.outbox] == [["actief@test.example.nl"]]
    message = mail.outbox[0]
    assert "Hoe ging de overstap?" in message.subject
    assert "ongeveer 5 minuten" in message.body
    assert f"/raadplegen/{consultation.pk}/" in message.body
    assert "zonder je naam" in message.body
    assert f"Meedoen kan tot en met {date_format(consultation.closes_on, 'l j F')}" in message.body
    assert services.consultation_invite(consultation=consultation, actor=coordinator()) == 0


def test_invite_by_municipality():
    alkmaar = MunicipalityFactory(slug="alkmaar")
    consultation, _choice, _open = survey(municipalities=[alkmaar])
    inside = PanelMemberFactory(municipality=alkmaar)
    PanelMemberFactory(municipality=MunicipalityFactory(slug="bergen"))

    services.consultation_invite(consultation=consultation, actor=coordinator())

    assert list(Invitation.objects.values_list("user", flat=True)) == [inside.user.pk]


def test_invite_by_theme_and_municipality_needs_both():
    alkmaar = MunicipalityFactory(slug="alkmaar")
    theme = ThemeFactory(slug="thuiszitten")
    other_theme = ThemeFactory(slug="overstap")
    consultation, _choice, _open = survey(municipalities=[alkmaar], themes=[theme])
    both = PanelMemberFactory(municipality=alkmaar, themes=[theme, other_theme])
    PanelMemberFactory(municipality=alkmaar, themes=[other_theme])
    PanelMemberFactory(municipality=MunicipalityFactory(slug="bergen"), themes=[theme])

    assert services.consultation_invite(consultation=consultation, actor=coordinator()) == 1
    assert list(Invitation.objects.values_list("user", flat=True)) == [both.user.pk]


def test_invite_skips_deactivated_accounts():
    consultation, _choice, _open = survey()
    PanelMemberFactory(user__is_active=False)

    assert services.consultation_invite(consultation=consultation, actor=coordinator()) == 0


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_invite_only_while_open(status):
    consultation = ConsultationFactory(status=status)
    PanelMemberFactory()

    with pytest.raises(ValidationError, match="Uitnodigen kan als"):
        services.consultation_invite(consultation=consultation, actor=coordinator())

    assert not Invitation.objects.exists()
    assert mail.outbox == []


# --- Answering without identity ---------------------------------------------------------------


def _concrete_field_targets(model) -> set:
    return {
        field.related_model
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey)
    }


def test_responses_and_answers_have_no_field_that_leads_to_a_person():
    assert _concrete_field_targets(Response) == {Consultation}
    assert _concrete_field_targets(Answer) == {Response, Question}
    for model in (Response, Answer):
        kinds = {type(field) for field in model._meta.concrete_fields}
        assert not kinds & {models.DateTimeField, models.DateField}, model
        assert isinstance(model._meta.pk, models.UUIDField), model
    invitation_fields = {field.name for field in Invitation._meta.concrete_fields}
    assert invitation_fields == {"id", "consultation", "user", "invited_at", "has_answered"}


def test_answering_stores_the_answers_and_nothing_about_the_parent():
    # The answers are written as responses when the consultation closes, in one batch
    # with at least 4 others (docs/adr/0004-unlinkable-consultation-answers.md).
    consultation, choice, open_question = survey()
    member = invited_member(
        consultation, user__email="herkenbaar@test.example.nl", user__name="Herkenbare Ouder"
    )

    _answer(consultation, member.user, choice, "Het kan beter", "Meer tijd", open_question)
    for _other in range(4):
        _answer(consultation, invited_member(consultation).user, choice)
    services.consultation_close(consultation=consultation, actor=coordinator())

    response = Response.objects.get(answers__text="Meer tijd")
    assert response.consultation == consultation
    stored = list(response.answers.values_list("question", "choice", "text"))
    assert sorted(stored) == sorted(
        [(choice.pk, "Het kan beter", ""), (open_question.pk, "", "Meer tijd")]
    )
    row_values = [
        str(value)
        for model in (Response, Answer, SealedResponse)
        for row in model.objects.values_list()
        for value in row
    ]
    assert member.user.email not in row_values
    assert member.user.name not in row_values
    assert Invitation.objects.get(user=member.user).has_answered is True
    assert not SealedResponse.objects.exists()


def test_a_second_answer_is_refused_and_nothing_is_stored():
    consultation, choice, _open = survey()
    member = invited_member(consultation)
    _answer(consultation, member.user, choice)

    with pytest.raises(ValidationError, match="al ingevuld"):
        _answer(consultation, member.user, choice, "Niet goed")

    # Until the batch is written, the one answer waits sealed.
    assert sealed_answers(consultation) == [{choice.pk: "Goed"}]


def test_not_invited_is_refused():
    consultation, choice, _open = survey()
    outsider = PanelMemberFactory()

    with pytest.raises(ValidationError, match="niet uitgenodigd"):
        _answer(consultation, outsider.user, choice)

    assert not Response.objects.exists()
    assert not SealedResponse.objects.exists()


def test_withdrawn_member_cannot_answer():
    consultation, choice, _open = survey()
    member = invited_member(consultation)
    services.panel_withdraw(user=member.user)

    with pytest.raises(ValidationError, match="niet uitgenodigd"):
        _answer(consultation, member.user, choice)

    assert not Response.objects.exists()
    assert not SealedResponse.objects.exists()


def test_closed_consultation_is_refused():
    consultation, choice, _open = survey()
    member = invited_member(consultation)
    services.consultation_close(consultation=consultation, actor=coordinator())

    with pytest.raises(ValidationError, match="gesloten"):
        _answer(consultation, member.user, choice)

    assert not Response.objects.exists()
    assert not SealedResponse.objects.exists()
    assert Invitation.objects.get().has_answered is False


def test_after_the_last_day_answering_is_refused_even_if_still_open():
    consultation, choice, _open = survey(closes_on=timezone.localdate() - timedelta(days=1))
    member = invited_member(consultation)

    with pytest.raises(ValidationError, match="gesloten"):
        _answer(consultation, member.user, choice)

    assert not Response.objects.exists()
    assert not SealedResponse.objects.exists()


def test_missing_and_invalid_answers_say_which_question():
    consultation, choice, _open = survey()
    member = invited_member(consultation)
    required_open = QuestionFactory(consultation=consultation, kind="open", position=3)

    with pytest.raises(ValidationError) as refused:
        services.consultation_answer(
            consultation=consultation,
            user=member.user,
            answers={choice.pk: "Iets anders", required_open.pk: "  "},
        )

    assert refused.value.message_dict == {
        f"vraag_{choice.pk}": ["Kies een van de antwoorden uit de lijst."],
        f"vraag_{required_open.pk}": ["Vul hier een antwoord in."],
    }
    assert not Response.objects.exists()
    assert not SealedResponse.objects.exists()
    assert Invitation.objects.get().has_answered is False


def test_an_empty_optional_question_stores_no_answer():
    consultation, choice, open_question = survey()
    member = invited_member(consultation)

    _answer(consultation, member.user, choice, "Goed", "", open_question)

    # Until the batch is written, the answers wait sealed.
    assert sealed_answers(consultation) == [{choice.pk: "Goed"}]


# --- Results ----------------------------------------------------------------------------------


def _answered_by(consultation, choice, options, open_question=None):
    for number, option in enumerate(options):
        member = invited_member(consultation)
        _answer(consultation, member.user, choice, option, f"Tip {number}", open_question)


def test_no_results_while_the_consultation_runs():
    consultation, choice, _open = survey()
    _answered_by(consultation, choice, ["Goed"] * 6)

    results = services.consultation_results(consultation=consultation)

    assert results.responses == 6
    assert results.questions == []
    assert "als de raadpleging gesloten is" in results.withheld


def test_no_results_per_question_below_five_responses():
    consultation, choice, open_question = survey()
    _answered_by(consultation, choice, ["Goed"] * 4, open_question)
    consultation.status = Consultation.Status.CLOSED
    consultation.save()

    results = services.consultation_results(consultation=consultation)

    assert results.responses == SUPPRESSED
    assert results.invited == 4
    assert results.questions == []
    assert "Minder dan 5 ouders" in results.withheld


def test_results_suppress_small_counts_and_list_open_answers():
    consultation, choice, open_question = survey()
    _answered_by(consultation, choice, ["Goed"] * 5 + ["Niet goed"] * 2, open_question)
    consultation = services.consultation_close(consultation=consultation, actor=coordinator())

    results = services.consultation_results(consultation=consultation)

    assert results.withheld == ""
    assert results.responses == 7
    by_option = {o.label: (o.count, o.percent) for o in results.questions[0].options}
    assert by_option == {"Goed": (5, 71), "Het kan beter": (0, 0), "Niet goed": (SUPPRESSED, None)}
    assert sorted(results.questions[1].open_answers) == [f"Tip {n}" for n in range(7)]


def test_results_count_a_finished_date_as_closed():
    consultation, choice, _open = survey()
    _answered_by(consultation, choice, ["Goed"] * 5)
    consultation.closes_on = timezone.localdate() - timedelta(days=1)
    consultation.save()

    results = services.consultation_results(consultation=consultation)

    assert results.questions[0].options[0].count == 5


# --- Sharing the summary ----------------------------------------------------------------------


def test_summary_goes_only_to_members_who_answered(
    site_settings, django_capture_on_commit_callbacks
):
    consultation, choice, _open = survey(title="Overstap naar het vo")
    answered = invited_member(consultation, user__email="antwoordde@test.example.nl")
    _answer(consultation, answered.user, choice)
    invited_member(consultation, user__email="niet.geantwoord@test.example.nl")
    stopped = invited_member(consultation, user__email="gestopt@test.example.nl")
    _answer(consultation, stopped.user, choice)
    services.panel_withdraw(user=stopped.user)
    PanelMemberFactory(user__email="niet.gevraagd@test.example.nl")
    services.consultation_close(consultation=consultation, actor=coordinator())
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.consultation_publish_summary(
            consultation=consultation,
            actor=coordinator(),
            summary="Veel ouders vonden de overstap zwaar. We maken een stappenplan.",
        )

    assert sent == 1
    assert [message.to for message in mail.outbox] == [["antwoordde@test.example.nl"]]
    message = mail.outbox[0]
    assert message.subject == "Wat we hoorden: Overstap naar het vo"
    assert "We maken een stappenplan." in message.body
    assert f"/raadplegen/{consultation.pk}/" in message.body
    consultation.refresh_from_db()
    assert consultation.summary_published_at is not None


def test_summary_only_once_and_only_when_closed():
    consultation, _choice, _open = survey()
    actor = coordinator()

    with pytest.raises(ValidationError, match="Sluit de raadpleging eerst"):
        services.consultation_publish_summary(consultation=consultation, actor=actor, summary="x")
    services.consultation_close(consultation=consultation, actor=actor)
    with pytest.raises(ValidationError, match="Schrijf eerst"):
        services.consultation_publish_summary(consultation=consultation, actor=actor, summary=" ")
    services.consultation_publish_summary(consultation=consultation, actor=actor, summary="Klaar")
    with pytest.raises(ValidationError, match="al gedeeld"):
        services.consultation_publish_summary(consultation=consultation, actor=actor, summary="2")


def test_both_emails_render_as_a_triple(site_settings):
    consultation = ConsultationFactory(summary="Wat we hoorden.")
    contexts = {
        "consultation_invitation": {
            "consultation": consultation,
            "consultation_url": "https://osp.example/raadplegen/1/",
            "panel_url": "https://osp.example/raadplegen/",
        },
        "consultation_summary": {
            "consultation": consultation,
            "consultation_url": "https://osp.example/raadplegen/1/",
        },
    }
    for name, context in contexts.items():
        subject, text, html = render_email(
            template=f"oudernetwerk/email/{name}",
            context={"site_settings": site_settings, **context},
        )

        assert consultation.title in subject, name
        assert "\n" not in subject, name
        assert text.startswith("Hallo,"), name
        assert "https://osp.example/raadplegen/1/" in text, name
        assert "<html" in html, name
        assert "https://osp.example/raadplegen/1/" in html, name


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite runs one writer at a time; real concurrency needs PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_answers_at_once_store_one_response():

    consultation, choice, _open = survey()
    member = invited_member(consultation)
    barrier = threading.Barrier(2)
    outcomes = []

    def answer(option):
        try:
            barrier.wait()
            _answer(consultation, member.user, choice, option)
            outcomes.append("stored")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer, args=(o,)) for o in ("Goed", "Niet goed")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == [
        "Je hebt deze vragenlijst al ingevuld. Je kunt maar één keer antwoorden.",
        "stored",
    ]
    # Until the batch is written, the one answer waits sealed.
    stored = sealed_answers(consultation)
    assert len(stored) == 1
    assert stored[0][choice.pk] in {"Goed", "Niet goed"}
