"""Match support: goals and expected contact, the buddy's contact log, check-ins that look
back at the goals, the closure of a match (a new buddy for the parent, a rest for the
buddy), the quiet matches on the work queue, and who sees which page."""

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from oudernetwerk import services
from oudernetwerk.models import (
    BuddyRequest,
    CheckIn,
    GoalReview,
    Match,
    MatchAgreement,
    MatchClosure,
    MatchContact,
)
from oudernetwerk.work_queue import entries
from steunpunt import erasure, retention
from steunpunt.models import AccessEvent
from steunpunt.work_queue import work_queue_for
from tests.factories import (
    BuddyProfileFactory,
    BuddyRequestFactory,
    MatchFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
    editor,
)
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
TODAY = NOW.date()
NOTE = "Moeder klinkt moe, school belt niet terug"
BUDDY_WHAT_HELPED = "Samen de brief aan school schrijven"


@pytest.fixture
def people(site_settings):
    town = MunicipalityFactory()
    parent = UserFactory(email="ouder@test.example.nl", name="Sanne")
    profile = BuddyProfileFactory(
        user__email="buddy@test.example.nl", user__name="Fatima", municipalities=[town]
    )
    request = BuddyRequestFactory(parent=parent, municipality=town, themes=[ThemeFactory()])
    return {
        "parent": parent,
        "buddy": profile.user,
        "profile": profile,
        "request": request,
        "other_buddy": BuddyProfileFactory().user,
        "other_parent": UserFactory(),
        "partner": UserFactory(roles=["partner"], organisation=OrganisationFactory()),
        "coordinator": coordinator(email="coordinator@test.example.nl"),
        "editor": editor(),
    }


def _match(people, status="active", **fields) -> Match:
    defaults = {
        "answered_at": NOW - timedelta(days=20),
        "started_at": NOW - timedelta(days=18) if status in ("active", "ended") else None,
    }
    return MatchFactory(
        request=people["request"], buddy=people["profile"], status=status, **{**defaults, **fields}
    )


def _mails_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def _goals(match, actor, goals=("Weten wat ik op school kan vragen",), frequency="weekly"):
    return services.agreement_save(
        match=match, actor=actor, goals=list(goals), contact_frequency=frequency
    )


# --- Who sees which page ------------------------------------------------------------------------

PAGES = ["match_goals", "match_contacts", "match_close"]

EXPECTED = {
    # who: (goals, contacts, close)
    "parent": (200, 404, 200),
    "buddy": (200, 200, 200),
    "other_parent": (404, 404, 404),
    "other_buddy": (404, 404, 404),
    "partner": (404, 404, 404),
    "coordinator": (404, 404, 404),  # coordinators use the admin
    "editor": (404, 404, 404),
}


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("who", list(EXPECTED))
@pytest.mark.parametrize("page", PAGES)
def test_role_matrix_of_the_support_pages(client, people, who, page):
    match = _match(people)
    client.force_login(people[who])
    response = client.get(reverse(f"oudernetwerk:{page}", args=[match.pk]))
    assert response.status_code == EXPECTED[who][PAGES.index(page)]
    if response.status_code == 200:
        assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_sign_in(client, people, page):
    match = _match(people)
    response = client.get(reverse(f"oudernetwerk:{page}", args=[match.pk]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("page", PAGES)
def test_no_support_pages_for_a_proposal(client, people, page):
    match = _match(people, "proposed", answered_at=None)
    client.force_login(people["buddy"])
    assert client.get(reverse(f"oudernetwerk:{page}", args=[match.pk])).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_match_page_links_to_goals_and_only_the_buddy_to_the_contact_log(client, people):
    match = _match(people)
    client.force_login(people["buddy"])
    content = client.get(reverse("oudernetwerk:match", args=[match.pk])).content.decode()
    assert reverse("oudernetwerk:match_goals", args=[match.pk]) in content
    assert reverse("oudernetwerk:match_contacts", args=[match.pk]) in content
    assert reverse("oudernetwerk:match_close", args=[match.pk]) in content
    client.force_login(people["parent"])
    content = client.get(reverse("oudernetwerk:match", args=[match.pk])).content.decode()
    assert reverse("oudernetwerk:match_goals", args=[match.pk]) in content
    assert reverse("oudernetwerk:match_contacts", args=[match.pk]) not in content


# --- Goals and expected contact ---------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_parent_writes_goals_and_the_buddy_is_asked_to_confirm(
    client, people, django_capture_on_commit_callbacks
):
    match = _match(people)
    client.force_login(people["parent"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("oudernetwerk:match_goals", args=[match.pk]),
            {
                "goal_1": "Weten wat ik op school kan vragen",
                "goal_2": "  Minder alleen  voelen ",
                "goal_3": "",
                "contact_frequency": "fortnightly",
            },
        )
    assert response.status_code == 302
    agreement = MatchAgreement.objects.get(match=match)
    assert [goal.text for goal in agreement.goals.all()] == [
        "Weten wat ik op school kan vragen",
        "Minder alleen voelen",
    ]
    assert agreement.contact_frequency == "fortnightly"
    assert agreement.written_by == people["parent"]
    assert not agreement.is_confirmed
    (message,) = mail.outbox
    assert message.to == ["buddy@test.example.nl"]
    assert "Minder alleen voelen" in message.body
    assert reverse("oudernetwerk:match_goals", args=[match.pk]) in message.body


@time_machine.travel(NOW, tick=False)
def test_both_sides_see_the_goals_and_the_other_side_confirms(client, people):
    match = _match(people)
    agreement = _goals(match, people["parent"])
    client.force_login(people["buddy"])
    content = client.get(reverse("oudernetwerk:match_goals", args=[match.pk])).content.decode()
    assert "Weten wat ik op school kan vragen" in content
    assert reverse("oudernetwerk:match_goals_confirm", args=[match.pk]) in content

    response = client.post(
        reverse("oudernetwerk:match_goals_confirm", args=[match.pk]),
        {"version": agreement.version},
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.confirmed_by == people["buddy"]
    client.force_login(people["parent"])
    content = client.get(reverse("oudernetwerk:match_goals", args=[match.pk])).content.decode()
    assert "Bevestigd" in content


@time_machine.travel(NOW, tick=False)
def test_the_writer_cannot_confirm_their_own_goals(people):
    match = _match(people)
    agreement = _goals(match, people["parent"])
    with pytest.raises(services.ActionRefusedError, match="De ander bevestigt"):
        services.agreement_confirm(match=match, actor=people["parent"], version=agreement.version)


@time_machine.travel(NOW, tick=False)
def test_a_confirmation_of_an_older_wording_is_refused(people):
    match = _match(people)
    _goals(match, people["parent"])
    _goals(match, people["parent"], goals=["Iets anders"])
    with pytest.raises(services.ActionRefusedError, match="net veranderd"):
        services.agreement_confirm(match=match, actor=people["buddy"], version=1)


@time_machine.travel(NOW, tick=False)
def test_a_change_asks_again_and_the_same_words_change_nothing(
    people, django_capture_on_commit_callbacks
):
    match = _match(people)
    with django_capture_on_commit_callbacks(execute=True):
        agreement = _goals(match, people["parent"])
    services.agreement_confirm(match=match, actor=people["buddy"], version=1)
    with django_capture_on_commit_callbacks(execute=True):
        _goals(match, people["parent"])  # the same words again
    agreement.refresh_from_db()
    assert agreement.version == 1
    assert agreement.is_confirmed
    assert len(mail.outbox) == 1

    with django_capture_on_commit_callbacks(execute=True):
        _goals(match, people["buddy"], goals=["Weten wat ik op school kan vragen", "Een plan"])
    agreement.refresh_from_db()
    assert agreement.version == 2
    assert not agreement.is_confirmed
    assert [message.to for message in mail.outbox] == [
        ["buddy@test.example.nl"],
        ["ouder@test.example.nl"],
    ]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("status", ["accepted", "ended"])
def test_goals_only_on_an_active_match(people, status):
    match = _match(people, status, ended_at=NOW if status == "ended" else None)
    with pytest.raises(services.ActionRefusedError, match="zolang de koppeling loopt"):
        _goals(match, people["parent"])
    assert not MatchAgreement.objects.exists()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("who", ["other_parent", "other_buddy", "coordinator"])
def test_goals_only_by_the_two_sides(people, who):
    match = _match(people)
    with pytest.raises(services.ActionRefusedError):
        _goals(match, people[who])
    assert not MatchAgreement.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_goals_form_errors_in_dutch_and_keeps_what_was_typed(client, people):
    match = _match(people)
    client.force_login(people["buddy"])
    response = client.post(
        reverse("oudernetwerk:match_goals", args=[match.pk]),
        {"goal_1": "", "goal_2": "Samen naar het gesprek", "goal_3": "x" * 301},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Schrijf minstens één doel op." in content
    assert "Dit doel is te lang" in content
    assert "Kies hoe vaak jullie contact willen hebben." in content
    assert "Samen naar het gesprek" in content
    assert not MatchAgreement.objects.exists()


def test_six_goals_are_too_many():
    with pytest.raises(services.ValidationError, match="hoogstens 5"):
        services.support.clean_goals([f"doel {n}" for n in range(6)])


# --- The contact log --------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_buddy_logs_a_contact_in_a_few_taps(client, people):
    match = _match(people)
    client.force_login(people["buddy"])
    page = client.get(reverse("oudernetwerk:match_contacts", args=[match.pk]))
    assert page.context["form"]["contact_date"].value() == TODAY  # today by default
    response = client.post(
        reverse("oudernetwerk:match_contacts", args=[match.pk]),
        {"contact_date": TODAY.isoformat(), "how": "phone", "note": NOTE},
    )
    assert response.status_code == 302
    contact = MatchContact.objects.get(match=match)
    assert (contact.contact_date, contact.how, contact.note) == (TODAY, "phone", NOTE)
    assert contact.logged_by == people["buddy"]
    content = client.get(reverse("oudernetwerk:match_contacts", args=[match.pk])).content.decode()
    assert "Gebeld" in content


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("who", ["parent", "other_buddy", "coordinator"])
def test_only_the_matchs_buddy_logs_contacts(people, who):
    match = _match(people)
    with pytest.raises(services.ActionRefusedError, match="Alleen de buddy"):
        services.contact_log(match=match, actor=people[who], contact_date=TODAY, how="visit")
    assert not MatchContact.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_parent_cannot_post_a_contact(client, people):
    match = _match(people)
    client.force_login(people["parent"])
    response = client.post(
        reverse("oudernetwerk:match_contacts", args=[match.pk]),
        {"contact_date": TODAY.isoformat(), "how": "phone"},
    )
    assert response.status_code == 404
    assert not MatchContact.objects.exists()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("status", ["accepted", "ended"])
def test_contacts_only_while_the_match_is_active(people, status):
    match = _match(people, status, ended_at=NOW if status == "ended" else None)
    with pytest.raises(services.ActionRefusedError, match="zolang de koppeling loopt"):
        services.contact_log(match=match, actor=people["buddy"], contact_date=TODAY, how="phone")


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("day", "message"),
    [
        (TODAY + timedelta(days=1), "Kies een datum van vandaag of eerder."),
        (TODAY - timedelta(days=60), "toen begon jullie koppeling"),
    ],
)
def test_a_contact_date_in_the_future_or_before_the_match_is_refused(client, people, day, message):
    match = _match(people)
    client.force_login(people["buddy"])
    response = client.post(
        reverse("oudernetwerk:match_contacts", args=[match.pk]),
        {"contact_date": day.isoformat(), "how": "visit", "note": NOTE},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert NOTE in content  # nothing typed is lost
    assert not MatchContact.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_contact_needs_a_date_and_a_way(client, people):
    match = _match(people)
    client.force_login(people["buddy"])
    response = client.post(
        reverse("oudernetwerk:match_contacts", args=[match.pk]), {"contact_date": "gisteren"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Vul een datum in" in content
    assert "Kies hoe jullie contact hadden." in content


@time_machine.travel(NOW, tick=False)
def test_the_note_is_never_shown_to_the_parent(client, people):
    match = _match(people)
    _goals(match, people["parent"])
    services.contact_log(
        match=match, actor=people["buddy"], contact_date=TODAY, how="message", note=NOTE
    )
    checkin = CheckIn.objects.create(match=match, respondent="parent", round=1, due_at=NOW)
    client.force_login(people["parent"])
    for url in [
        reverse("oudernetwerk:match", args=[match.pk]),
        reverse("oudernetwerk:match_goals", args=[match.pk]),
        reverse("oudernetwerk:match_close", args=[match.pk]),
        reverse("oudernetwerk:checkin", args=[checkin.pk]),
        reverse("casussen:portal"),
        reverse("personal_data_download", args=["json"]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert NOTE not in body.decode(), url
    # The event of the contact names the date and the way, never the note.
    assert NOTE not in str(list(match.events.values_list("text", "data")))


@time_machine.travel(NOW, tick=False)
def test_the_coordinator_reads_the_note_in_the_admin(client, people):
    match = _match(people)
    services.contact_log(
        match=match, actor=people["buddy"], contact_date=TODAY, how="message", note=NOTE
    )
    _goals(match, people["parent"])
    client.force_login(people["coordinator"])
    response = client.get(reverse("admin:oudernetwerk_match_change", args=[match.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert NOTE in content
    assert "Weten wat ik op school kan vragen" in content
    assert "Elke week" in content


@time_machine.travel(NOW, tick=False)
def test_contact_log_page_queries_do_not_grow_with_the_contacts(client, people):
    match = _match(people)
    client.force_login(people["buddy"])
    url = reverse("oudernetwerk:match_contacts", args=[match.pk])
    services.contact_log(match=match, actor=people["buddy"], contact_date=TODAY, how="phone")
    few, _html = page_queries(client, url)
    for days in range(1, 15):
        services.contact_log(
            match=match, actor=people["buddy"], contact_date=TODAY - timedelta(days), how="visit"
        )
    many, html = page_queries(client, url)
    assert html.count("· Afgesproken of op bezoek") == 14
    assert many == few


# --- Access log ---------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_reading_the_goals_is_logged_for_the_other_side(client, people):
    match = _match(people)
    _goals(match, people["parent"])
    client.force_login(people["buddy"])
    client.get(reverse("oudernetwerk:match_goals", args=[match.pk]))
    (event,) = AccessEvent.objects.filter(actor=people["buddy"])
    assert event.subject_id == people["parent"].pk
    client.get(reverse("oudernetwerk:match_contacts", args=[match.pk]))
    assert AccessEvent.objects.filter(actor=people["buddy"], subject=people["parent"]).count() == 2


# --- Quiet matches on the work queue ----------------------------------------------------------

MATCHES = reverse("admin:oudernetwerk_match_changelist")


def _running(people, days_ago: int, frequency: str | None = None, last_contact=None) -> Match:
    match = MatchFactory(
        status="active",
        answered_at=NOW - timedelta(days=days_ago + 1),
        started_at=NOW - timedelta(days=days_ago),
    )
    if frequency:
        MatchAgreement.objects.create(match=match, contact_frequency=frequency)
    if last_contact is not None:
        MatchContact.objects.create(
            match=match, contact_date=TODAY - timedelta(days=last_contact), how="phone"
        )
    return match


@time_machine.travel(NOW, tick=False)
def test_quiet_matches_follow_the_expected_frequency_with_grace(client, people):
    quiet = {
        _running(people, 30, "weekly").pk,  # weekly, nothing in a month
        _running(people, 60, "weekly", last_contact=15).pk,
        _running(people, 60, "fortnightly", last_contact=22).pk,
        _running(people, 60, "monthly", last_contact=46).pk,
        _running(people, 50).pk,  # no agreement: counts as monthly
    }
    _running(people, 10, "weekly")  # just started
    _running(people, 60, "weekly", last_contact=14)  # within the grace
    _running(people, 60, "fortnightly", last_contact=21)
    _running(people, 60, "monthly", last_contact=45)
    _running(people, 40)
    MatchFactory(status="ended", started_at=NOW - timedelta(days=90), ended_at=NOW)
    MatchFactory(status="accepted", answered_at=NOW - timedelta(days=90))

    client.force_login(people["coordinator"])
    response = client.get(f"{MATCHES}?contact=stil")
    assert response.status_code == 200
    assert {match.pk for match in response.context["cl"].queryset} == quiet
    (entry,) = [
        e for e in work_queue_for(people["coordinator"], now=NOW) if "zonder contact" in e.label
    ]
    assert entry.count == len(quiet)
    assert entry.url == f"{MATCHES}?contact=stil"


@time_machine.travel(NOW, tick=False)
def test_a_logged_contact_takes_the_match_off_the_work_queue(people):
    match = _running(people, 30, "weekly")
    match.request.parent = people["parent"]
    assert services.quiet_matches(Match.objects.all(), TODAY).filter(pk=match.pk).exists()
    MatchContact.objects.create(match=match, contact_date=TODAY - timedelta(days=2), how="visit")
    assert not services.quiet_matches(Match.objects.all(), TODAY).filter(pk=match.pk).exists()


def test_the_quiet_entry_is_for_coordinators_only(people):
    for who in ["editor", "partner", "parent"]:
        assert entries(people[who], NOW) == []


@time_machine.travel(NOW, tick=False)
def test_the_quiet_list_queries_do_not_grow_with_the_matches(client, people):
    client.force_login(people["coordinator"])
    url = f"{MATCHES}?contact=stil"
    _running(people, 30, "weekly")
    few, _html = page_queries(client, url)
    for _n in range(8):
        _running(people, 30, "weekly", last_contact=20)
    many, _html = page_queries(client, url)
    assert many == few


# --- Check-ins look back at the goals ---------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_the_checkin_asks_per_goal_how_it_goes(client, people):
    match = _match(people)
    agreement = _goals(match, people["parent"], goals=["Weten wat ik kan vragen", "Rust thuis"])
    first, second = agreement.goals.all()
    checkin = CheckIn.objects.create(match=match, respondent="buddy", round=1, due_at=NOW)
    client.force_login(people["buddy"])
    url = reverse("oudernetwerk:checkin", args=[checkin.pk])
    content = client.get(url).content.decode()
    assert "Weten wat ik kan vragen" in content
    assert "Rust thuis" in content

    response = client.post(
        url, {"mood": "good", f"goal_review_{first.pk}": "good", "note": "Fijn zo"}
    )
    assert response.status_code == 400
    assert "Kies hoe het gaat met dit doel." in response.content.decode()
    assert "Fijn zo" in response.content.decode()
    checkin.refresh_from_db()
    assert checkin.answered_at is None

    response = client.post(
        url,
        {
            "mood": "good",
            f"goal_review_{first.pk}": "good",
            f"goal_review_{second.pk}": "not_yet",
        },
    )
    assert response.status_code == 200
    checkin.refresh_from_db()
    assert checkin.answered_at is not None
    assert dict(GoalReview.objects.values_list("goal_text", "progress")) == {
        "Weten wat ik kan vragen": "good",
        "Rust thuis": "not_yet",
    }
    # The coordinator reads the answers under the goals.
    client.force_login(people["coordinator"])
    content = client.get(
        reverse("admin:oudernetwerk_match_change", args=[match.pk])
    ).content.decode()
    assert "Lukt nog niet" in content


@time_machine.travel(NOW, tick=False)
def test_a_checkin_without_goals_asks_as_before(client, people):
    match = _match(people)
    checkin = CheckIn.objects.create(match=match, respondent="parent", round=1, due_at=NOW)
    client.force_login(people["parent"])
    response = client.post(reverse("oudernetwerk:checkin", args=[checkin.pk]), {"mood": "mixed"})
    assert response.status_code == 200
    checkin.refresh_from_db()
    assert checkin.mood == "mixed"
    assert not GoalReview.objects.exists()


# --- Closure ------------------------------------------------------------------------------------


def _close_data(**extra):
    return {
        "reason": "Het gaat nu goed",
        "mood": "good",
        "what_helped": "Dat ze mee ging naar school",
        "would_match_again": "yes",
        **extra,
    }


@time_machine.travel(NOW, tick=False)
def test_parent_closes_and_asks_for_a_new_buddy(client, people, django_capture_on_commit_callbacks):
    match = _match(people)
    agreement = _goals(match, people["buddy"])
    (goal,) = agreement.goals.all()
    mail.outbox.clear()
    client.force_login(people["parent"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("oudernetwerk:match_close", args=[match.pk]),
            _close_data(**{f"goal_review_{goal.pk}": "good", "wants_new_buddy": "on"}),
        )
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.status == Match.Status.ENDED
    assert match.end_reason == "Het gaat nu goed"
    closure = MatchClosure.objects.get(match=match)
    assert closure.respondent == "parent"
    assert closure.would_match_again == "yes"
    assert closure.what_helped == "Dat ze mee ging naar school"
    # A new request the coordinator sees, like the last one.
    new = closure.new_request
    assert new.status == BuddyRequest.Status.OPEN
    assert new.parent == people["parent"]
    assert new.municipality == people["request"].municipality
    assert set(new.themes.all()) == set(people["request"].themes.all())
    # The parent answered at once: only the buddy is asked how it went.
    parent_end = CheckIn.objects.get(match=match, respondent="parent", round=0)
    assert parent_end.answered_at is not None
    assert parent_end.mood == "good"
    buddy_mails = _mails_to("buddy@test.example.nl")
    assert [m.subject for m in buddy_mails] == ["Hoe ging het met je buddy-koppeling?"]
    parent_mails = _mails_to("ouder@test.example.nl")
    assert "Dank je wel voor jullie koppeling" in [m.subject for m in parent_mails]
    thanks = next(m for m in parent_mails if m.subject == "Dank je wel voor jullie koppeling")
    assert "nieuwe buddy" in thanks.body
    assert any("Het gaat nu goed" in m.body for m in _mails_to("coordinator@test.example.nl"))


@time_machine.travel(NOW, tick=False)
def test_closing_twice_is_refused(client, people):
    match = _match(people)
    services.match_close(
        match=match, actor=people["parent"], reason="Klaar", mood="good", would_match_again="no"
    )
    with pytest.raises(services.ActionRefusedError):
        services.match_close(
            match=match, actor=people["buddy"], reason="Klaar", mood="good", would_match_again="no"
        )
    client.force_login(people["parent"])
    response = client.get(reverse("oudernetwerk:match_close", args=[match.pk]))
    assert response.status_code == 302
    assert MatchClosure.objects.count() == 1
    checkin = CheckIn.objects.get(match=match, respondent="parent", round=0)
    with pytest.raises(services.ActionRefusedError):
        services.closure_answer(
            checkin=checkin, actor=people["parent"], mood="good", would_match_again="yes"
        )


@time_machine.travel(NOW, tick=False)
def test_the_closure_form_errors_in_dutch_and_keeps_the_match(client, people):
    match = _match(people)
    client.force_login(people["buddy"])
    response = client.post(
        reverse("oudernetwerk:match_close", args=[match.pk]),
        {"reason": " ", "what_helped": "Mijn eigen woorden"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Vertel kort waarom jullie stoppen." in content
    assert "Kies hoe het gaat." in content
    assert "Kies ja, misschien of nee." in content
    assert "Mijn eigen woorden" in content
    match.refresh_from_db()
    assert match.status == Match.Status.ACTIVE


@time_machine.travel(NOW, tick=False)
def test_closure_of_an_accepted_match_follows_the_workflow(people):
    match = _match(people, "accepted")
    services.match_close(
        match=match,
        actor=people["buddy"],
        reason="Klikt niet",
        mood="mixed",
        would_match_again="yes",
    )
    match.refresh_from_db()
    assert match.status == Match.Status.ENDED


@time_machine.travel(NOW, tick=False)
def test_the_coordinator_does_not_close_on_the_portal(people):
    match = _match(people)
    with pytest.raises(services.ActionRefusedError, match="coördinator"):
        services.match_close(
            match=match,
            actor=people["coordinator"],
            reason="x",
            mood="good",
            would_match_again="no",
        )


@time_machine.travel(NOW, tick=False)
def test_buddy_answers_the_end_evaluation_and_rests(client, people):
    match = _match(people)
    services.match_end(match=match, actor=people["coordinator"], reason="Ouder verhuisd")
    checkin = CheckIn.objects.get(match=match, respondent="buddy", round=0)
    client.force_login(people["buddy"])
    url = reverse("oudernetwerk:checkin", args=[checkin.pk])
    content = client.get(url).content.decode()
    assert "Wanneer wil je weer een ouder helpen?" in content
    assert "Ik wil graag een nieuwe buddy" not in content
    response = client.post(
        url,
        {"mood": "good", "what_helped": BUDDY_WHAT_HELPED, "would_match_again": "yes", "rest": "3"},
    )
    assert response.status_code == 200
    closure = MatchClosure.objects.get(match=match, respondent="buddy")
    assert closure.rest_until == TODAY + timedelta(days=91)
    people["profile"].refresh_from_db()
    assert people["profile"].available_from == TODAY + timedelta(days=91)

    # The parent's end evaluation offers a new buddy, and never shows the buddy's answer.
    parent_checkin = CheckIn.objects.get(match=match, respondent="parent", round=0)
    client.force_login(people["parent"])
    content = client.get(reverse("oudernetwerk:checkin", args=[parent_checkin.pk])).content.decode()
    assert "Ik wil graag een nieuwe buddy" in content
    assert BUDDY_WHAT_HELPED not in content
    assert BUDDY_WHAT_HELPED not in json.dumps(client_json(client, people["parent"]))


@time_machine.travel(NOW, tick=False)
def test_a_resting_buddy_is_not_suggested_until_the_day_they_chose(people):
    match = _match(people)
    services.match_close(
        match=match,
        actor=people["buddy"],
        reason="Even rust",
        mood="good",
        would_match_again="yes",
        rest="1",
    )
    other_parent_request = BuddyRequestFactory(municipality=people["request"].municipality)
    profile = people["profile"]
    profile.refresh_from_db()
    assert profile not in services.eligible_buddies(request=other_parent_request)
    assert "rust na een koppeling" in services.ineligibility_reason(
        request=other_parent_request, buddy=profile
    )
    with pytest.raises(services.ActionRefusedError):
        services.match_propose(
            request=other_parent_request, buddy=profile, actor=people["coordinator"]
        )
    later = TODAY + timedelta(days=30)
    assert profile in services.eligible_buddies(request=other_parent_request, today=later)
    suggested = services.suggest_buddies(request=other_parent_request)
    assert profile.pk not in [s.buddy.pk for s in suggested]
    with time_machine.travel(NOW + timedelta(days=30), tick=False):
        suggested = services.suggest_buddies(request=other_parent_request)
        assert profile.pk in [s.buddy.pk for s in suggested]


@time_machine.travel(NOW, tick=False)
def test_the_closure_thanks_go_out_once(people, django_capture_on_commit_callbacks):
    match = _match(people)
    with django_capture_on_commit_callbacks(execute=True):
        services.match_close(
            match=match, actor=people["buddy"], reason="Klaar", mood="good", would_match_again="yes"
        )
    thanks = [m for m in mail.outbox if m.subject == "Dank je wel voor jullie koppeling"]
    assert [m.to for m in thanks] == [["buddy@test.example.nl"]]
    assert "meteen weer een ouder helpen" in thanks[0].body
    with django_capture_on_commit_callbacks(execute=True):
        services.sweep(now=NOW + timedelta(hours=2))
    assert len([m for m in mail.outbox if m.subject == thanks[0].subject]) == 1


# --- Data download, erasure and retention -----------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_the_parents_download_holds_goals_contacts_and_their_own_closure(client, people):
    match = _match(people)
    (goal,) = _goals(match, people["parent"]).goals.all()
    services.contact_log(
        match=match, actor=people["buddy"], contact_date=TODAY, how="visit", note=NOTE
    )
    services.match_close(
        match=match,
        goal_progress={goal.pk: "some"},
        actor=people["parent"],
        reason="Klaar",
        mood="good",
        would_match_again="maybe",
        what_helped="Haar rust",
    )
    document = client_json(client, people["parent"])
    (entry,) = document["sections"]["buddy_match_support"]["data"]["as_parent"]
    assert entry["goals"] == ["Weten wat ik op school kan vragen"]
    assert entry["contact_frequency"] == "Elke week"
    assert entry["contacts"] == [{"date": TODAY.isoformat(), "how": "Afgesproken of op bezoek"}]
    assert entry["your_closure"]["what_helped"] == "Haar rust"
    assert entry["your_goal_answers"][0]["progress"] == "Gaat een beetje"
    assert NOTE not in str(document)


def client_json(client, user) -> dict:
    client.force_login(user)
    response = client.get(reverse("personal_data_download", args=["json"]))
    assert response.status_code == 200
    return json.loads(response.content)


@time_machine.travel(NOW, tick=False)
def test_erasure_removes_the_match_support(people):
    match = _match(people)
    (goal,) = _goals(match, people["parent"]).goals.all()
    services.contact_log(match=match, actor=people["buddy"], contact_date=TODAY, how="visit")
    services.match_close(
        match=match,
        actor=people["parent"],
        reason="Klaar",
        mood="good",
        would_match_again="no",
        goal_progress={goal.pk: "good"},
    )
    erasure.erase_user(people["parent"])
    assert not MatchAgreement.objects.exists()
    assert not MatchContact.objects.exists()
    assert not MatchClosure.objects.exists()


def test_retention_wipes_notes_then_removes_the_support(people):
    ended = datetime(2026, 1, 10, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    match = _match(people, "ended", ended_at=ended, answered_at=ended - timedelta(days=40))
    MatchAgreement.objects.create(match=match, contact_frequency="weekly")
    contact = MatchContact.objects.create(
        match=match, contact_date=date(2026, 1, 5), how="phone", note=NOTE
    )
    MatchClosure.objects.create(match=match, respondent="parent", would_match_again="yes")
    names = ["oudernetwerk.buddy_contact_notes", "oudernetwerk.buddy_match_support"]

    retention.run(now=ended + timedelta(days=60), only=names)
    contact.refresh_from_db()
    assert contact.note == NOTE

    retention.run(now=ended + timedelta(days=100), only=names)
    contact.refresh_from_db()
    assert contact.note == ""
    assert MatchAgreement.objects.exists()

    retention.run(now=ended + timedelta(days=370), only=names)
    assert not MatchAgreement.objects.exists()
    assert not MatchContact.objects.exists()
    assert not MatchClosure.objects.exists()
    assert Match.objects.filter(pk=match.pk).exists()


def test_the_privacy_page_shows_the_terms(client, site_settings):
    content = client.get(reverse("privacy")).content.decode()
    assert "De doelen van een buddy-koppeling, de contacten en hoe de koppeling afliep" in content
    assert "Wat een buddy over een contact opschrijft voor de coördinator" in content


# --- The buddy's rest ---------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_the_portal_shows_the_rest_and_the_buddy_may_end_it_sooner(client, people):
    profile = people["profile"]
    profile.available_from = TODAY + timedelta(days=30)
    profile.save()
    client.force_login(people["buddy"])
    content = client.get(reverse("oudernetwerk:portal")).content.decode()
    assert "Je rust na je laatste koppeling" in content
    assert reverse("oudernetwerk:buddy_end_rest") in content

    response = client.post(reverse("oudernetwerk:buddy_end_rest"))
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.available_from is None
    content = client.get(reverse("oudernetwerk:portal")).content.decode()
    assert "Je rust na je laatste koppeling" not in content


@time_machine.travel(NOW, tick=False)
def test_ending_a_rest_that_is_not_there_is_refused(client, people):
    client.force_login(people["buddy"])
    response = client.post(reverse("oudernetwerk:buddy_end_rest"), follow=True)
    assert "Je rust niet" in response.content.decode()


@pytest.mark.parametrize(("who", "expected"), [("parent", 404), ("partner", 404), ("editor", 404)])
def test_only_a_buddy_ends_their_rest(client, people, who, expected):
    client.force_login(people[who])
    assert client.post(reverse("oudernetwerk:buddy_end_rest")).status_code == expected


def test_ending_a_rest_needs_a_sign_in_and_a_post(client, people):
    response = client.post(reverse("oudernetwerk:buddy_end_rest"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    client.force_login(people["buddy"])
    assert client.get(reverse("oudernetwerk:buddy_end_rest")).status_code == 405


@time_machine.travel(NOW, tick=False)
def test_the_ended_match_offers_the_parent_a_new_buddy(client, people):
    match = _match(people, "ended", ended_at=NOW)
    client.force_login(people["parent"])
    content = client.get(reverse("oudernetwerk:match", args=[match.pk])).content.decode()
    assert reverse("oudernetwerk:request") in content
    client.force_login(people["buddy"])
    content = client.get(reverse("oudernetwerk:match", args=[match.pk])).content.decode()
    assert "Een nieuwe buddy aanvragen" not in content


@time_machine.travel(NOW, tick=False)
def test_the_admin_match_page_queries_do_not_grow_with_contacts_and_goal_answers(client, people):
    match = _match(people)
    agreement = _goals(match, people["parent"], goals=["Eén", "Twee", "Drie"])
    goals = list(agreement.goals.all())

    def answer(rounds):
        for number in rounds:
            checkin = CheckIn.objects.create(
                match=match, respondent="parent", round=number, due_at=NOW, answered_at=NOW
            )
            GoalReview.objects.bulk_create(
                GoalReview(checkin=checkin, goal=goal, goal_text=goal.text, progress="some")
                for goal in goals
            )
            MatchContact.objects.create(match=match, contact_date=TODAY, how="phone", note="x")

    client.force_login(people["coordinator"])
    url = reverse("admin:oudernetwerk_match_change", args=[match.pk])
    answer(range(1, 3))
    few, _html = page_queries(client, url)
    answer(range(3, 15))
    many, html = page_queries(client, url)
    assert many == few
    assert html.count("Gaat een beetje") == 14 * 3


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("buddy", 302),
        ("parent", 302),
        ("other_parent", 404),
        ("other_buddy", 404),
        ("partner", 404),
        ("coordinator", 404),
        ("editor", 404),
    ],
)
def test_who_may_post_goals_and_confirm_them(client, people, who, expected):
    match = _match(people)
    client.force_login(people[who])
    response = client.post(
        reverse("oudernetwerk:match_goals", args=[match.pk]),
        {"goal_1": "Samen naar school", "contact_frequency": "monthly"},
    )
    assert response.status_code == expected
    assert MatchAgreement.objects.exists() == (expected == 302)
    response = client.post(
        reverse("oudernetwerk:match_goals_confirm", args=[match.pk]), {"version": 1}
    )
    assert response.status_code == expected


@time_machine.travel(NOW, tick=False)
def test_the_match_page_asks_to_write_goals_until_there_are_some(client, people):
    match = _match(people)
    client.force_login(people["parent"])
    url = reverse("oudernetwerk:match", args=[match.pk])
    assert "Schrijf samen op wat jullie willen bereiken" in client.get(url).content.decode()
    _goals(match, people["buddy"])
    assert "Schrijf samen op wat jullie willen bereiken" not in client.get(url).content.decode()


@time_machine.travel(NOW, tick=False)
def test_goals_of_an_ended_match_are_read_only_on_the_page(client, people):
    match = _match(people)
    _goals(match, people["parent"])
    services.match_end(match=match, actor=people["coordinator"], reason="Klaar")
    client.force_login(people["buddy"])
    url = reverse("oudernetwerk:match_goals", args=[match.pk])
    content = client.get(url).content.decode()
    assert "Weten wat ik op school kan vragen" in content
    assert 'name="goal_1"' not in content
    response = client.post(url, {"goal_1": "Nieuw", "contact_frequency": "weekly"}, follow=True)
    assert "zolang de koppeling loopt" in response.content.decode()
    assert list(MatchAgreement.objects.get().goals.values_list("text", flat=True)) == [
        "Weten wat ik op school kan vragen"
    ]
