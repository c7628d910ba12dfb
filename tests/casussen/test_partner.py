from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from casussen import services
from casussen.deadlines import add_working_days
from casussen.models import Case, CaseEvent, Consent, FollowUp
from steunpunt.deadlines import is_working_day
from tests.factories import OrganisationFactory, UserFactory, coordinator, make_case

pytestmark = pytest.mark.django_db

STORY = "Mijn kind zit al twee weken thuis en school belt niet terug."
PARENT_EMAIL = "ouder.geheim@test.example.nl"
PARENT_NAME = "Anna de Vries"
REQUEST = "Wilt u een gesprek plannen met de ouder en de intern begeleider?"
ANSWER = "Het gesprek is gepland op dinsdag. De intern begeleider belt de ouder."


@pytest.fixture
def school():
    return OrganisationFactory(name="Basisschool De Regenboog")


@pytest.fixture
def worker():
    return coordinator(email="coordinator@steunpunt.example.nl")


def _followup(*, school, worker, case=None, request=REQUEST, days=7) -> FollowUp:
    case = case or make_case(
        description=STORY, email=PARENT_EMAIL, phone="0612345678", age_band="8-12", school=school
    )
    services.consent_give(case=case, organisation=school, method=Consent.Method.PHONE, actor=worker)
    return services.followup_create(
        case=case,
        organisation=school,
        request=request,
        due_date=add_working_days(timezone.localdate(), days),
        actor=worker,
    )


@pytest.fixture
def followup(school, worker):
    followup = _followup(school=school, worker=worker)
    followup.case.parent.name = PARENT_NAME
    followup.case.parent.save(update_fields=["name"])
    return followup


def _link(followup: FollowUp) -> str:
    return reverse("casussen:followup_answer", args=[services.followup_token(followup)])


def _partner(organisation, **kwargs):
    return UserFactory(roles=["partner"], organisation=organisation, **kwargs)


# --- The link in the email -------------------------------------------------------------


def test_link_shows_what_is_asked_and_nothing_of_the_parent(client, followup, site_settings):
    response = client.get(_link(followup))

    content = response.content.decode()
    assert response.status_code == 200
    assert site_settings.name in content
    assert followup.case.reference in content
    assert REQUEST in content
    assert "8 tot 12 jaar" in content
    assert "Basisschool De Regenboog" in content
    assert 'for="id_answer"' in content
    for secret in (PARENT_EMAIL, STORY, "0612345678", PARENT_NAME):
        assert secret not in content
    assert "te laat" not in content


def test_link_page_is_not_indexed_and_sends_no_referrer(client, followup):
    response = client.get(_link(followup))

    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Robots-Tag"] == "noindex"


def test_partner_answers_through_the_link(
    client, followup, worker, django_capture_on_commit_callbacks
):
    services.case_assign(case=followup.case, coordinator=worker, actor=worker)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_link(followup), {"answer": ANSWER})

    assert response.status_code == 302
    assert response.headers["Referrer-Policy"] == "same-origin"
    followup.refresh_from_db()
    assert (followup.status, followup.answer, followup.answered_via) == (
        FollowUp.Status.ANSWERED,
        ANSWER,
        FollowUp.Channel.LINK,
    )
    assert followup.answered_by is None
    event = followup.case.events.get(kind=CaseEvent.Kind.FOLLOWUP_ANSWERED)
    assert event.text == ANSWER
    followup.case.refresh_from_db()
    assert followup.case.status == Case.Status.IN_PROGRESS
    assert [message.to for message in mail.outbox] == [["coordinator@steunpunt.example.nl"]]

    thanks = client.get(response.url).content.decode()
    assert "Dank u, uw antwoord is ontvangen" in thanks
    assert ANSWER in thanks
    assert 'name="answer"' not in thanks


def test_answer_without_assigned_coordinator_goes_to_all_coordinators(
    client, followup, worker, django_capture_on_commit_callbacks
):
    other = coordinator(email="tweede@steunpunt.example.nl")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_link(followup), {"answer": ANSWER})

    assert followup.case.assigned_to is None
    assert [message.to for message in mail.outbox] == [sorted([worker.email, other.email])]


def test_answering_twice_is_refused_and_stores_nothing_new(client, followup):
    client.post(_link(followup), {"answer": ANSWER})

    response = client.post(_link(followup), {"answer": "Toch nog iets anders."})

    content = response.content.decode()
    assert response.status_code == 409
    assert "Deze vraag is al beantwoord" in content
    assert "Toch nog iets anders." in content  # shown back, so the text is not lost
    followup.refresh_from_db()
    assert followup.answer == ANSWER
    assert followup.case.events.filter(kind=CaseEvent.Kind.FOLLOWUP_ANSWERED).count() == 1


def test_empty_answer_is_refused_in_dutch_and_nothing_is_stored(client, followup):
    response = client.post(_link(followup), {"answer": "   "})

    assert response.status_code == 400
    assert "Schrijf eerst uw antwoord." in response.content.decode()
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.OPEN
    assert not followup.case.events.filter(kind=CaseEvent.Kind.FOLLOWUP_ANSWERED).exists()


def test_tampered_link_is_not_found(client, followup):
    token = services.followup_token(followup)

    response = client.get(reverse("casussen:followup_answer", args=[token[:-2] + "xx"]))

    assert response.status_code == 404


def test_link_with_a_new_nonce_is_not_found(client, followup):
    old = _link(followup)
    FollowUp.objects.filter(pk=followup.pk).update(link_nonce="0" * 32)

    assert client.get(old).status_code == 404


def test_expired_link_says_how_to_reach_the_steunpunt(client, followup, site_settings, settings):
    url = _link(followup)
    later = timezone.now() + timedelta(days=settings.FOLLOWUP_LINK_MAX_AGE_DAYS + 1)

    with time_machine.travel(later):
        response = client.get(url)
        posted = client.post(url, {"answer": ANSWER})

    content = response.content.decode()
    assert response.status_code == 410
    assert posted.status_code == 410
    assert "Deze link werkt niet meer" in content
    assert site_settings.phone in content
    assert site_settings.email in content
    assert REQUEST not in content
    assert response.headers["Referrer-Policy"] == "same-origin"
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.OPEN


def test_cancelled_followup_shows_no_form_and_no_details(client, followup, worker):
    services.followup_cancel(followup=followup, actor=worker, reason="Opgelost met de ouder.")

    response = client.get(_link(followup))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Deze vraag is niet meer nodig" in content
    assert REQUEST not in content
    assert 'name="answer"' not in content


def test_answer_to_a_cancelled_followup_is_refused(client, followup, worker):
    services.followup_cancel(followup=followup, actor=worker, reason="Opgelost met de ouder.")

    response = client.post(_link(followup), {"answer": ANSWER})

    assert response.status_code == 409
    assert "niet meer nodig" in response.content.decode()
    followup.refresh_from_db()
    assert followup.answer == ""


def test_overdue_followup_says_it_is_late(client, followup):
    # The day after the answer was due, whatever weekends and holidays lie before it.
    days_to_due = (followup.due_date - timezone.localdate()).days
    with time_machine.travel(timezone.now() + timedelta(days=days_to_due + 1)):
        response = client.get(_link(followup))

    assert "te laat" in response.content.decode()


def test_link_answers_are_rate_limited_per_address(client, followup, settings):
    settings.FOLLOWUP_LINK_ANSWERS_PER_HOUR = 1
    client.post(_link(followup), {"answer": ""})

    response = client.post(_link(followup), {"answer": ANSWER})

    content = response.content.decode()
    assert response.status_code == 429
    assert "Wacht een uur" in content
    assert ANSWER in content
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.OPEN


def test_signed_in_partner_answering_by_link_is_recorded(client, followup, school):
    partner = _partner(school)
    client.force_login(partner)

    client.post(_link(followup), {"answer": ANSWER})

    followup.refresh_from_db()
    assert followup.answered_by == partner


# --- The partner portal ----------------------------------------------------------------


def test_portal_lists_open_first_by_due_date_then_answered(client, school, worker):
    late = _followup(school=school, worker=worker, request="Vraag met de verste datum", days=20)
    soon = _followup(school=school, worker=worker, request="Vraag met de eerste datum", days=3)
    done = _followup(school=school, worker=worker, request="Vraag die al klaar is", days=5)
    services.followup_answer(followup=done, answer=ANSWER, via=FollowUp.Channel.LINK)
    client.force_login(_partner(school))

    content = client.get(reverse("casussen:partner")).content.decode()

    positions = [content.index(f.case.reference) for f in (soon, late, done)]
    assert positions == sorted(positions)
    assert "Beantwoord" in content


def test_portal_shows_only_the_partners_own_organisation(client, followup, school, worker):
    elsewhere = _followup(school=OrganisationFactory(), worker=worker)
    client.force_login(_partner(school))

    content = client.get(reverse("casussen:partner")).content.decode()

    assert followup.case.reference in content
    assert elsewhere.case.reference not in content
    assert PARENT_EMAIL not in content
    assert STORY not in content


def test_withdrawn_consent_takes_the_followup_off_the_list(client, followup, school, worker):
    client.force_login(_partner(school))
    services.consent_withdraw(consent=followup.consent, actor=worker)

    content = client.get(reverse("casussen:partner")).content.decode()

    assert followup.case.reference not in content
    detail = reverse("casussen:partner_followup", args=[followup.pk])
    assert client.get(detail).status_code == 404


def test_withdrawn_consent_hides_an_answered_followup_behind_the_link(client, followup, worker):
    services.followup_answer(followup=followup, answer=ANSWER, via=FollowUp.Channel.LINK)
    services.consent_withdraw(consent=followup.consent, actor=worker)

    content = client.get(_link(followup)).content.decode()

    assert "Deze vraag is niet meer nodig" in content
    assert REQUEST not in content
    assert ANSWER not in content


def test_portal_query_count_does_not_grow_with_rows(
    client, school, worker, django_assert_max_num_queries
):
    case = make_case(school=school)
    for _ in range(3):
        _followup(school=school, worker=worker, case=case)
    client.force_login(_partner(school))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("casussen:partner"))
    for _ in range(7):
        _followup(school=school, worker=worker, case=case)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("casussen:partner"))

    assert response.content.decode().count(case.reference) == 10


def test_portal_pages_by_25_open_first_by_due_date(client, school, worker):
    case = make_case(school=school)
    services.consent_give(case=case, organisation=school, method=Consent.Method.PHONE, actor=worker)
    # Thirty working days from tomorrow (a follow-up is due on a working day), created
    # last one first so that the order is the due date's, not the id's.
    days, day = [], timezone.localdate()
    while len(days) < 30:
        day += timedelta(days=1)
        if is_working_day(day):
            days.append(day)
    due = {}
    for number in range(30, 0, -1):
        due[number] = services.followup_create(
            case=case,
            organisation=school,
            request=f"Vraag nummer {number:02d} voor de school",
            due_date=days[number - 1],
            actor=worker,
        )
    services.followup_answer(followup=due[30], answer=ANSWER, via=FollowUp.Channel.LINK)
    client.force_login(_partner(school))

    first = client.get(reverse("casussen:partner")).content.decode()
    second = client.get(reverse("casussen:partner"), {"pagina": 2}).content.decode()

    assert [f"Vraag nummer {days:02d}" in first for days in (1, 25, 26)] == [True, True, False]
    assert first.index("Vraag nummer 01") < first.index("Vraag nummer 25")
    assert 'href="?pagina=2"' in first
    assert "Pagina 1 van 2" in first
    assert "Vraag nummer 26" in second
    assert second.index("Vraag nummer 29") < second.index("Eerdere vragen")
    assert "Vraag nummer 30" in second.split("Eerdere vragen")[1]
    assert "Er wacht nu geen vraag" not in second


def test_portal_page_out_of_range_shows_the_last_page(client, followup, school):
    client.force_login(_partner(school))

    response = client.get(reverse("casussen:partner"), {"pagina": "99"})

    assert response.status_code == 200
    assert followup.case.reference in response.content.decode()


def test_portal_page_query_count_is_pinned_at_a_full_page(
    client, school, worker, django_assert_max_num_queries
):
    case = make_case(school=school)
    for _ in range(30):
        _followup(school=school, worker=worker, case=case)
    client.force_login(_partner(school))

    with django_assert_max_num_queries(5):
        response = client.get(reverse("casussen:partner"))

    assert response.content.decode().count(f">{case.reference}</a>") == 25


def test_partner_answers_in_the_portal(client, followup, school):
    partner = _partner(school)
    client.force_login(partner)
    url = reverse("casussen:partner_followup", args=[followup.pk])

    response = client.post(url, {"answer": ANSWER}, follow=True)

    content = response.content.decode()
    assert response.redirect_chain == [(url, 302)]
    assert "Dank u, uw antwoord is ontvangen." in content
    assert ANSWER in content
    followup.refresh_from_db()
    assert (followup.status, followup.answered_via, followup.answered_by) == (
        FollowUp.Status.ANSWERED,
        FollowUp.Channel.PORTAL,
        partner,
    )


def test_portal_answer_twice_is_refused(client, followup, school):
    client.force_login(_partner(school))
    url = reverse("casussen:partner_followup", args=[followup.pk])
    client.post(url, {"answer": ANSWER})

    response = client.post(url, {"answer": "Nog een antwoord."})

    assert response.status_code == 409
    followup.refresh_from_db()
    assert followup.answer == ANSWER


def test_portal_empty_answer_keeps_the_page(client, followup, school):
    client.force_login(_partner(school))

    response = client.post(reverse("casussen:partner_followup", args=[followup.pk]), {"answer": ""})

    assert response.status_code == 400
    assert "Schrijf eerst uw antwoord." in response.content.decode()


def _role_users(followup, school):
    return {
        "partner": lambda: _partner(school),
        "partner_elsewhere": lambda: _partner(OrganisationFactory()),
        "partner_without_organisation": lambda: UserFactory(roles=["partner"]),
        "parent_of_case": lambda: followup.case.parent,
        "other_parent": lambda: UserFactory(),
        "buddy": lambda: UserFactory(roles=["buddy"]),
        "coordinator": lambda: coordinator(),
        "school_staff_without_role": lambda: UserFactory(organisation=school),
    }


@pytest.mark.parametrize(
    ("who", "list_status", "detail_status"),
    [
        ("partner", 200, 200),
        ("partner_elsewhere", 200, 404),
        ("partner_without_organisation", 404, 404),
        ("parent_of_case", 404, 404),
        ("other_parent", 404, 404),
        ("buddy", 404, 404),
        ("coordinator", 404, 404),
        ("school_staff_without_role", 404, 404),
    ],
)
def test_role_matrix(client, followup, school, who, list_status, detail_status):
    client.force_login(_role_users(followup, school)[who]())

    listing = client.get(reverse("casussen:partner"))
    detail = client.get(reverse("casussen:partner_followup", args=[followup.pk]))
    posted = client.post(
        reverse("casussen:partner_followup", args=[followup.pk]), {"answer": ANSWER}
    )

    assert (listing.status_code, detail.status_code) == (list_status, detail_status)
    if detail_status == 404:
        assert posted.status_code == 404
        followup.refresh_from_db()
        assert followup.status == FollowUp.Status.OPEN


def test_anonymous_visitor_is_sent_to_login(client, followup):
    for url in (
        reverse("casussen:partner"),
        reverse("casussen:partner_followup", args=[followup.pk]),
    ):
        response = client.get(url)

        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("broken", ["cut", "tampered", "nonsense"])
def test_wrong_link_says_what_happened_and_how_to_reach_us(client, followup, site_settings, broken):
    token = services.followup_token(followup)
    token = {"cut": token[:-6], "tampered": token[:-2] + "xx", "nonsense": "abc"}[broken]

    response = client.get(reverse("casussen:followup_answer", args=[token]))

    content = response.content.decode()
    assert response.status_code == 404
    assert "Deze link werkt niet" in content
    assert "nieuwere link" in content
    assert site_settings.phone in content
    assert site_settings.email in content
    assert reverse("casussen:partner") in content
    assert REQUEST not in content
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_replaced_link_says_a_newer_one_was_sent(client, followup, site_settings):
    old = _link(followup)
    FollowUp.objects.filter(pk=followup.pk).update(link_nonce="0" * 32)

    response = client.get(old)

    assert response.status_code == 404
    assert "gebruik dan de link uit die e-mail" in response.content.decode()
    assert "no-store" in response.headers["Cache-Control"]


def test_wrong_link_refuses_an_answer_too(client, followup):
    response = client.post(
        reverse("casussen:followup_answer", args=["abc"]), {"answer": "Mijn antwoord."}
    )

    assert response.status_code == 404
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.OPEN
