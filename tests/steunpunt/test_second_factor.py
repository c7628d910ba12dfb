"""Issue #10, finding 1: every page with someone else's data needs a session that
completed the second factor, for everybody with a staff role; staff cannot switch their
last factor off; another coordinator resets it."""

import re
import time

import pytest
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import get_user
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from casussen import services as case_services
from casussen.deadlines import add_working_days
from casussen.models import Consent
from steunpunt.models import AccessEvent
from tests.clients import SecondFactorClient
from tests.factories import (
    TEST_TOTP_SECRET,
    MatchFactory,
    OrganisationFactory,
    UserFactory,
    coordinator,
    has_totp,
    make_case,
)
from tests.factories.meetups import MeetupFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("totp_window")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSWORD = "een-lang-testwachtwoord"


def _current_totp() -> str:
    return format_hotp_value(hotp_value(TEST_TOTP_SECRET, int(time.time()) // 30))


def _code_from(message) -> str:
    return re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.MULTILINE).group(1)


def _first_factor_only(client, user, method: str) -> None:
    """A session after only a password or only an email code, as allauth leaves it."""
    client.force_login(user, second_factor=False)
    session = client.session
    request = HttpRequest()
    request.session, request.user = session, user
    record_authentication(request, user, method)
    session.save()


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    school = OrganisationFactory(name="Basisschool De Linde")
    worker = UserFactory(roles=["coordinator"], is_staff=True)
    case = make_case(
        school=school,
        consent_organisations=[school],
        attachments=[SimpleUploadedFile("brief.pdf", PDF, "application/pdf")],
    )
    case_services.consent_give(
        case=case, organisation=school, method=Consent.Method.PHONE, actor=worker
    )
    followup = case_services.followup_create(
        case=case,
        organisation=school,
        request="Wilt u het ontwikkelingsperspectief bespreken?",
        due_date=add_working_days(timezone.localdate(), 5),
        actor=worker,
    )
    match = MatchFactory(status="active", answered_at=timezone.now())
    meetup = MeetupFactory()
    return {"case": case, "school": school, "followup": followup, "match": match, "meetup": meetup}


def _pages(world) -> dict[str, str]:
    case = world["case"]
    return {
        "attachment": reverse("casussen:attachment", args=[case.pk, case.attachments.get().pk]),
        "portal_case": reverse("casussen:portal_case", args=[case.pk]),
        "partner_followup": reverse("casussen:partner_followup", args=[world["followup"].pk]),
        "admin_case": reverse("admin:casussen_case_change", args=[case.pk]),
        "signals_report": reverse("admin:casussen_signals_report"),
        "attendance_csv": reverse(
            "admin:oudernetwerk_meetup_attendance_csv", args=[world["meetup"].pk]
        ),
        "buddy_match": reverse("oudernetwerk:match", args=[world["match"].pk]),
    }


STAFF_ROLES = ["coordinator", "editor", "privacy_officer"]


@pytest.mark.parametrize("role", STAFF_ROLES)
@pytest.mark.parametrize("method", ["password", "code"])
def test_staff_with_only_the_first_factor_opens_no_page(client, world, role, method):
    user = UserFactory(roles=[role], is_staff=True, totp=True)
    _first_factor_only(client, user, method)

    for name, url in _pages(world).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("mfa_reauthenticate")), name
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.DOWNLOAD).exists()


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_who_completed_the_second_factor_pass_the_gate(client, world, role):
    client.force_login(UserFactory(roles=[role], is_staff=True, totp=True))

    for name, url in _pages(world).items():
        response = client.get(url)
        assert "/accounts/" not in response.get("Location", ""), name


def test_coordinator_with_second_factor_downloads_the_attachment(client, world):
    client.force_login(coordinator())
    case = world["case"]

    response = client.get(reverse("casussen:attachment", args=[case.pk, case.attachments.get().pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("role", ["parent", "buddy", "partner", "anonymous"])
def test_others_are_never_sent_to_the_second_factor(client, world, role):
    if role == "parent":
        client.force_login(world["case"].parent)
    elif role == "buddy":
        client.force_login(world["match"].buddy.user)
    elif role == "partner":
        client.force_login(UserFactory(roles=["partner"], organisation=world["school"]))

    for name, url in _pages(world).items():
        response = client.get(url)
        assert "/accounts/2fa/" not in response.get("Location", ""), name
        if role == "anonymous":
            assert response.status_code == 302, name


@pytest.mark.parametrize("method", ["password", "code"])
def test_coordinator_without_app_is_sent_to_set_it_up_not_to_the_file(client, world, method):
    user = UserFactory(roles=["coordinator"], is_staff=True)
    _first_factor_only(client, user, method)
    case = world["case"]

    response = client.get(reverse("casussen:attachment", args=[case.pk, case.attachments.get().pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_incomplete_session_gets_a_dutch_explanation(client, world):
    _first_factor_only(client, coordinator(), "password")

    response = client.get(reverse("casussen:portal_case", args=[world["case"].pk]), follow=True)

    assert "Vul de code uit je app voor inlogcodes in" in response.content.decode()


def test_code_from_the_app_completes_the_session_and_returns_to_the_page(client, world):
    user = coordinator()
    _first_factor_only(client, user, "code")
    url = reverse("admin:casussen_case_change", args=[world["case"].pk])
    gate = client.get(url)

    response = client.post(gate["Location"], {"code": _current_totp()})

    assert response.status_code == 302
    assert response["Location"] == url
    assert client.get(url).status_code == 200


def test_login_by_email_code_asks_the_app_code_before_anything(
    client, world, django_capture_on_commit_callbacks
):
    user = coordinator()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": user.email})
    response = client.post(
        reverse("account_confirm_login_code"), {"code": _code_from(mail.outbox[0])}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert not get_user(client).is_authenticated

    response = client.post(reverse("mfa_authenticate"), {"code": _current_totp()})

    assert get_user(client).pk == user.pk
    assert client.get(_pages(world)["attachment"]).status_code == 200


def test_public_pages_stay_open_before_the_second_factor(client):
    _first_factor_only(client, coordinator(), "password")

    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("privacy")).status_code == 200


def test_setting_up_the_app_completes_the_session(
    client, world, django_capture_on_commit_callbacks
):
    user = UserFactory(roles=["coordinator"], is_staff=True)
    _first_factor_only(client, user, "code")
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("mfa_activate_totp"),
            {"code": format_hotp_value(hotp_value(secret, int(time.time()) // 30))},
        )

    assert has_totp(user)
    assert client.get(_pages(world)["admin_case"]).status_code == 200


def test_after_only_a_password_staff_cannot_set_up_an_app(client, world):
    """A stolen password alone must not let someone set up their own app and then open
    every file (review of #10, finding 1): the set-up needs a session that signed in
    with a code by email; the password is asked again before it."""
    user = UserFactory(roles=["coordinator"], is_staff=True)
    _first_factor_only(client, user, "password")
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    response = client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_request_login_code")
    assert not get_user(client).is_authenticated
    assert not has_totp(user)
    assert client.get(_pages(world)["attachment"]).status_code == 302


def test_after_only_a_password_posting_a_code_to_the_set_up_sets_up_nothing(client):
    user = UserFactory(roles=["coordinator"], is_staff=True)
    _first_factor_only(client, user, "password")
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    client.post(reverse("mfa_activate_totp"), {"code": "123456"})

    assert not has_totp(user)
    assert not get_user(client).is_authenticated


# --- Staff cannot switch off their last factor ----------------------------------------


def test_staff_cannot_deactivate_their_app(client):
    user = coordinator()
    client.force_login(user)
    client.post(reverse("mfa_reauthenticate"), {"code": _current_totp()})

    page = client.get(reverse("mfa_deactivate_totp"))
    response = client.post(reverse("mfa_deactivate_totp"))

    assert "kun je de tweede stap niet uitzetten" in page.content.decode()
    assert response.status_code == 200
    assert has_totp(user)


def test_staff_see_no_switch_off_button_only_the_way_forward(client):
    client.force_login(coordinator())
    client.post(reverse("mfa_reauthenticate"), {"code": _current_totp()})

    page = client.get(reverse("mfa_deactivate_totp")).content.decode()

    assert "App uitzetten</button>" not in page
    assert "Vraag een andere coördinator" in page


def test_parent_sees_the_switch_off_button(client):
    client.force_login(UserFactory(totp=True))
    client.post(reverse("mfa_reauthenticate"), {"code": _current_totp()})

    page = client.get(reverse("mfa_deactivate_totp")).content.decode()

    assert "App uitzetten" in page


def test_parent_with_an_app_may_switch_it_off(client):
    parent = UserFactory(totp=True)
    client.force_login(parent)
    client.post(reverse("mfa_reauthenticate"), {"code": _current_totp()})

    client.post(reverse("mfa_deactivate_totp"))

    assert not has_totp(parent)


# --- Another coordinator resets it ----------------------------------------------------


def _staff_session(user) -> SecondFactorClient:
    other = SecondFactorClient()
    other.force_login(user)
    return other


def _reset_url(user) -> str:
    return reverse("admin:steunpunt_user_reset_second_factor", args=[user.pk])


def test_coordinator_resets_a_colleagues_second_factor(client):
    worker = coordinator()
    colleague = coordinator()
    colleague_session = _staff_session(colleague)
    client.force_login(worker)

    confirm = client.get(_reset_url(colleague))
    response = client.post(_reset_url(colleague), {"confirm": "yes"})

    assert confirm.status_code == 200
    assert "Tweede stap opnieuw laten instellen" in confirm.content.decode()
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=colleague).exists()
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(colleague.pk) for s in Session.objects.all()
    )
    assert colleague_session.get(reverse("admin:index")).status_code == 302
    event = AccessEvent.objects.get(action=AccessEvent.Action.MFA_CHANGE)
    assert (event.actor, event.subject, event.object_type) == (worker, colleague, "mfa.reset")
    assert event.origin


def test_get_of_the_reset_page_changes_nothing(client):
    colleague = coordinator()
    client.force_login(coordinator())

    client.get(_reset_url(colleague))

    assert has_totp(colleague)


def test_reset_from_the_user_list_asks_first_then_resets(client):
    colleague = coordinator()
    client.force_login(coordinator())
    data = {"action": "reset_second_factor", "_selected_action": [colleague.pk]}
    changelist = reverse("admin:steunpunt_user_changelist")

    asked = client.post(changelist, data)
    assert asked.status_code == 200
    assert has_totp(colleague)

    client.post(changelist, {**data, "confirm": "yes"})
    assert not has_totp(colleague)


@pytest.mark.parametrize("role", ["editor", "privacy_officer"])
def test_other_staff_may_not_reset(client, role):
    colleague = coordinator()
    client.force_login(UserFactory(roles=[role], is_staff=True, totp=True))

    assert client.post(_reset_url(colleague), {"confirm": "yes"}).status_code in {302, 403}
    assert has_totp(colleague)
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.MFA_CHANGE).exists()


def test_coordinator_cannot_reset_their_own_or_a_superusers(client):
    worker = coordinator()
    boss = UserFactory(is_staff=True, is_superuser=True, totp=True)
    client.force_login(worker)

    client.post(_reset_url(worker), {"confirm": "yes"})
    client.post(_reset_url(boss), {"confirm": "yes"})

    assert has_totp(worker)
    assert has_totp(boss)


def test_superuser_may_reset(client):
    colleague = coordinator()
    client.force_login(UserFactory(is_staff=True, is_superuser=True, totp=True))

    client.post(_reset_url(colleague), {"confirm": "yes"})

    assert not has_totp(colleague)


def test_coordinator_sees_the_reset_button_on_a_user_page(client):
    colleague = coordinator()
    client.force_login(coordinator())

    page = client.get(reverse("admin:steunpunt_user_change", args=[colleague.pk]))

    assert _reset_url(colleague) in page.content.decode()
