"""Mijn steunpunt: a parent sees and acts on their own cases, and nobody else's."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casussen import services
from casussen.deadlines import add_working_days
from casussen.models import Case, CaseEvent, Consent, FollowUp
from casussen.views_parent import next_step
from tests.factories import OrganisationFactory, UserFactory, coordinator, make_case

pytestmark = pytest.mark.django_db

S = Case.Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Tuesday 24 November 2026, 10:00 in Amsterdam.
NOW = "2026-11-24 10:00 +01:00"


def _detail(case):
    return reverse("casussen:portal_case", args=[case.pk])


def _assigned_case(**kwargs):
    worker = coordinator(email="coordinator@steunpunt.example.nl")
    case = services.case_assign(case=make_case(**kwargs), coordinator=worker, actor=worker)
    return case, worker


def _case_with_followup():
    case, worker = _assigned_case()
    school = OrganisationFactory(name="Basisschool De Linde", contact_email="zorg@linde.example.nl")
    consent = services.consent_give(
        case=case, organisation=school, method=Consent.Method.PHONE, actor=worker
    )
    followup = services.followup_create(
        case=case,
        organisation=school,
        request="Wilt u het ontwikkelingsperspectief met de ouder bespreken?",
        due_date=add_working_days(timezone.localdate(), 5),
        actor=worker,
    )
    return case, consent, followup, worker


# --- The list ------------------------------------------------------------------------------


def test_portal_lists_own_cases_only(client):
    mine = make_case(email="ouder@test.example.nl")
    theirs = make_case(email="ander@test.example.nl")
    client.force_login(mine.parent)

    content = client.get(reverse("casussen:portal")).content.decode()

    assert mine.reference in content
    assert theirs.reference not in content
    assert _detail(mine) in content


@time_machine.travel(NOW, tick=False)
def test_portal_shows_the_plain_status_and_what_happens_next(client):
    case = make_case()
    client.force_login(case.parent)

    content = client.get(reverse("casussen:portal")).content.decode()

    assert "Ontvangen" in content
    assert "Uiterlijk donderdag 26 november nemen we contact met je op." in content
    assert case.theme.name in content


def test_portal_without_cases_points_to_the_question_form(client):
    client.force_login(UserFactory())

    content = client.get(reverse("casussen:portal")).content.decode()

    assert "Je hebt nog geen vragen of klachten bij ons." in content
    assert f'href="{reverse("casussen:intake")}"' in content


def test_portal_query_count_does_not_grow_with_the_cases(client, django_assert_num_queries):
    def queries_for(count: int) -> int:
        parent = make_case(email=f"ouder{count}@test.example.nl").parent
        for _ in range(count - 1):
            make_case(email=parent.email)
        client.force_login(parent)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("casussen:portal"))
        assert response.content.decode().count('class="card mb-3"') == count
        return len(queries)

    assert queries_for(3) == queries_for(10)
    # Session, user, the cases with their themes, which other parts have anything (none
    # here: casussen/portal.py), site settings (the roles come with the user).
    with django_assert_num_queries(5):
        client.get(reverse("casussen:portal"))


@time_machine.travel(NOW, tick=False)
def test_next_step_says_what_happens_and_by_when():
    case, worker = _assigned_case()
    today = date(2026, 11, 24)

    assert next_step(case, today=today) == (
        "We werken aan je vraag. Uiterlijk dinsdag 8 december ronden we af."
    )
    case = services.case_transition(case=case, to_status=S.WAITING_FOR_PARENT, actor=worker)
    assert next_step(case, today=today) == "We wachten op je antwoord. Lees ons laatste bericht."
    case = services.case_transition(
        case=case, to_status=S.RESOLVED, actor=worker, resolution=Case.Resolution.ANSWERED
    )
    assert "uiterlijk dinsdag 8 december een bericht" in next_step(case, today=today)


def test_next_step_after_withdrawing():
    case = make_case()
    case = services.parent_withdraw(case=case, parent=case.parent)

    assert next_step(case) == "Je hebt je vraag ingetrokken. Je hoeft niets meer te doen."


# --- Who may see what: one role matrix -----------------------------------------------------


@pytest.fixture
def shared_case(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    school = OrganisationFactory(name="Basisschool De Linde")
    return make_case(
        school=school,
        consent_organisations=[school],
        attachments=[SimpleUploadedFile("brief.pdf", PDF, "application/pdf")],
    )


def _visitor(role: str, case: Case):
    match role:
        case "parent":
            return case.parent
        case "other_parent":
            return make_case(email="ander@test.example.nl").parent
        case "buddy":
            return UserFactory(roles=["buddy"])
        case "partner":
            # Even the school the parent consented to sees nothing here.
            return UserFactory(roles=["partner"], organisation=case.school)
        case "coordinator":
            return coordinator()
    return None


ROLES = ["parent", "other_parent", "buddy", "partner", "coordinator", "anonymous"]
DETAIL = {"parent": 200, "coordinator": 404, "anonymous": 302}
ATTACHMENT = {"parent": 200, "coordinator": 200, "anonymous": 302}


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_pages(client, shared_case, role):
    visitor = _visitor(role, shared_case)
    if visitor:
        client.force_login(visitor)
    attachment = shared_case.attachments.get()

    listing = client.get(reverse("casussen:portal"))
    detail = client.get(_detail(shared_case))
    download = client.get(reverse("casussen:attachment", args=[shared_case.pk, attachment.pk]))

    if role == "anonymous":
        assert listing.status_code == 302
        assert listing["Location"].startswith(reverse("account_login"))
    else:
        assert listing.status_code == 200
        assert (shared_case.reference in listing.content.decode()) == (role == "parent")
    assert detail.status_code == DETAIL.get(role, 404)
    assert download.status_code == ATTACHMENT.get(role, 404)
    if role == "anonymous":
        assert detail["Location"].startswith(reverse("account_login"))
        assert download["Location"].startswith(reverse("account_login"))


POSTS = {
    "portal_reply": lambda case: ({}, {"text": "Hier is de brief van school."}),
    "portal_withdraw": lambda case: ({}, {"reason": ""}),
    "portal_consent": lambda case: ({}, {"organisation": OrganisationFactory().pk}),
    "portal_consent_withdraw": lambda case: (
        {"consent_pk": case.consents.get().pk},
        {},
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", POSTS)
def test_role_matrix_for_actions(client, shared_case, role, name):
    visitor = _visitor(role, shared_case)
    if visitor:
        client.force_login(visitor)
    extra, data = POSTS[name](shared_case)
    events_before = shared_case.events.count()

    response = client.post(
        reverse(f"casussen:{name}", kwargs={"pk": shared_case.pk, **extra}), data
    )

    if role == "parent":
        assert response.status_code == 302
        assert response["Location"].startswith(_detail(shared_case))
        assert shared_case.events.count() > events_before
        return
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == 404
    assert shared_case.events.count() == events_before


def test_consent_of_another_case_cannot_be_withdrawn_through_your_own(client):
    mine = make_case()
    school = OrganisationFactory()
    theirs = make_case(email="ander@test.example.nl", consent_organisations=[school])
    client.force_login(mine.parent)

    response = client.post(
        reverse(
            "casussen:portal_consent_withdraw",
            args=[mine.pk, theirs.consents.get().pk],
        )
    )

    assert response.status_code == 404
    assert theirs.consents.get().withdrawn_at is None


# --- The case page -------------------------------------------------------------------------


def test_case_page_shows_the_story_and_never_internal_notes(client):
    case, worker = _assigned_case(age_band="8-12", school_other="De Regenboog")
    services.case_add_note(case=case, actor=worker, text="Moeder klonk erg gespannen.")
    services.case_message_to_parent(case=case, actor=worker, text="Kunnen we maandag bellen?")
    client.force_login(case.parent)

    content = client.get(_detail(case)).content.decode()

    assert "Mijn kind zit al twee weken thuis." in content
    assert "De Regenboog" in content
    assert "8 tot 12 jaar" in content
    assert "In behandeling" in content
    assert "Kunnen we maandag bellen?" in content
    assert "Moeder klonk erg gespannen." not in content
    assert "Interne notitie" not in content


def test_timeline_says_who_wrote_it(client):
    case, _consent, followup, _worker = _case_with_followup()
    services.followup_answer(
        followup=followup, answer="We plannen een gesprek in.", via=FollowUp.Channel.LINK
    )
    services.parent_reply(case=case, parent=case.parent, text="Fijn, dank jullie wel.")
    client.force_login(case.parent)

    response = client.get(_detail(case))

    entries = {entry.text: entry.who for entry in response.context["timeline"] if entry.text}
    assert entries["We plannen een gesprek in."] == "Basisschool De Linde"
    assert entries["Fijn, dank jullie wel."] == "Jij"
    assert entries["Wilt u het ontwikkelingsperspectief met de ouder bespreken?"] == (
        "Oudersteunpunt"
    )
    assert "Antwoord van Basisschool De Linde" in response.content.decode()


def test_parent_reply_lands_on_the_timeline_and_reaches_the_coordinator(
    client, django_capture_on_commit_callbacks
):
    case, worker = _assigned_case()
    case = services.case_transition(case=case, to_status=S.WAITING_FOR_PARENT, actor=worker)
    client.force_login(case.parent)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("casussen:portal_reply", args=[case.pk]),
            {"text": "Het gesprek op school was gisteren."},
            follow=True,
        )

    case.refresh_from_db()
    content = response.content.decode()
    assert case.status == S.IN_PROGRESS
    assert case.events.filter(
        kind=CaseEvent.Kind.MESSAGE_FROM_PARENT, text="Het gesprek op school was gisteren."
    ).exists()
    assert "Je bericht is verstuurd." in content
    assert "Het gesprek op school was gisteren." in content
    assert [message.to for message in mail.outbox] == [["coordinator@steunpunt.example.nl"]]


def test_empty_reply_is_refused_in_dutch_and_stores_nothing(client):
    case = make_case()
    client.force_login(case.parent)
    events_before = case.events.count()

    response = client.post(reverse("casussen:portal_reply", args=[case.pk]), {"text": "   "})

    assert response.status_code == 400
    assert "Schrijf eerst je bericht." in response.content.decode()
    assert case.events.count() == events_before


def test_reply_to_a_closed_case_says_why_and_keeps_the_text(client):
    case = make_case()
    services.parent_withdraw(case=case, parent=case.parent)
    client.force_login(case.parent)

    response = client.post(
        reverse("casussen:portal_reply", args=[case.pk]), {"text": "Toch nog een vraag."}
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert "Deze vraag is afgesloten." in content
    assert "Toch nog een vraag." in content
    assert not case.events.filter(kind=CaseEvent.Kind.MESSAGE_FROM_PARENT).exists()


def test_withdraw_closes_the_case_and_tells_the_coordinator(
    client, django_capture_on_commit_callbacks
):
    case, _worker = _assigned_case()
    client.force_login(case.parent)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("casussen:portal_withdraw", args=[case.pk]),
            {"reason": "Het is opgelost met school."},
            follow=True,
        )

    case.refresh_from_db()
    content = response.content.decode()
    assert (case.status, case.resolution) == (S.CLOSED, Case.Resolution.WITHDRAWN)
    assert "Je vraag is ingetrokken." in content
    assert "Ja, trek mijn vraag in" not in content
    assert [message.to for message in mail.outbox] == [["coordinator@steunpunt.example.nl"]]


def test_withdrawing_twice_shows_a_message_not_an_error_page(client):
    case = make_case()
    services.parent_withdraw(case=case, parent=case.parent)
    client.force_login(case.parent)

    response = client.post(reverse("casussen:portal_withdraw", args=[case.pk]), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(_detail(case), 302)]
    assert "is al afgerond of ingetrokken" in response.content.decode()


def test_withdrawing_consent_stops_open_questions_to_that_organisation(
    client, django_capture_on_commit_callbacks
):
    case, consent, followup, _worker = _case_with_followup()
    client.force_login(case.parent)

    page = client.get(_detail(case)).content.decode()
    assert "Vragen die we nog bij Basisschool De Linde hebben uitstaan, stoppen we." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("casussen:portal_consent_withdraw", args=[case.pk, consent.pk]), follow=True
        )

    consent.refresh_from_db()
    followup.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert followup.status == FollowUp.Status.CANCELLED
    assert "Je toestemming voor Basisschool De Linde is ingetrokken." in response.content.decode()
    assert ["zorg@linde.example.nl"] in [message.to for message in mail.outbox]


def test_parent_gives_consent_in_the_portal(client):
    case = make_case()
    wijkteam = OrganisationFactory(name="Wijkteam Noord", kind="wijkteam")
    client.force_login(case.parent)

    form_page = client.get(_detail(case)).content.decode()
    response = client.post(
        reverse("casussen:portal_consent", args=[case.pk]),
        {"organisation": wijkteam.pk, "purpose": ""},
        follow=True,
    )

    consent = case.consents.get()
    assert "Wijkteam Noord" in form_page
    assert (consent.organisation, consent.method, consent.recorded_by) == (
        wijkteam,
        Consent.Method.PORTAL,
        case.parent,
    )
    assert consent.purpose == "Contact opnemen over deze vraag of klacht"
    assert "We mogen nu contact opnemen met Wijkteam Noord" in response.content.decode()


def test_organisation_with_consent_is_no_longer_offered(client):
    # The empty consent field is cached (as_cached_crispy_field); its key holds the
    # organisations offered, so the page after the consent shows the new list.
    case = make_case()
    wijkteam = OrganisationFactory(name="Wijkteam Noord", kind="wijkteam")
    OrganisationFactory(name="Jeugdarts Zuid", kind="wijkteam")
    client.force_login(case.parent)
    option = f'<option value="{wijkteam.pk}">Wijkteam Noord'
    assert option in client.get(_detail(case)).content.decode()

    client.post(
        reverse("casussen:portal_consent", args=[case.pk]),
        {"organisation": wijkteam.pk, "purpose": ""},
    )
    html = client.get(_detail(case)).content.decode()

    assert option not in html
    assert ">Jeugdarts Zuid" in html


def test_reply_with_an_error_keeps_the_text_in_the_cached_form(client):
    case = make_case()
    client.force_login(case.parent)
    client.get(_detail(case))  # the empty reply field is now cached

    response = client.post(reverse("casussen:portal_reply", args=[case.pk]), {"text": "x" * 5001})

    assert response.status_code == 400
    assert "x" * 5001 in response.content.decode()


def test_consent_without_an_organisation_is_refused_in_dutch(client):
    case = make_case()
    client.force_login(case.parent)

    response = client.post(reverse("casussen:portal_consent", args=[case.pk]), {"purpose": "x"})

    assert response.status_code == 400
    assert "Kies de school of organisatie." in response.content.decode()
    assert not case.consents.exists()


def test_attachment_downloads_with_safe_headers(client, shared_case):
    attachment = shared_case.attachments.get()
    client.force_login(shared_case.parent)

    response = client.get(reverse("casussen:attachment", args=[shared_case.pk, attachment.pk]))

    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="brief.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    page = client.get(_detail(shared_case)).content.decode()
    assert reverse("casussen:attachment", args=[shared_case.pk, attachment.pk]) in page


def test_resolved_case_links_to_the_evaluation_until_it_is_filled_in(client, time_machine):
    # The link carries the second it was signed in: the page's must be signed in the same.
    time_machine.move_to(timezone.now(), tick=False)
    case, worker = _assigned_case()
    services.case_transition(
        case=case, to_status=S.RESOLVED, actor=worker, resolution=Case.Resolution.ANSWERED
    )
    evaluation = case.evaluation
    client.force_login(case.parent)
    link = reverse("casussen:evaluation", args=[services.evaluation_token(evaluation)])

    assert link in client.get(_detail(case)).content.decode()
    services.evaluation_submit(evaluation=evaluation, satisfaction=4, topics={})
    assert link not in client.get(_detail(case)).content.decode()
