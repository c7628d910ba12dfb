"""The buddy portal, the match page and the check-in page: who sees what (buddy, other
buddy, parent, other parent, partner, coordinator, anonymous), and the answers given
there reach the services."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from oudernetwerk import services
from oudernetwerk.models import BuddyRequest, CheckIn, Match, NetworkEvent
from tests.factories import (
    BuddyProfileFactory,
    BuddyRequestFactory,
    MatchFactory,
    MunicipalityFactory,
    OrganisationFactory,
    UserFactory,
    coordinator,
)
from tests.factories.meetups import MeetupFactory, MeetupRegistrationFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
PARENT_PHONE = "06 33333333"
BUDDY_PHONE = "06 44444444"


@pytest.fixture
def people(site_settings):
    town = MunicipalityFactory()
    parent = UserFactory(email="ouder@test.example.nl", name="Sanne")
    buddy = BuddyProfileFactory(
        user__email="buddy@test.example.nl",
        user__name="Fatima",
        municipalities=[town],
        phone=BUDDY_PHONE,
        share_phone=True,
    )
    request = BuddyRequestFactory(
        parent=parent, municipality=town, phone=PARENT_PHONE, share_phone=True
    )
    return {
        "parent": parent,
        "buddy": buddy.user,
        "other_buddy": BuddyProfileFactory().user,
        "other_parent": UserFactory(),
        "partner": UserFactory(roles=["partner"], organisation=OrganisationFactory()),
        "coordinator": coordinator(),
        "request": request,
        "profile": buddy,
    }


def _match(people, status, **fields):
    return MatchFactory(
        request=people["request"],
        buddy=people["profile"],
        status=status,
        answer_by=NOW + timedelta(days=3),
        answered_at=None if status == "proposed" else NOW - timedelta(days=1),
        **fields,
    )


# --- Who sees the match page -----------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("who", "status", "expected"),
    [
        ("buddy", "accepted", 200),
        ("parent", "accepted", 200),
        ("buddy", "proposed", 200),
        ("parent", "proposed", 404),  # a parent never hears about an unanswered proposal
        ("parent", "declined", 404),
        ("buddy", "declined", 404),  # said no: nothing left to see
        ("buddy", "expired", 404),
        ("other_buddy", "accepted", 404),
        ("other_parent", "accepted", 404),
        ("partner", "accepted", 404),
        ("coordinator", "accepted", 404),  # coordinators use the admin
    ],
)
def test_who_sees_the_match_page(client, people, who, status, expected):
    match = _match(people, status)
    client.force_login(people[who])
    assert client.get(reverse("oudernetwerk:match", args=[match.pk])).status_code == expected


def test_anonymous_is_sent_to_sign_in(client, people):
    match = _match(people, "accepted")
    response = client.get(reverse("oudernetwerk:match", args=[match.pk]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@time_machine.travel(NOW, tick=False)
def test_contact_details_show_while_the_match_runs(client, people):
    match = _match(people, "active")
    client.force_login(people["buddy"])
    content = client.get(reverse("oudernetwerk:match", args=[match.pk])).content.decode()
    assert PARENT_PHONE in content
    client.force_login(people["parent"])
    content = client.get(reverse("oudernetwerk:match", args=[match.pk])).content.decode()
    assert BUDDY_PHONE in content
    assert "buddy@test.example.nl" in content


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("status", ["proposed", "ended"])
def test_no_contact_details_before_the_yes_or_after_the_end(client, people, status):
    match = _match(people, status, ended_at=NOW if status == "ended" else None)
    client.force_login(people["buddy"])
    content = client.get(reverse("oudernetwerk:match", args=[match.pk])).content.decode()
    assert PARENT_PHONE not in content
    assert "ouder@test.example.nl" not in content
    assert "Sanne" not in content


# --- The buddy portal ------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_portal_says_the_deadline_with_the_time_as_the_house_writes_it(client, people):
    """Times are written 17.00 uur, as on the meetup pages (not 17:00 uur)."""
    MatchFactory(
        request=people["request"],
        buddy=people["profile"],
        status="proposed",
        answer_by=datetime(2026, 11, 30, 17, 0, tzinfo=NOW.tzinfo),
    )
    client.force_login(people["buddy"])

    content = client.get(reverse("oudernetwerk:portal")).content.decode()

    assert "Zeg uiterlijk maandag 30 november om 17.00 uur ja of nee." in content


@time_machine.travel(NOW, tick=False)
def test_portal_shows_only_own_proposals(client, people):
    _match(people, "proposed")
    other = MatchFactory(answer_by=NOW + timedelta(days=2))
    client.force_login(people["buddy"])
    response = client.get(reverse("oudernetwerk:portal"))
    content = response.content.decode()
    assert response.status_code == 200
    assert reverse("oudernetwerk:proposal_accept", args=[people["request"].matches.get().pk]) in (
        content
    )
    assert reverse("oudernetwerk:proposal_accept", args=[other.pk]) not in content
    assert "vrijdag 27 november" in content
    assert "Sanne" not in content  # no name before the yes


@pytest.mark.parametrize("who", ["parent", "other_parent", "partner"])
def test_portal_sends_non_buddies_to_the_buddy_page(client, people, who):
    client.force_login(people[who])
    response = client.get(reverse("oudernetwerk:portal"))
    assert response.status_code == 302
    assert response["Location"] == reverse("oudernetwerk:buddy")


def test_portal_needs_sign_in(client):
    response = client.get(reverse("oudernetwerk:portal"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@time_machine.travel(NOW, tick=False)
def test_portal_query_count_does_not_grow(client, people, django_assert_max_num_queries):
    people["profile"].max_active_matches = 5
    people["profile"].save()
    client.force_login(people["buddy"])

    def count():

        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("oudernetwerk:portal")).status_code == 200
        return len(queries)

    _match(people, "proposed")
    MatchFactory(buddy=people["profile"], status="active", answered_at=NOW)
    one = count()
    for _ in range(3):
        MatchFactory(buddy=people["profile"], status="proposed", answer_by=NOW)
        MatchFactory(buddy=people["profile"], status="active", answered_at=NOW)
    assert count() == one
    # Session, user, roles, the profile, the matches and their requests' themes, the
    # access log entry, site settings.
    with django_assert_max_num_queries(8):
        client.get(reverse("oudernetwerk:portal"))


# --- Answering through the portal ------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_buddy_accepts_and_sees_the_parent(client, people, django_capture_on_commit_callbacks):
    match = _match(people, "proposed")
    client.force_login(people["buddy"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("oudernetwerk:proposal_accept", args=[match.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("oudernetwerk:match", args=[match.pk])
    match.refresh_from_db()
    assert match.status == Match.Status.ACCEPTED
    content = client.get(response["Location"]).content.decode()
    assert PARENT_PHONE in content


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("who", ["other_buddy", "parent", "other_parent", "coordinator"])
def test_only_the_buddy_answers_a_proposal(client, people, who):
    match = _match(people, "proposed")
    client.force_login(people[who])
    accept = client.post(reverse("oudernetwerk:proposal_accept", args=[match.pk]))
    decline = client.post(
        reverse("oudernetwerk:proposal_decline", args=[match.pk]), {"reason": "Nee"}
    )
    assert accept.status_code == 404
    assert decline.status_code == 404
    match.refresh_from_db()
    assert match.status == Match.Status.PROPOSED


@time_machine.travel(NOW, tick=False)
def test_decline_without_reason_keeps_the_proposal_and_says_why(client, people):
    match = _match(people, "proposed")
    client.force_login(people["buddy"])
    response = client.post(
        reverse("oudernetwerk:proposal_decline", args=[match.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    assert "Vertel kort waarom niet" in response.content.decode()
    match.refresh_from_db()
    assert match.status == Match.Status.PROPOSED


@time_machine.travel(NOW, tick=False)
def test_decline_with_reason(client, people, django_capture_on_commit_callbacks):
    match = _match(people, "proposed")
    client.force_login(people["buddy"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("oudernetwerk:proposal_decline", args=[match.pk]), {"reason": "Op vakantie"}
        )
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.status == Match.Status.DECLINED
    assert match.decline_reason == "Op vakantie"


@time_machine.travel(NOW, tick=False)
def test_parent_confirms_first_contact(client, people):
    match = _match(people, "accepted")
    client.force_login(people["parent"])
    response = client.post(reverse("oudernetwerk:match_start", args=[match.pk]))
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.status == Match.Status.ACTIVE


@time_machine.travel(NOW, tick=False)
def test_ending_needs_a_reason_and_keeps_the_match(client, people):
    match = _match(people, "active")
    client.force_login(people["parent"])
    response = client.post(reverse("oudernetwerk:match_close", args=[match.pk]), {"reason": " "})
    assert response.status_code == 400
    assert "Vertel kort waarom jullie stoppen" in response.content.decode()
    match.refresh_from_db()
    assert match.status == Match.Status.ACTIVE


@time_machine.travel(NOW, tick=False)
def test_parent_ends_the_match(client, people, django_capture_on_commit_callbacks):
    match = _match(people, "active")
    client.force_login(people["parent"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("oudernetwerk:match_close", args=[match.pk]),
            {"reason": "Het gaat goed nu", "mood": "good", "would_match_again": "yes"},
        )
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.status == Match.Status.ENDED
    assert match.end_reason == "Het gaat goed nu"
    # The parent looked back while ending; the buddy's end evaluation waits on their page.
    checkin = CheckIn.objects.get(match=match, respondent="parent")
    assert checkin.answered_at is not None
    client.force_login(people["buddy"])
    content = client.get(reverse("oudernetwerk:match", args=[match.pk])).content.decode()
    checkin = CheckIn.objects.get(match=match, respondent="buddy")
    assert reverse("oudernetwerk:checkin", args=[checkin.pk]) in content


# --- Check-ins ---------------------------------------------------------------------------------


@pytest.fixture
def checkin(people):
    match = _match(people, "active")
    return CheckIn.objects.create(match=match, respondent="parent", round=1, due_at=NOW)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("parent", 200),
        ("buddy", 404),
        ("other_parent", 404),
        ("other_buddy", 404),
        ("partner", 404),
        ("coordinator", 404),
    ],
)
def test_who_answers_a_checkin(client, people, checkin, who, expected):
    client.force_login(people[who])
    assert client.get(reverse("oudernetwerk:checkin", args=[checkin.pk])).status_code == expected


def test_checkin_form_keeps_the_text_on_an_error(client, people, checkin):
    client.force_login(people["parent"])
    response = client.post(
        reverse("oudernetwerk:checkin", args=[checkin.pk]), {"note": "Mijn eigen woorden"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Kies hoe het gaat." in content
    assert "Er ging iets mis. Kijk de velden met een rode rand na." in content
    assert "Mijn eigen woorden" in content
    checkin.refresh_from_db()
    assert checkin.answered_at is None


def test_checkin_answer_thanks_and_promises_a_call_when_worrying(
    client, people, checkin, django_capture_on_commit_callbacks
):
    client.force_login(people["parent"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("oudernetwerk:checkin", args=[checkin.pk]),
            {"mood": "bad", "note": "", "wants_help": "on"},
        )
    assert response.status_code == 200
    assert "binnen twee werkdagen" in response.content.decode()
    checkin.refresh_from_db()
    assert checkin.mood == "bad"
    assert checkin.wants_help is True


# --- The parent's overview -------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_mijn_shows_the_request_while_we_search(client, people):
    client.force_login(people["parent"])
    content = client.get(reverse("casussen:portal")).content.decode()
    assert "We zoeken een buddy die bij je past" in content


@time_machine.travel(NOW, tick=False)
def test_mijn_says_a_buddy_was_asked_without_naming_them(client, people):
    BuddyRequest.objects.filter(pk=people["request"].pk).update(answer_by=date(2026, 12, 8))
    _match(people, "proposed")
    client.force_login(people["parent"])
    content = client.get(reverse("casussen:portal")).content.decode()
    assert "We hebben een buddy gevraagd" in content
    # The one date the parent was promised, not the buddy's deadline (27 November).
    assert "dinsdag 8 december" in content
    assert "vrijdag 27 november" not in content
    assert "Fatima" not in content


@time_machine.travel(NOW, tick=False)
def test_mijn_names_the_buddy_after_the_yes(client, people):
    match = _match(people, "accepted")
    client.force_login(people["parent"])
    content = client.get(reverse("casussen:portal")).content.decode()
    assert "Fatima heeft ja gezegd" in content
    assert reverse("oudernetwerk:match", args=[match.pk]) in content


@time_machine.travel(NOW, tick=False)
def test_mijn_shows_no_other_parents_requests(client, people):
    client.force_login(people["other_parent"])
    content = client.get(reverse("casussen:portal")).content.decode()
    assert "We zoeken een buddy" not in content
    assert reverse("oudernetwerk:request") in content


def test_services_contact_for_each_side(people):
    match = _match(people, "accepted")
    assert services.parent_contact(match).phone == PARENT_PHONE
    assert services.buddy_contact(match).phone == BUDDY_PHONE


@time_machine.travel(NOW, tick=False)
def test_mijn_lists_the_parents_meetups_with_place_or_waiting_spot(client, people):
    full = MeetupFactory(title="Koffieochtend", capacity=1, starts_at=NOW + timedelta(days=2))
    MeetupRegistrationFactory(meetup=full, status="registered")
    MeetupRegistrationFactory(meetup=full, parent=people["parent"], status="waiting")
    other = MeetupFactory(title="Avond voor anderen", starts_at=NOW + timedelta(days=3))
    MeetupRegistrationFactory(meetup=other, parent=people["other_parent"], status="registered")

    client.force_login(people["parent"])
    content = client.get(reverse("casussen:portal")).content.decode()
    assert "Koffieochtend" in content
    assert "Je staat op de wachtlijst, plek 1" in content
    assert "Avond voor anderen" not in content


@time_machine.travel(NOW, tick=False)
def test_portal_lists_running_matches_before_ended_ones(client, people):
    people["profile"].max_active_matches = 5
    people["profile"].save()
    ended = MatchFactory(
        buddy=people["profile"],
        status="ended",
        answered_at=NOW - timedelta(days=100),
        ended_at=NOW - timedelta(days=10),
    )
    running = MatchFactory(
        buddy=people["profile"], status="active", answered_at=NOW - timedelta(days=200)
    )
    client.force_login(people["buddy"])
    content = client.get(reverse("oudernetwerk:portal")).content.decode()
    running_at = content.index(reverse("oudernetwerk:match", args=[running.pk]))
    assert running_at < content.index(reverse("oudernetwerk:match", args=[ended.pk]))


@time_machine.travel(NOW, tick=False)
def test_portal_lists_the_latest_ended_match_first(client, people):
    older = MatchFactory(
        buddy=people["profile"],
        status="ended",
        answered_at=NOW - timedelta(days=300),
        ended_at=NOW - timedelta(days=100),
    )
    newer = MatchFactory(
        buddy=people["profile"],
        status="ended",
        answered_at=NOW - timedelta(days=200),
        ended_at=NOW - timedelta(days=5),
    )
    client.force_login(people["buddy"])
    content = client.get(reverse("oudernetwerk:portal")).content.decode()

    newer_at = content.index(reverse("oudernetwerk:match", args=[newer.pk]))
    assert newer_at < content.index(reverse("oudernetwerk:match", args=[older.pk]))


@time_machine.travel(NOW, tick=False)
def test_portal_lists_the_proposal_to_answer_first_on_top(client, people):
    people["profile"].max_active_matches = 5
    people["profile"].save()
    later = MatchFactory(
        buddy=people["profile"], status="proposed", answer_by=NOW + timedelta(days=4)
    )
    sooner = MatchFactory(
        buddy=people["profile"], status="proposed", answer_by=NOW + timedelta(days=1)
    )
    client.force_login(people["buddy"])
    content = client.get(reverse("oudernetwerk:portal")).content.decode()

    sooner_at = content.index(reverse("oudernetwerk:proposal_accept", args=[sooner.pk]))
    assert sooner_at < content.index(reverse("oudernetwerk:proposal_accept", args=[later.pk]))


@time_machine.travel(NOW, tick=False)
def test_a_checkin_of_an_ended_match_can_no_longer_be_answered(client, people):
    match = _match(people, "ended", ended_at=NOW)
    checkin = CheckIn.objects.create(match=match, respondent="parent", round=1, due_at=NOW)
    client.force_login(people["parent"])
    assert client.get(reverse("oudernetwerk:checkin", args=[checkin.pk])).status_code == 404
    page = client.get(reverse("oudernetwerk:match", args=[match.pk])).content.decode()
    assert reverse("oudernetwerk:checkin", args=[checkin.pk]) not in page


@time_machine.travel(NOW, tick=False)
def test_parent_sees_no_buddy_details_after_the_end(client, people):
    match = _match(people, "ended", ended_at=NOW)
    client.force_login(people["parent"])
    content = client.get(reverse("oudernetwerk:match", args=[match.pk])).content.decode()
    assert BUDDY_PHONE not in content
    assert "buddy@test.example.nl" not in content


# --- What a proposal shows, and the buddy's availability -------------------------------------


@time_machine.travel(NOW, tick=False)
def test_proposal_shows_what_the_parent_hopes_for_but_no_contact_details(client, people):
    BuddyRequest.objects.filter(pk=people["request"].pk).update(
        hopes="Tips voor het gesprek met school over de overstap."
    )
    _match(people, "proposed")
    client.force_login(people["buddy"])

    content = client.get(reverse("oudernetwerk:portal")).content.decode()

    assert "Wat de ouder hoopt van een buddy" in content
    assert "Tips voor het gesprek met school over de overstap." in content
    assert PARENT_PHONE not in content
    assert "ouder@test.example.nl" not in content
    assert "Sanne" not in content


@time_machine.travel(NOW, tick=False)
def test_proposal_hopes_are_not_shown_to_another_buddy(client, people):
    BuddyRequest.objects.filter(pk=people["request"].pk).update(
        hopes="Alleen voor de voorgestelde."
    )
    _match(people, "proposed")
    client.force_login(people["other_buddy"])

    content = client.get(reverse("oudernetwerk:portal")).content.decode()

    assert "Alleen voor de voorgestelde." not in content


def test_portal_links_to_pause_and_capacity(client, people):
    client.force_login(people["buddy"])

    content = client.get(reverse("oudernetwerk:portal")).content.decode()

    assert "Je beschikbaarheid" in content
    assert f"{reverse('oudernetwerk:buddy')}#beschikbaarheid" in content
    assert "Aantal ouders tegelijk aanpassen" in content
    assert "Pauze nemen" in content


def test_buddy_page_has_the_pause_and_capacity_forms(client, people):
    client.force_login(people["buddy"])

    content = client.get(reverse("oudernetwerk:buddy")).content.decode()

    assert 'id="beschikbaarheid"' in content
    assert reverse("oudernetwerk:buddy_pause") in content
    assert reverse("oudernetwerk:buddy_capacity") in content


def test_buddy_sets_how_many_parents_at_once(client, people):
    client.force_login(people["buddy"])

    response = client.post(reverse("oudernetwerk:buddy_capacity"), {"max_active_matches": "3"})

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Opgeslagen. Je helpt voortaan 3 ouders tegelijk." in page
    assert response["Location"] == f"{reverse('oudernetwerk:buddy')}#beschikbaarheid"
    people["profile"].refresh_from_db()
    assert people["profile"].max_active_matches == 3
    assert NetworkEvent.objects.filter(
        profile=people["profile"], kind="buddy_capacity", text="3"
    ).exists()


@pytest.mark.parametrize("value", ["0", "6", "veel", ""])
def test_buddy_capacity_refuses_bad_numbers(client, people, value):
    before = people["profile"].max_active_matches
    client.force_login(people["buddy"])

    response = client.post(
        reverse("oudernetwerk:buddy_capacity"), {"max_active_matches": value}, follow=True
    )

    assert "Kies een aantal van 1 tot 5." in response.content.decode()
    people["profile"].refresh_from_db()
    assert people["profile"].max_active_matches == before


@pytest.mark.parametrize("who", ["parent", "partner"])
def test_capacity_is_only_for_buddies(client, people, who):
    client.force_login(people[who])

    response = client.post(reverse("oudernetwerk:buddy_capacity"), {"max_active_matches": "2"})

    assert response.status_code == 404


def test_capacity_needs_sign_in_and_a_post(client, people):
    url = reverse("oudernetwerk:buddy_capacity")

    assert client.post(url, {"max_active_matches": "2"}).status_code == 302
    client.force_login(people["buddy"])
    assert client.get(url).status_code == 405


def test_capacity_waits_for_approval(people):
    profile = BuddyProfileFactory(status="applied")

    with pytest.raises(services.ActionRefusedError):
        services.buddy_set_capacity(profile=profile, actor=profile.user, max_active_matches=2)
