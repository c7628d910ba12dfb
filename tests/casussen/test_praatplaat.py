"""The praatplaat from both sides: the partner's invitation after a case (once, reminded
once), the partner's page behind the signed link, the parent's conversation praatplaat,
the admin's side by side and print view, and the role matrix of every page."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from casussen import services
from casussen.deadlines import add_working_days
from casussen.models import Case, Consent, FollowUp, Praatplaat, PraatplaatEmail
from casussen.services import praatplaat as service
from steunpunt.models import AccessEvent
from tests.factories import OrganisationFactory, UserFactory, coordinator, editor, make_case

pytestmark = pytest.mark.django_db

PARENT = "ouder@test.example.nl"
STORY = "Mijn zoon Bram zit al drie weken thuis, de school weet het niet meer."
SCHOOL_EMAIL = "ib@regenboog.example.nl"
NOW = "2026-11-02 10:00 +01:00"  # a Monday


@pytest.fixture
def school():
    return OrganisationFactory(name="Basisschool De Regenboog", contact_email=SCHOOL_EMAIL)


@pytest.fixture
def worker():
    return coordinator(email="coordinator@steunpunt.example.nl")


def _followup(case: Case, organisation, worker) -> FollowUp:
    services.consent_give(
        case=case, organisation=organisation, method=Consent.Method.PHONE, actor=worker
    )
    return services.followup_create(
        case=case,
        organisation=organisation,
        request="Wilt u een gesprek plannen met de ouder?",
        due_date=add_working_days(timezone.localdate(), 7),
        actor=worker,
    )


def _answered_case(school, worker, *, resolve=True) -> Case:
    case = make_case(email=PARENT, description=STORY, school=school)
    services.case_assign(case=case, coordinator=worker, actor=worker)
    followup = _followup(case, school, worker)
    services.followup_answer(
        followup=followup, answer="We hebben de ouder gebeld.", via=FollowUp.Channel.LINK
    )
    case.refresh_from_db()
    if resolve:
        case = _resolve(case, worker)
    return case


def _resolve(case: Case, worker) -> Case:
    return services.case_transition(
        case=case, to_status=Case.Status.RESOLVED, actor=worker, resolution=Case.Resolution.ANSWERED
    )


def _after_case(case: Case) -> Praatplaat:
    return Praatplaat.objects.get(case=case, kind=Praatplaat.Kind.AFTER_CASE)


def _link(praatplaat: Praatplaat) -> str:
    return reverse("casussen:praatplaat_partner", args=[service.praatplaat_token(praatplaat)])


def _linked(body: str) -> Praatplaat:
    """The praatplaat the link in an email opens (the signature holds the time it was
    made, so the link is read back rather than made again)."""
    token = re.search(r"/praatplaat/([^/\s]+)/", body)[1]
    return service.praatplaat_for_token(token)


def _to_school() -> list:
    return [m for m in mail.outbox if m.to == [SCHOOL_EMAIL] and "samenwerking" in m.subject]


ANSWERS = {
    "topic_child_centred": "agree",
    "topic_nearby": "partly",
    "topic_agreements": "disagree",
    "comment": "  Goed overleg, graag eerder afspraken op papier.  ",
}


def assert_private(response) -> None:
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert "no-store" in response.headers["Cache-Control"]


# --- The invitation after a case -----------------------------------------------------------


def test_resolving_a_case_with_an_answered_followup_invites_its_partner_once(
    school, worker, site_settings, django_capture_on_commit_callbacks
):
    case = _answered_case(school, worker, resolve=False)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        case = _resolve(case, worker)

    invitations = _to_school()
    assert len(invitations) == 1
    assert case.reference in invitations[0].subject
    praatplaat = _after_case(case)
    assert _linked(invitations[0].body) == praatplaat
    assert "Basisschool De Regenboog" in invitations[0].body
    # Nothing of the parent's story or address goes to the school.
    assert "Bram" not in invitations[0].body
    assert PARENT not in invitations[0].body


def test_resolving_again_after_a_reopen_sends_no_second_invitation(
    school, worker, site_settings, django_capture_on_commit_callbacks
):
    case = _answered_case(school, worker)
    case = services.case_transition(case=case, to_status=Case.Status.IN_PROGRESS, actor=worker)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _resolve(case, worker)

    assert _to_school() == []
    assert Praatplaat.objects.filter(case=case).count() == 1
    assert PraatplaatEmail.objects.filter(kind=PraatplaatEmail.Kind.INVITE).count() == 1


def test_an_unanswered_followup_gets_no_invitation(
    school, worker, site_settings, django_capture_on_commit_callbacks
):
    case = make_case(email=PARENT)
    services.case_assign(case=case, coordinator=worker, actor=worker)
    _followup(case, school, worker)
    case = services.case_transition(case=case, to_status=Case.Status.IN_PROGRESS, actor=worker)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _resolve(case, worker)

    assert _to_school() == []
    assert not Praatplaat.objects.filter(case=case).exists()


def test_a_withdrawn_consent_stops_the_invitation(
    school, worker, site_settings, django_capture_on_commit_callbacks
):
    case = _answered_case(school, worker, resolve=False)
    consent = case.consents.get()
    services.consent_withdraw(consent=consent, actor=case.parent)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _resolve(case, worker)

    assert _to_school() == []
    assert not Praatplaat.objects.filter(case=case).exists()


def test_one_reminder_after_a_week_however_often_the_sweep_runs(
    school, worker, site_settings, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False) as traveller:
        case = _answered_case(school, worker)
        mail.outbox.clear()
        traveller.shift(timedelta(days=6))
        assert services.sweep_reminders()["praatplaat_reminder"] == 0
        traveller.shift(timedelta(days=1, hours=1))

        with django_capture_on_commit_callbacks(execute=True):
            first = services.sweep_reminders()
            second = services.sweep_reminders()

    assert first["praatplaat_reminder"] == 1
    assert second["praatplaat_reminder"] == 0
    reminders = [m for m in mail.outbox if m.to == [SCHOOL_EMAIL] and "Herinnering" in m.subject]
    assert len(reminders) == 1
    assert "Herinnering" in reminders[0].subject
    with time_machine.travel(NOW, tick=False):
        assert _linked(reminders[0].body) == _after_case(case)


def test_no_reminder_once_the_professional_answered(client, school, worker, site_settings):
    with time_machine.travel(NOW, tick=False) as traveller:
        case = _answered_case(school, worker)
        client.post(_link(_after_case(case)), ANSWERS)
        mail.outbox.clear()
        traveller.shift(timedelta(days=8))

        counts = services.sweep_reminders()

    assert counts["praatplaat_reminder"] == 0
    assert mail.outbox == []


def test_an_invitation_claimed_but_answered_before_delivery_is_not_sent(school, worker):
    case = _answered_case(school, worker)
    praatplaat = _after_case(case)
    service.praatplaat_professional_submit(praatplaat=praatplaat, topics={"nearby": "agree"})
    row = PraatplaatEmail.objects.get(praatplaat=praatplaat)

    assert service.email_still_relevant(row) is False


# --- The partner's page ----------------------------------------------------------------------


def test_partner_page_shows_the_reference_and_organisation_and_nothing_of_the_parent(
    client, school, worker
):
    case = _answered_case(school, worker)
    case.parent.name = "Petra de Vries"
    case.parent.save(update_fields=["name"])

    response = client.get(_link(_after_case(case)))

    html = response.content.decode()
    assert response.status_code == 200
    assert_private(response)
    assert case.reference in html
    assert "Basisschool De Regenboog" in html
    assert "Denkt vanuit het kind" in html
    assert "Bram" not in html
    assert "Petra" not in html
    assert PARENT not in html


def test_partner_page_read_is_in_the_access_log_with_the_organisation(client, school, worker):
    case = _answered_case(school, worker)
    praatplaat = _after_case(case)

    client.get(_link(praatplaat))

    entry = AccessEvent.objects.get(object_type="casussen.praatplaat")
    assert entry.subject_id == case.parent_id
    assert entry.actor_organisation == "Basisschool De Regenboog"
    assert entry.case_reference == case.reference


def test_partner_submits_once_and_gets_the_thank_you_page(client, school, worker):
    case = _answered_case(school, worker)
    praatplaat = _after_case(case)

    response = client.post(_link(praatplaat), ANSWERS)
    thanks = client.get(_link(praatplaat))

    assert response.status_code == 302
    praatplaat.refresh_from_db()
    assert praatplaat.professional_topics == {
        "child_centred": "agree",
        "nearby": "partly",
        "agreements": "disagree",
    }
    assert praatplaat.professional_comment == "Goed overleg, graag eerder afspraken op papier."
    assert praatplaat.professional_submitted_at is not None
    html = thanks.content.decode()
    assert "Dank u wel" in html
    assert "Wat gebeurt er nu?" in html
    assert "naast die van de ouder" in html


def test_a_second_submit_changes_nothing(client, school, worker):
    case = _answered_case(school, worker)
    praatplaat = _after_case(case)
    client.post(_link(praatplaat), ANSWERS)
    praatplaat.refresh_from_db()
    first = praatplaat.professional_submitted_at

    response = client.post(_link(praatplaat), {"topic_nearby": "disagree", "comment": "Anders"})

    praatplaat.refresh_from_db()
    assert response.status_code == 200
    assert "Dank u wel" in response.content.decode()
    assert praatplaat.professional_topics["nearby"] == "partly"
    assert praatplaat.professional_submitted_at == first


def test_the_service_refuses_a_second_submit(school, worker):
    praatplaat = _after_case(_answered_case(school, worker))
    service.praatplaat_professional_submit(praatplaat=praatplaat, topics={"nearby": "agree"})

    with pytest.raises(services.TransitionRefusedError):
        service.praatplaat_professional_submit(praatplaat=praatplaat, topics={"nearby": "partly"})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"topic_nearby": "maybe"}, "Kies Eens, Een beetje of Oneens."),
        ({"comment": "Alleen een opmerking"}, "Kies bij minstens één onderwerp een antwoord."),
        ({"topic_nearby": "agree", "comment": "x" * 2001}, "De opmerking is te lang."),
    ],
)
def test_bad_input_stores_nothing_and_says_why_in_dutch(client, school, worker, data, message):
    praatplaat = _after_case(_answered_case(school, worker))

    response = client.post(_link(praatplaat), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    praatplaat.refresh_from_db()
    assert praatplaat.professional_submitted_at is None
    assert praatplaat.professional_topics == {}
    assert praatplaat.professional_comment == ""


def test_what_was_typed_stays_after_an_error(client, school, worker):
    praatplaat = _after_case(_answered_case(school, worker))

    response = client.post(
        _link(praatplaat),
        {"topic_nearby": "maybe", "topic_result": "agree", "comment": "Mijn tekst"},
    )

    html = response.content.decode()
    assert "Mijn tekst" in html
    assert 'value="agree" checked' in html


def test_an_expired_link_says_so(client, school, worker, settings):
    with time_machine.travel(NOW, tick=False) as traveller:
        praatplaat = _after_case(_answered_case(school, worker))
        url = _link(praatplaat)
        traveller.shift(timedelta(days=settings.PRAATPLAAT_LINK_MAX_AGE_DAYS + 1))

        response = client.get(url)

    assert response.status_code == 410
    assert "werkt niet meer" in response.content.decode()


def test_a_forged_or_changed_link_is_refused(client, school, worker):
    praatplaat = _after_case(_answered_case(school, worker))
    token = service.praatplaat_token(praatplaat)
    other_nonce = Praatplaat(pk=praatplaat.pk, link_nonce="een-andere-nonce")

    forged = client.get(reverse("casussen:praatplaat_partner", args=[token[:-2] + "xx"]))
    old = client.get(_link(other_nonce))
    evaluation = client.get(
        reverse(
            "casussen:praatplaat_partner",
            args=[services.evaluation_token(praatplaat.case.evaluation)],
        )
    )

    assert forged.status_code == 404
    assert old.status_code == 404
    assert evaluation.status_code == 404
    assert not AccessEvent.objects.filter(object_type="casussen.praatplaat").exists()


def test_after_consent_is_withdrawn_the_link_shows_nothing_and_stores_nothing(
    client, school, worker
):
    case = _answered_case(school, worker)
    praatplaat = _after_case(case)
    services.consent_withdraw(consent=case.consents.get(), actor=case.parent)

    page = client.get(_link(praatplaat))
    post = client.post(_link(praatplaat), ANSWERS)

    assert page.status_code == 410
    assert "gesloten" in page.content.decode()
    assert case.reference not in page.content.decode()
    assert post.status_code == 410
    praatplaat.refresh_from_db()
    assert praatplaat.professional_submitted_at is None


# --- The conversation praatplaat in Mijn steunpunt -------------------------------------------


@pytest.fixture
def open_case(school, worker):
    case = make_case(email=PARENT, description=STORY, school=school)
    services.case_assign(case=case, coordinator=worker, actor=worker)
    _followup(case, school, worker)
    return case


def _conversation(case: Case) -> Praatplaat:
    return service.praatplaat_create(case=case, actor=case.parent)


def _parent_url(name: str, praatplaat: Praatplaat) -> str:
    return reverse(f"casussen:{name}", args=[praatplaat.case_id, praatplaat.pk])


def test_parent_makes_a_praatplaat_from_the_case_page(client, open_case):
    client.force_login(open_case.parent)

    page = client.get(reverse("casussen:portal_case", args=[open_case.pk]))
    response = client.post(reverse("casussen:portal_praatplaat_new", args=[open_case.pk]))

    assert "Maak een praatplaat" in page.content.decode()
    praatplaat = Praatplaat.objects.get(case=open_case, kind=Praatplaat.Kind.CONVERSATION)
    assert response.status_code == 302
    assert response.url == _parent_url("portal_praatplaat", praatplaat)
    assert praatplaat.created_by == open_case.parent


def test_a_double_click_makes_one_praatplaat(client, open_case):
    client.force_login(open_case.parent)

    client.post(reverse("casussen:portal_praatplaat_new", args=[open_case.pk]))
    client.post(reverse("casussen:portal_praatplaat_new", args=[open_case.pk]))

    assert Praatplaat.objects.filter(case=open_case).count() == 1


def test_no_new_praatplaat_for_a_closed_case(open_case, worker):
    case = services.case_transition(
        case=open_case,
        to_status=Case.Status.CLOSED,
        actor=worker,
        resolution=Case.Resolution.WITHDRAWN,
    )

    with pytest.raises(services.TransitionRefusedError):
        service.praatplaat_create(case=case, actor=worker)


def test_parent_fills_in_their_side_once(client, open_case):
    praatplaat = _conversation(open_case)
    client.force_login(open_case.parent)

    response = client.post(_parent_url("portal_praatplaat", praatplaat), ANSWERS)
    again = client.post(_parent_url("portal_praatplaat", praatplaat), {"topic_nearby": "agree"})

    assert response.status_code == 302
    assert again.status_code == 302
    praatplaat.refresh_from_db()
    assert praatplaat.parent_topics["nearby"] == "partly"
    assert praatplaat.parent_comment == "Goed overleg, graag eerder afspraken op papier."
    page = client.get(_parent_url("portal_praatplaat", praatplaat))
    assert "Je hebt jouw kant ingevuld" in page.content.decode()


def test_parent_bad_input_stores_nothing(client, open_case):
    praatplaat = _conversation(open_case)
    client.force_login(open_case.parent)

    response = client.post(_parent_url("portal_praatplaat", praatplaat), {"comment": "Alleen dit"})

    assert response.status_code == 400
    assert "Kies bij minstens één onderwerp een antwoord." in response.content.decode()
    assert "Alleen dit" in response.content.decode()
    praatplaat.refresh_from_db()
    assert praatplaat.parent_submitted_at is None


def test_parent_sends_the_link_to_the_school_once(
    client, open_case, site_settings, django_capture_on_commit_callbacks
):
    praatplaat = _conversation(open_case)
    followup = open_case.followups.get()
    client.force_login(open_case.parent)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(
            _parent_url("portal_praatplaat_send", praatplaat), {"followup": followup.pk}
        )
        second = client.post(
            _parent_url("portal_praatplaat_send", praatplaat), {"followup": followup.pk}
        )

    assert first.status_code == second.status_code == 302
    sent = [m for m in mail.outbox if m.to == [SCHOOL_EMAIL]]
    assert len(sent) == 1
    assert "Praatplaat voor een gesprek" in sent[0].subject
    praatplaat.refresh_from_db()
    assert _linked(sent[0].body) == praatplaat
    assert praatplaat.followup == followup


def test_no_link_to_a_partner_without_a_valid_consent(client, open_case, site_settings):
    praatplaat = _conversation(open_case)
    followup = open_case.followups.get()
    services.consent_withdraw(consent=followup.consent, actor=open_case.parent)
    client.force_login(open_case.parent)
    mail.outbox.clear()

    response = client.post(
        _parent_url("portal_praatplaat_send", praatplaat), {"followup": followup.pk}
    )

    assert response.status_code == 400
    assert "Kies een organisatie uit de lijst." in response.content.decode()
    assert [m for m in mail.outbox if m.to == [SCHOOL_EMAIL]] == []
    with pytest.raises(services.ValidationError):
        service.praatplaat_send_to_partner(
            praatplaat=praatplaat, followup=followup, actor=open_case.parent
        )


def test_a_followup_of_another_case_cannot_be_chosen(open_case, school, worker):
    praatplaat = _conversation(open_case)
    other = _followup(make_case(email="ander@test.example.nl"), school, worker)

    with pytest.raises(services.ValidationError):
        service.praatplaat_send_to_partner(praatplaat=praatplaat, followup=other, actor=worker)


def test_the_professional_fills_in_the_conversation_praatplaat(client, open_case, site_settings):
    praatplaat = _conversation(open_case)
    service.praatplaat_send_to_partner(
        praatplaat=praatplaat, followup=open_case.followups.get(), actor=open_case.parent
    )
    praatplaat.refresh_from_db()

    client.post(_link(praatplaat), {"topic_nearby": "agree"})

    praatplaat.refresh_from_db()
    assert praatplaat.professional_topics == {"nearby": "agree"}


def test_an_unsent_conversation_praatplaat_has_no_working_link(client, open_case):
    praatplaat = _conversation(open_case)

    assert client.get(_link(praatplaat)).status_code == 404


def _filled(case: Case) -> Praatplaat:
    praatplaat = _conversation(case)
    service.praatplaat_parent_submit(
        praatplaat=praatplaat,
        parent=case.parent,
        topics={"nearby": "agree", "result": "partly"},
        comment="Ik voel me gehoord.",
    )
    service.praatplaat_send_to_partner(
        praatplaat=praatplaat, followup=case.followups.get(), actor=case.parent
    )
    praatplaat.refresh_from_db()
    return service.praatplaat_professional_submit(
        praatplaat=praatplaat,
        topics={"nearby": "disagree", "result": "partly"},
        comment="Meer tijd nemen voor het gesprek.",
    )


def test_print_view_puts_both_sides_next_to_each_other_with_the_questions(client, open_case):
    praatplaat = _filled(open_case)
    client.force_login(open_case.parent)

    response = client.get(_parent_url("portal_praatplaat_print", praatplaat))

    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert open_case.reference in html
    assert "Basisschool De Regenboog" in html
    for question in (
        "Hoe zit dat bij ons?",
        "Hoe zou dat beter kunnen?",
        "Waar zijn we al goed in?",
    ):
        assert question in html
    assert "Ik voel me gehoord." in html
    assert "Meer tijd nemen voor het gesprek." in html
    rows = service.side_by_side(praatplaat)
    nearby = next(row for row in rows if row["key"] == "nearby")
    assert (nearby["parent"], nearby["professional"], nearby["differs"]) == (
        "Eens",
        "Oneens",
        True,
    )
    assert "verschilt" in html
    # No menu or footer of the site on paper.
    assert "site-header" not in html


# --- Role matrix -------------------------------------------------------------------------


def _people(open_case, school):
    other_school = OrganisationFactory(name="Andere school")
    return {
        "other_parent": UserFactory(email="andere-ouder@test.example.nl"),
        "buddy": UserFactory(roles=["buddy"]),
        "partner_here": UserFactory(roles=["partner"], organisation=school),
        "partner_elsewhere": UserFactory(roles=["partner"], organisation=other_school),
        "coordinator": coordinator(),
        "editor": editor(),
    }


@pytest.mark.parametrize("page", ["portal_praatplaat", "portal_praatplaat_print"])
def test_only_the_parent_opens_their_praatplaat_pages(client, open_case, school, page):
    praatplaat = _filled(open_case)
    url = _parent_url(page, praatplaat)

    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert reverse("account_login") in anonymous.url
    for who, user in _people(open_case, school).items():
        client.force_login(user)
        assert client.get(url).status_code == 404, who
        client.logout()
    client.force_login(open_case.parent)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "page", ["portal_praatplaat", "portal_praatplaat_send", "portal_praatplaat_new"]
)
def test_nobody_but_the_parent_changes_their_praatplaat(client, open_case, school, page):
    praatplaat = _conversation(open_case)
    followup = open_case.followups.get()
    url = (
        reverse("casussen:portal_praatplaat_new", args=[open_case.pk])
        if page == "portal_praatplaat_new"
        else _parent_url(page, praatplaat)
    )
    data = {"followup": followup.pk, "topic_nearby": "agree"}

    for who, user in _people(open_case, school).items():
        client.force_login(user)
        assert client.post(url, data).status_code == 404, who
        client.logout()

    praatplaat.refresh_from_db()
    assert praatplaat.parent_submitted_at is None
    assert praatplaat.followup_id is None
    assert Praatplaat.objects.filter(case=open_case).count() == 1


def test_the_partners_page_is_the_same_for_everyone_signed_in_or_not(client, school, worker):
    # The link is the key: signed in as someone else changes nothing, and shows no more.
    case = _answered_case(school, worker)
    url = _link(_after_case(case))
    people = _people(case, school)

    for user in [None, *people.values()]:
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert STORY not in response.content.decode()
        client.logout()


# --- The admin ---------------------------------------------------------------------------


def _admin(name: str, praatplaat: Praatplaat) -> str:
    return reverse(f"admin:casussen_case_{name}", args=[praatplaat.case_id, praatplaat.pk])


def test_case_page_shows_parent_and_professional_side_by_side(client, school, worker):
    case = _answered_case(school, worker)
    evaluation = services.evaluation_submit(
        evaluation=case.evaluation, satisfaction=4, topics={"nearby": "agree", "result": "agree"}
    )
    service.praatplaat_professional_submit(
        praatplaat=_after_case(case),
        topics={"nearby": "disagree", "result": "agree"},
        comment="Korte lijnen",
    )
    client.force_login(worker)

    response = client.get(reverse("admin:casussen_case_change", args=[case.pk]))

    html = response.content.decode()
    assert "Praatplaat: ouder en professional naast elkaar" in html
    assert "Basisschool De Regenboog" in html
    assert "(verschilt)" in html
    assert "Korte lijnen" in html
    rows = service.side_by_side(_after_case(case), evaluation=evaluation)
    result = next(row for row in rows if row["key"] == "result")
    assert (result["parent"], result["professional"], result["differs"]) == ("Eens", "Eens", False)


def test_coordinator_makes_a_praatplaat_and_sends_it(
    client, open_case, worker, site_settings, django_capture_on_commit_callbacks
):
    client.force_login(worker)
    mail.outbox.clear()

    created = client.post(reverse("admin:casussen_case_praatplaat_new", args=[open_case.pk]))
    praatplaat = Praatplaat.objects.get(case=open_case)
    form = client.get(_admin("praatplaat_send", praatplaat))
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            _admin("praatplaat_send", praatplaat), {"followup": open_case.followups.get().pk}
        )

    assert created.status_code == 302
    assert praatplaat.created_by == worker
    assert "Basisschool De Regenboog" in form.content.decode()
    assert sent.status_code == 302
    assert [m.to for m in mail.outbox if "Praatplaat" in m.subject] == [[SCHOOL_EMAIL]]


def test_admin_print_view_is_for_coordinators_and_logged(client, open_case, school, worker):
    praatplaat = _filled(open_case)
    url = _admin("praatplaat_print", praatplaat)

    anonymous = client.get(url)
    client.force_login(editor())
    editor_response = client.get(url)
    client.force_login(open_case.parent)
    parent_response = client.get(url)
    client.force_login(worker)
    response = client.get(url)

    assert anonymous.status_code == 302
    assert editor_response.status_code == 403
    assert parent_response.status_code == 302
    assert response.status_code == 200
    assert "Hoe zou dat beter kunnen?" in response.content.decode()
    entry = AccessEvent.objects.get(object_type="casussen.praatplaat", actor=worker)
    assert entry.subject_id == open_case.parent_id


@pytest.mark.parametrize("name", ["praatplaat_print", "praatplaat_send"])
def test_people_outside_the_admin_never_reach_its_praatplaat_pages(client, open_case, school, name):
    praatplaat = _filled(open_case)
    url = _admin(name, praatplaat)
    people = _people(open_case, school)
    people.pop("coordinator")
    people.pop("editor")

    for who, user in [*people.items(), ("parent", open_case.parent)]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 302, who
        assert reverse("admin:login") in response.url, who
        client.logout()
    assert not AccessEvent.objects.filter(object_type="casussen.praatplaat").exists()


def test_an_editor_cannot_make_or_send_a_praatplaat(client, open_case):
    praatplaat = _conversation(open_case)
    client.force_login(editor())

    created = client.post(reverse("admin:casussen_case_praatplaat_new", args=[open_case.pk]))
    sent = client.post(
        _admin("praatplaat_send", praatplaat), {"followup": open_case.followups.get().pk}
    )

    assert created.status_code == sent.status_code == 403
    praatplaat.refresh_from_db()
    assert praatplaat.followup_id is None
    assert Praatplaat.objects.filter(case=open_case).count() == 1
