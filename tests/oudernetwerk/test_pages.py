"""The public pages: what a buddy does and signing up, asking for a buddy, and who may
use which page."""

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from oudernetwerk.models import BuddyProfile, BuddyRequest
from tests.factories import (
    BuddyProfileFactory,
    BuddyRequestFactory,
    MunicipalityFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
    editor,
)

pytestmark = pytest.mark.django_db

BUDDY_URL = reverse("oudernetwerk:buddy")
REQUEST_URL = reverse("oudernetwerk:request")
RECEIVED_URL = reverse("oudernetwerk:request_received")
INTRODUCTION = "Ik ben moeder van twee en weet hoe het is als je kind thuiszit."
HOPES = "Iemand die meegaat naar het gesprek op school."


@pytest.fixture
def choices():
    return {
        "theme": ThemeFactory(name="Thuiszitten", slug="thuiszitten"),
        "municipality": MunicipalityFactory(name="Alkmaar", slug="alkmaar"),
    }


@pytest.fixture
def apply_data(choices):
    return {
        "themes": [choices["theme"].pk],
        "age_bands": ["8-12"],
        "school_types": ["so"],
        "municipalities": [choices["municipality"].pk],
        "languages": ["nl", "en"],
        "max_active_matches": "2",
        "introduction": INTRODUCTION,
        "share_email": "on",
        "privacy": "on",
    }


@pytest.fixture
def request_data(choices):
    return {
        "themes": [choices["theme"].pk],
        "age_band": "8-12",
        "school_type": "regulier",
        "municipality": choices["municipality"].pk,
        "language": "nl",
        "hopes": HOPES,
        "urgency": "normal",
        "share_email": "on",
    }


def _assert_no_inline_style_or_script(content: str) -> None:
    assert "style=" not in content
    assert "<script>" not in content


# --- /buddy/ ------------------------------------------------------------------------------------


def test_anonymous_reads_what_a_buddy_does_and_gets_a_login_link(client):
    response = client.get(BUDDY_URL)

    content = response.content.decode()
    assert response.status_code == 200
    for heading in [
        "Wat doet een buddy?",
        "Hoeveel tijd kost het?",
        "Hoe word je buddy?",
        "Privacy",
    ]:
        assert heading in content
    assert "VOG" in content
    assert f"{reverse('account_login')}?next=/buddy/" in content
    assert '<form method="post" novalidate>' not in content
    _assert_no_inline_style_or_script(content)


def test_anonymous_post_is_sent_to_log_in(client, apply_data):
    response = client.post(BUDDY_URL, apply_data)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not BuddyProfile.objects.exists()


def test_signed_in_parent_sees_a_labelled_form(client, choices):
    client.force_login(UserFactory())

    content = client.get(BUDDY_URL).content.decode()

    assert "Aanmelden als buddy" in content
    for field in ["introduction", "max_active_matches"]:
        assert f'for="id_{field}"' in content
    assert "Thuiszitten" in content
    _assert_no_inline_style_or_script(content)


def test_sign_up_makes_a_profile_and_says_what_happens_next(
    client, apply_data, site_settings, django_capture_on_commit_callbacks
):
    worker = coordinator()
    user = UserFactory()
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(BUDDY_URL, apply_data, follow=True)

    profile = BuddyProfile.objects.get()
    assert (profile.user, profile.status, profile.max_active_matches) == (user, "applied", 2)
    assert profile.languages == ["nl", "en"]
    assert "Je aanmelding is binnen" in response.content.decode()
    assert "We bellen je voor een kennismakingsgesprek" in response.content.decode()
    assert [m.to for m in mail.outbox] == [[user.email], [worker.email]]


def test_sign_up_errors_are_dutch_and_keep_the_text(client, apply_data):
    client.force_login(UserFactory())
    apply_data["themes"] = []
    del apply_data["privacy"]

    response = client.post(BUDDY_URL, apply_data)

    content = response.content.decode()
    assert response.status_code == 400
    assert "Kies minstens één onderwerp waar je ervaring mee hebt." in content
    assert "Zet een vinkje als je dit hebt gelezen." in content
    assert INTRODUCTION in content
    assert not BuddyProfile.objects.exists()


@pytest.mark.parametrize(
    ("status", "text"),
    [
        ("applied", "We bellen je voor een kennismakingsgesprek"),
        ("approved", "Pauze nemen"),
        ("paused", "Ik ben er weer"),
        ("rejected", "gaat niet door"),
    ],
)
def test_who_has_a_profile_sees_its_status_not_the_form(client, status, text):
    profile = BuddyProfileFactory(status=status)
    client.force_login(profile.user)

    content = client.get(BUDDY_URL).content.decode()

    assert text in content
    assert "Aanmelden als buddy" not in content


def test_signing_up_twice_is_refused(client, apply_data):
    profile = BuddyProfileFactory()
    client.force_login(profile.user)

    assert client.post(BUDDY_URL, apply_data).status_code == 403
    assert BuddyProfile.objects.count() == 1


def test_buddy_pauses_and_comes_back(client):
    profile = BuddyProfileFactory()
    client.force_login(profile.user)

    response = client.post(reverse("oudernetwerk:buddy_pause"), follow=True)
    profile.refresh_from_db()
    assert profile.status == "paused"
    assert "Je staat op pauze" in response.content.decode()

    client.post(reverse("oudernetwerk:buddy_resume"))
    profile.refresh_from_db()
    assert profile.status == "approved"


def test_pause_without_a_profile_is_404_and_get_is_refused(client):
    client.force_login(UserFactory())

    assert client.post(reverse("oudernetwerk:buddy_pause")).status_code == 404
    profile = BuddyProfileFactory()
    client.force_login(profile.user)
    assert client.get(reverse("oudernetwerk:buddy_pause")).status_code == 405


def test_pausing_an_applicant_says_why_not(client):
    profile = BuddyProfileFactory(status="applied")
    client.force_login(profile.user)

    response = client.post(reverse("oudernetwerk:buddy_pause"), follow=True)

    assert "kan nu niet" in response.content.decode()
    profile.refresh_from_db()
    assert profile.status == "applied"


# --- /buddy/aanvragen/ -------------------------------------------------------------------------


@time_machine.travel("2026-11-24 10:00 +01:00", tick=False)
def test_parent_asks_for_a_buddy_and_hears_by_when(
    client, request_data, site_settings, django_capture_on_commit_callbacks
):
    parent = UserFactory()
    client.force_login(parent)

    content = client.get(REQUEST_URL).content.decode()
    assert 'for="id_hopes"' in content
    _assert_no_inline_style_or_script(content)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REQUEST_URL, request_data, follow=True)

    buddy_request = BuddyRequest.objects.get()
    assert response.redirect_chain == [(RECEIVED_URL, 302)]
    assert (buddy_request.parent, buddy_request.hopes) == (parent, HOPES)
    content = response.content.decode()
    assert "Wat gebeurt er nu?" in content
    assert "Uiterlijk dinsdag 8 december hoor je van ons" in content
    assert mail.outbox[0].to == [parent.email]


def test_request_errors_are_dutch_and_keep_the_text(client, request_data):
    client.force_login(UserFactory())
    request_data["themes"] = []
    request_data["municipality"] = ""

    response = client.post(REQUEST_URL, request_data)

    content = response.content.decode()
    assert response.status_code == 400
    assert "Kies minstens één onderwerp." in content
    assert "Kies je gemeente." in content
    assert HOPES in content
    assert 'role="alert"' in content
    assert "Wat je al had ingevuld, staat er nog." in content
    assert not BuddyRequest.objects.exists()


def test_with_an_open_request_the_parent_sees_it_not_a_new_form(client):
    buddy_request = BuddyRequestFactory()
    client.force_login(buddy_request.parent)

    content = client.get(REQUEST_URL).content.decode()

    assert "al een buddy aangevraagd" in content
    assert 'name="hopes"' not in content


def test_thank_you_page_shows_only_your_own_request(client):
    BuddyRequestFactory()
    client.force_login(UserFactory())

    response = client.get(RECEIVED_URL)

    assert response.status_code == 302
    assert response["Location"] == REQUEST_URL


def _visitor(role: str):
    match role:
        case "parent":
            return UserFactory()
        case "buddy":
            return BuddyProfileFactory().user
        case "partner":
            return UserFactory(roles=["partner"])
        case "coordinator":
            return coordinator()
        case "editor":
            return editor()
    return None


ROLES = ["parent", "buddy", "partner", "coordinator", "editor", "anonymous"]
MAY_ASK = {"parent", "buddy"}


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_asking_a_buddy(client, role, request_data):
    visitor = _visitor(role)
    if visitor:
        client.force_login(visitor)

    page = client.get(REQUEST_URL)
    post = client.post(REQUEST_URL, request_data)

    if role == "anonymous":
        for response in (page, post):
            assert response.status_code == 302
            assert response["Location"] == f"{reverse('account_login')}?next={REQUEST_URL}"
    elif role in MAY_ASK:
        assert page.status_code == 200
        assert post.status_code == 302
    else:
        assert page.status_code == 403
        assert post.status_code == 403
    assert BuddyRequest.objects.count() == (1 if role in MAY_ASK else 0)


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_signing_up_as_a_buddy(client, role, apply_data):
    visitor = _visitor(role)
    if visitor:
        client.force_login(visitor)

    page = client.get(BUDDY_URL)
    post = client.post(BUDDY_URL, apply_data)

    assert page.status_code == 200
    if role == "anonymous":
        assert post.status_code == 302
    elif role == "parent":
        assert post.status_code == 302
        assert BuddyProfile.objects.filter(user=visitor, status="applied").exists()
    else:
        # The buddy already has a profile; the others use a personal account.
        assert post.status_code == 403
    if role in {"partner", "coordinator", "editor"}:
        assert "Met dit account kun je je niet aanmelden" in page.content.decode()
        assert not BuddyProfile.objects.filter(user=visitor).exists()
