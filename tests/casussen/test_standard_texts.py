"""Standard texts (issue #14, item 3): kept by coordinators per purpose, theme and
status, with a fixed set of variables filled in safely; picked, previewed exactly as the
outbox renders the email, edited and sent from the case's message forms."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from casussen import demo, services
from casussen.models import Case, CaseEvent, FollowUp, StandardText
from tests.factories import (
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
    editor,
    make_case,
    privacy_officer,
)

pytestmark = pytest.mark.django_db

P = StandardText.Purpose
S = Case.Status
# Tuesday 24 November 2026, 10:00 in Amsterdam.
NOW = "2026-11-24 10:00 +01:00"


@pytest.fixture
def worker(client):
    user = coordinator()
    client.force_login(user)
    return user


@pytest.fixture
def parent():
    return UserFactory(email="ouder@test.example.nl", name="Fatima el Amrani")


def _text(body, purpose=P.PARENT_MESSAGE, **kwargs):
    return StandardText.objects.create(
        title=kwargs.pop("title", "Eerste reactie"), purpose=purpose, body=body, **kwargs
    )


def _url(name, case):
    return reverse(f"admin:casussen_case_{name}", args=[case.pk])


# --- The variables ------------------------------------------------------------------------


def test_text_fill_replaces_known_variables_only():
    filled = services.text_fill(
        text="Hallo {voornaam}, je kenmerk is { kenmerk }. {onbekend} en {{ x }} blijven.",
        values={"voornaam": "Fatima", "kenmerk": "OSP-2026-00001"},
    )

    assert filled == "Hallo Fatima, je kenmerk is OSP-2026-00001. {onbekend} en {{ x }} blijven."


def test_text_fill_does_not_run_template_code():
    text = "{% load static %}{{ case.parent.email }} {voornaam}"

    assert services.text_fill(text=text, values={"voornaam": "Jan"}) == (
        "{% load static %}{{ case.parent.email }} Jan"
    )


def test_text_check_refuses_an_unknown_variable_in_dutch():
    with pytest.raises(ValidationError) as error:
        services.text_check(text="Hallo {naam},", purpose=P.PARENT_MESSAGE)

    assert error.value.messages == [
        "{naam} kennen we niet. Je kunt deze variabelen gebruiken: {voornaam}, {kenmerk}, "
        "{termijn}, {organisatie}."
    ]


def test_text_check_refuses_double_braces():
    with pytest.raises(ValidationError) as error:
        services.text_check(text="Hallo {{ voornaam }},", purpose=P.PARENT_MESSAGE)

    assert "Gebruik één paar accolades" in error.value.messages[0]


def test_text_check_refuses_the_parents_name_in_a_request_to_a_partner():
    with pytest.raises(ValidationError) as error:
        services.text_check(text="Over de zoon van {voornaam}", purpose=P.FOLLOWUP_REQUEST)

    assert "de partner krijgt de naam van de ouder niet" in error.value.messages[0]


def test_text_check_accepts_every_known_variable():
    services.text_check(
        text="{voornaam} {kenmerk} {termijn} {organisatie}", purpose=P.PARENT_MESSAGE
    )


def test_values_use_the_first_name_as_the_parent_wrote_it(parent, site_settings):
    school = OrganisationFactory(name="De Regenboog")
    with time_machine.travel(NOW, tick=False):
        case = make_case(email=parent.email, school=school)

    values = services.text_values(case=case, purpose=P.PARENT_MESSAGE)

    assert values == {
        "voornaam": "Fatima",
        "kenmerk": case.reference,
        "termijn": "dinsdag 8 december 2026",
        "organisatie": "De Regenboog",
    }


def test_values_of_a_request_to_a_partner_name_the_partner_and_its_date(parent):
    case = make_case(email=parent.email)
    school = OrganisationFactory(name="De Regenboog")

    values = services.text_values(
        case=case, purpose=P.FOLLOWUP_REQUEST, organisation=school, due_date=date(2026, 12, 4)
    )

    assert values == {
        "kenmerk": case.reference,
        "termijn": "vrijdag 4 december 2026",
        "organisatie": "De Regenboog",
    }


def test_texts_offered_match_purpose_theme_and_status(parent):
    theme, other_theme = ThemeFactory(), ThemeFactory()
    case = make_case(email=parent.email, theme=theme)
    any_theme = _text("a", title="Alle thema's")
    this_theme = _text("b", title="Dit thema", theme=theme)
    this_status = _text("c", title="Nieuw", status=S.NEW)
    _text("d", title="Ander thema", theme=other_theme)
    _text("e", title="Andere status", status=S.RESOLVED)
    _text("f", title="Niet in gebruik", is_active=False)
    _text("g", title="Voor partner", purpose=P.FOLLOWUP_REQUEST)

    offered = services.standard_texts_for(case=case, purpose=P.PARENT_MESSAGE)

    assert list(offered) == [any_theme, this_theme, this_status]


# --- Keeping the texts in the admin -----------------------------------------------------------


def test_coordinator_saves_a_standard_text(client, worker):
    response = client.post(
        reverse("admin:casussen_standardtext_add"),
        {
            "title": "Eerste reactie",
            "purpose": P.PARENT_MESSAGE,
            "body": "Hallo {voornaam},",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    text = StandardText.objects.get()
    assert (text.body, text.updated_by) == ("Hallo {voornaam},", worker)


def test_saving_a_text_with_an_unknown_variable_is_a_dutch_form_error(client, worker):
    response = client.post(
        reverse("admin:casussen_standardtext_add"),
        {"title": "Eerste reactie", "purpose": P.PARENT_MESSAGE, "body": "Hallo {naam},"},
    )

    assert response.status_code == 200
    assert "{naam} kennen we niet." in response.content.decode()
    assert not StandardText.objects.exists()


@pytest.mark.parametrize("make_user", [editor, privacy_officer])
def test_other_staff_cannot_keep_standard_texts(client, make_user):
    client.force_login(make_user())

    assert client.get(reverse("admin:casussen_standardtext_changelist")).status_code == 403
    assert client.get(reverse("admin:casussen_standardtext_add")).status_code == 403


@pytest.mark.parametrize("roles", [[], ["partner"], ["buddy"]])
def test_people_outside_the_admin_cannot_reach_standard_texts(client, roles):
    client.force_login(UserFactory(roles=roles))

    response = client.get(reverse("admin:casussen_standardtext_changelist"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


# --- Picking, previewing, editing and sending -----------------------------------------------


def test_message_form_offers_the_texts_for_the_case(client, worker, parent):
    case = make_case(email=parent.email)
    text = _text("Hallo {voornaam},")

    content = client.get(_url("message", case)).content.decode()

    assert f'<option value="{text.pk}">Eerste reactie</option>' in content
    assert "Tekst invoegen" in content


def test_picking_a_text_keeps_what_was_typed_and_adds_the_text(client, worker, parent):
    case = make_case(email=parent.email)
    text = _text("Hallo {voornaam}, we bellen je.")

    response = client.post(
        _url("message", case),
        {"text": "Al getypt.", "wait_for_reply": "on", "standard_text": text.pk, "_pick": "1"},
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert form["text"].value() == "Al getypt.\n\nHallo {voornaam}, we bellen je."
    assert form["wait_for_reply"].value() is True
    assert not case.events.filter(kind=CaseEvent.Kind.MESSAGE_TO_PARENT).exists()


def test_picking_without_a_text_says_so_and_keeps_the_text(client, worker, parent):
    case = make_case(email=parent.email)
    _text("Hallo")

    response = client.post(_url("message", case), {"text": "Al getypt.", "_pick": "1"})

    assert "Kies eerst een standaardtekst." in response.content.decode()
    assert response.context["form"]["text"].value() == "Al getypt."


def test_preview_is_the_email_the_outbox_sends(
    client, worker, parent, site_settings, django_capture_on_commit_callbacks
):
    case = make_case(email=parent.email)
    typed = "Hallo {voornaam}, over {kenmerk} bellen we je."
    preview = client.post(_url("message", case), {"text": typed, "_preview": "1"})
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(_url("message", case), {"text": typed, "_send": "1"})

    assert preview.status_code == 200
    assert sent.status_code == 302
    assert [m.to for m in mail.outbox] == [[parent.email]]
    message = mail.outbox[0]
    assert preview.context["email_subject"] == message.subject
    assert preview.context["email_text"] == message.body
    assert preview.context["email_html"] == message.alternatives[0][0]
    assert f"Hallo Fatima, over {case.reference} bellen we je." in message.body
    event = case.events.get(kind=CaseEvent.Kind.MESSAGE_TO_PARENT)
    assert event.text == f"Hallo Fatima, over {case.reference} bellen we je."


def test_preview_sends_nothing_and_shows_the_email(client, worker, parent, site_settings):
    case = make_case(email=parent.email)
    mail.outbox.clear()

    response = client.post(_url("message", case), {"text": "Hallo {voornaam}.", "_preview": "1"})

    content = response.content.decode()
    assert "Hallo Fatima." in content
    assert parent.email in content
    assert mail.outbox == []
    assert not case.events.filter(kind=CaseEvent.Kind.MESSAGE_TO_PARENT).exists()


def test_preview_warns_about_a_variable_without_a_value(client, worker, site_settings):
    UserFactory(email="zondernaam@test.example.nl", name="")
    case = make_case(email="zondernaam@test.example.nl")

    response = client.post(_url("message", case), {"text": "Hallo {voornaam}.", "_preview": "1"})

    assert response.context["empty_variables"] == ["voornaam"]
    assert "deze variabelen zijn hier leeg" in response.content.decode()


def test_back_from_the_preview_keeps_everything_typed(client, worker, parent):
    case = make_case(email=parent.email)

    response = client.post(
        _url("message", case),
        {"text": "Hallo {voornaam},\nregel twee", "wait_for_reply": "True", "_edit": "1"},
    )

    form = response.context["form"]
    assert form["text"].value() == "Hallo {voornaam},\nregel twee"
    assert form["wait_for_reply"].value() is True


def test_unknown_variable_in_a_message_is_a_form_error_and_nothing_is_sent(client, worker, parent):
    case = make_case(email=parent.email)
    mail.outbox.clear()

    response = client.post(_url("message", case), {"text": "Hallo {naam}", "_send": "1"})

    assert response.status_code == 400
    assert "{naam} kennen we niet." in response.content.decode()
    assert response.context["form"]["text"].value() == "Hallo {naam}"
    assert mail.outbox == []


def _case_with_consent(parent, school):
    return make_case(email=parent.email, school=school, consent_organisations=[school])


def test_followup_preview_is_the_partner_email_without_the_parents_name(
    client, worker, parent, site_settings
):
    school = OrganisationFactory(name="De Regenboog", contact_email="zorg@regenboog.example.nl")
    case = _case_with_consent(parent, school)
    text = _text(
        "Wilt u {organisatie} vóór {termijn} laten weten hoe het gaat ({kenmerk})?",
        purpose=P.FOLLOWUP_REQUEST,
        title="Vraag om informatie",
    )
    due = "2026-12-04"
    picked = client.post(
        _url("followup", case),
        {
            "organisation": school.pk,
            "due_date": due,
            "request": "",
            "standard_text": text.pk,
            "_pick": "1",
        },
    )
    body = picked.context["form"]["request"].value()

    with time_machine.travel(NOW, tick=False):
        preview = client.post(
            _url("followup", case),
            {"organisation": school.pk, "due_date": due, "request": body, "_preview": "1"},
        )

    assert body == text.body
    assert preview.context["email_to"] == ["zorg@regenboog.example.nl"]
    assert (
        f"Wilt u De Regenboog vóór vrijdag 4 december 2026 laten weten hoe het gaat "
        f"({case.reference})?" in preview.context["email_text"]
    )
    assert "Fatima" not in preview.context["email_text"]
    assert not FollowUp.objects.exists()


def test_followup_is_sent_with_the_variables_filled_in(
    client, worker, parent, site_settings, django_capture_on_commit_callbacks
):
    school = OrganisationFactory(name="De Regenboog", contact_email="zorg@regenboog.example.nl")
    case = _case_with_consent(parent, school)
    mail.outbox.clear()

    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("followup", case),
            {
                "organisation": school.pk,
                "due_date": "2026-12-04",
                "request": "Antwoord vóór {termijn}.",
            },
        )

    assert response.status_code == 302
    assert FollowUp.objects.get().request == "Antwoord vóór vrijdag 4 december 2026."
    assert [m.to for m in mail.outbox] == [["zorg@regenboog.example.nl"]]
    assert "Antwoord vóór vrijdag 4 december 2026." in mail.outbox[0].body


def test_followup_text_with_the_parents_name_is_refused(client, worker, parent):
    school = OrganisationFactory()
    case = _case_with_consent(parent, school)

    response = client.post(
        _url("followup", case),
        {"organisation": school.pk, "due_date": "2026-12-04", "request": "Over {voornaam}."},
    )

    assert response.status_code == 400
    assert "de partner krijgt de naam van de ouder niet" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_status_text_picks_its_status_and_previews_the_parents_timeline(client, worker, parent):
    case = make_case(email=parent.email)
    services.case_assign(case=case, coordinator=worker, actor=worker)
    text = _text(
        "Fijn dat we je konden helpen, {voornaam}.",
        purpose=P.STATUS_CHANGE,
        status=S.RESOLVED,
        title="Afronden",
    )
    picked = client.post(
        _url("status", case), {"to_status": "", "note": "", "standard_text": text.pk, "_pick": "1"}
    )
    form = picked.context["form"]

    preview = client.post(
        _url("status", case),
        {
            "to_status": form["to_status"].value(),
            "resolution": "answered",
            "note": form["note"].value(),
            "_preview": "1",
        },
    )

    assert form["to_status"].value() == S.RESOLVED
    assert preview.context["timeline_label"] == "Afgerond: beantwoord"
    assert preview.context["timeline_text"] == "Fijn dat we je konden helpen, Fatima."
    assert preview.context["evaluation_follows"] is True
    case.refresh_from_db()
    assert case.status == S.IN_PROGRESS


def test_status_change_is_saved_with_the_variables_filled_in(client, worker, parent):
    case = make_case(email=parent.email)
    services.case_assign(case=case, coordinator=worker, actor=worker)

    response = client.post(
        _url("status", case),
        {
            "to_status": S.WAITING_FOR_PARENT,
            "resolution": "",
            "note": "We wachten op je, {voornaam}.",
            "_send": "1",
        },
    )

    assert response.status_code == 302
    event = case.events.filter(kind=CaseEvent.Kind.STATUS_CHANGED).last()
    assert event.text == "We wachten op je, Fatima."


def test_editor_cannot_open_a_message_form(client, parent):
    case = make_case(email=parent.email)
    client.force_login(editor())

    assert client.get(_url("message", case)).status_code == 403


@pytest.mark.parametrize("item", demo.STANDARD_TEXTS, ids=lambda item: item["title"])
def test_demo_standard_texts_use_only_allowed_variables(item):
    services.text_check(text=item["body"], purpose=item["purpose"])


def test_formatted_preview_is_the_html_the_outbox_sends_in_a_locked_frame(
    client, worker, parent, site_settings, django_capture_on_commit_callbacks
):
    case = make_case(email=parent.email)
    typed = "Hallo {voornaam}."
    formatted = client.post(_url("message", case), {"text": typed, "_html": "1"})
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("message", case), {"text": typed, "_send": "1"})

    assert formatted.status_code == 200
    assert formatted.content.decode() == mail.outbox[0].alternatives[0][0]
    assert "Hallo Fatima." in formatted.content.decode()
    policy = formatted["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "script-src" not in policy
    assert formatted["X-Frame-Options"] == "SAMEORIGIN"
    assert "no-store" in formatted["Cache-Control"]
