"""The access log for the parent network: the coordinator's admin pages of buddies,
requests, matches, check-ins, the panel and meetups, the attendance list and its CSV,
and what buddy and parent see of each other on the match page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from oudernetwerk.models import CheckIn, PanelMember, Reminder
from steunpunt import roles
from steunpunt.models import AccessEvent
from tests.factories import (
    BuddyProfileFactory,
    BuddyRequestFactory,
    MatchFactory,
    MunicipalityFactory,
    coordinator,
)
from tests.factories.meetups import MeetupFactory, MeetupRegistrationFactory

pytestmark = pytest.mark.django_db

A = AccessEvent.Action


@pytest.fixture
def worker():
    return coordinator()


@pytest.fixture
def match():
    return MatchFactory(status="accepted", answered_at=timezone.now())


def _entries(**filters) -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(**filters).order_by("subject_id"))


def _objects(match):
    profile = match.buddy
    checkin = CheckIn.objects.create(
        match=match, respondent=CheckIn.Respondent.PARENT, round=1, due_at=timezone.now()
    )
    member = PanelMember.objects.create(
        user=match.request.parent, municipality=MunicipalityFactory(), consent_text="Ja."
    )
    registration = MeetupRegistrationFactory(parent=match.request.parent)
    reminder = Reminder.objects.create(
        key=f"test-{profile.pk}", kind=Reminder.Kind.values[0], profile=profile, subject="x"
    )
    parent, buddy = match.request.parent_id, profile.user_id
    # (admin page, object, the people it is about)
    return {
        "buddyprofile": (profile, [buddy]),
        "buddyrequest": (match.request, [parent]),
        "match": (match, sorted([parent, buddy])),
        "checkin": (checkin, sorted([parent, buddy])),
        "panelmember": (member, [parent]),
        "reminder": (reminder, [buddy]),
        "meetup": (registration.meetup, [None]),
    }


@pytest.mark.parametrize(
    "model",
    ["buddyprofile", "buddyrequest", "match", "checkin", "panelmember", "reminder", "meetup"],
)
@pytest.mark.parametrize("page", ["change", "history"])
def test_admin_page_writes_an_entry_per_person_it_is_about(client, worker, match, model, page):
    obj, subjects = _objects(match)[model]
    client.force_login(worker)

    response = client.get(reverse(f"admin:oudernetwerk_{model}_{page}", args=[obj.pk]))

    assert response.status_code == 200
    entries = _entries()
    assert [entry.subject_id for entry in entries] == subjects
    for entry in entries:
        assert entry.action == A.VIEW
        assert entry.actor == worker
        assert entry.actor_role == roles.COORDINATOR
        assert entry.object_type == f"oudernetwerk.{model}"
        assert entry.object_id == str(obj.pk)
        assert entry.case_reference == ""


@pytest.mark.parametrize(
    "model", ["buddyprofile", "buddyrequest", "match", "checkin", "panelmember"]
)
def test_admin_list_writes_one_entry_without_a_subject(client, worker, match, model):
    _objects(match)
    client.force_login(worker)

    assert client.get(reverse(f"admin:oudernetwerk_{model}_changelist")).status_code == 200

    [entry] = _entries()
    assert (entry.object_type, entry.object_id, entry.subject_id) == (
        f"oudernetwerk.{model}",
        "",
        None,
    )


def test_meetup_list_holds_no_personal_data_and_writes_nothing(client, worker):
    MeetupRegistrationFactory()
    client.force_login(worker)

    assert client.get(reverse("admin:oudernetwerk_meetup_changelist")).status_code == 200
    assert not AccessEvent.objects.exists()


@pytest.mark.parametrize(
    ("page", "action"),
    [("oudernetwerk_meetup_attendance", A.VIEW), ("oudernetwerk_meetup_attendance_csv", A.EXPORT)],
)
def test_attendance_list_and_csv_write_one_entry(client, worker, page, action):
    meetup = MeetupFactory()
    MeetupRegistrationFactory.create_batch(2, meetup=meetup)
    client.force_login(worker)

    assert client.get(reverse(f"admin:{page}", args=[meetup.pk])).status_code == 200

    [entry] = _entries()
    assert entry.action == action
    assert entry.actor_role == roles.COORDINATOR
    assert (entry.object_type, entry.object_id) == ("oudernetwerk.meetup", str(meetup.pk))
    assert entry.subject_id is None


def test_sign_off_page_writes_an_entry_about_the_parent(client, worker):
    registration = MeetupRegistrationFactory()
    client.force_login(worker)
    url = reverse(
        "admin:oudernetwerk_meetup_sign_off", args=[registration.meetup_id, registration.pk]
    )

    assert client.get(url).status_code == 200

    [entry] = _entries()
    assert entry.subject_id == registration.parent_id
    assert entry.object_type == "oudernetwerk.meetupregistration"


# --- Buddy and parent on the match page ---------------------------------------------------


def test_buddy_view_of_the_matched_parent_writes_an_entry(client, match):
    client.force_login(match.buddy.user)

    response = client.get(reverse("oudernetwerk:match", args=[match.pk]))

    assert response.status_code == 200
    [entry] = _entries()
    assert entry.action == A.VIEW
    assert entry.actor == match.buddy.user
    assert entry.actor_role == roles.BUDDY
    assert entry.subject_id == match.request.parent_id
    assert (entry.object_type, entry.object_id) == ("oudernetwerk.match", str(match.pk))


def test_parent_view_of_the_buddy_writes_an_entry(client, match):
    client.force_login(match.request.parent)

    response = client.get(reverse("oudernetwerk:match", args=[match.pk]))

    assert response.status_code == 200
    [entry] = _entries()
    assert entry.actor_role == "parent"
    assert entry.subject_id == match.buddy.user_id


def test_stranger_is_refused_the_match_page_and_nothing_is_written(client, match):
    client.force_login(BuddyProfileFactory().user)

    assert client.get(reverse("oudernetwerk:match", args=[match.pk])).status_code == 404
    assert not AccessEvent.objects.exists()


def test_buddy_portal_with_proposals_writes_one_entry(client):
    proposal = MatchFactory(request=BuddyRequestFactory())
    client.force_login(proposal.buddy.user)

    assert client.get(reverse("oudernetwerk:portal")).status_code == 200

    [entry] = _entries()
    assert (entry.object_type, entry.object_id, entry.subject_id) == (
        "oudernetwerk.match",
        "",
        None,
    )


@pytest.mark.parametrize("page", ["approve", "reject"])
def test_buddy_screening_page_writes_an_entry_about_the_buddy(client, worker, page):
    profile = BuddyProfileFactory(status="applied", approved_at=None)
    client.force_login(worker)

    url = reverse(f"admin:oudernetwerk_buddyprofile_{page}", args=[profile.pk])
    assert client.get(url).status_code == 200

    [entry] = _entries()
    assert (entry.action, entry.subject_id) == (A.VIEW, profile.user_id)
    assert entry.object_type == "oudernetwerk.buddyprofile"
