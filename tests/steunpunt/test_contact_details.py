"""/mijn/gegevens/: the parent corrects their name and phone number, and changes their
email address through a link sent to the new address."""

import contextlib
import re
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user
from django.core import mail, signing
from django.db import transaction
from django.urls import reverse

from casussen.models import Case
from oudernetwerk.models import Match
from steunpunt import contact_details
from steunpunt.models import AccessEvent, User
from tests.factories import (
    BuddyProfileFactory,
    BuddyRequestFactory,
    MatchFactory,
    OrganisationFactory,
    UserFactory,
    coordinator,
    make_case,
)

pytestmark = pytest.mark.django_db

OLD = "ouder.oud@test.example.nl"
NEW = "ouder.nieuw@test.example.nl"
NOW = "2026-11-24 10:00 +01:00"


@pytest.fixture
def parent(site_settings):
    case = make_case(email=OLD, phone="06 11111111")
    mail.outbox.clear()
    return case.parent


def _link_from(message) -> str:
    line = next(line for line in message.body.splitlines() if "/bevestigen/" in line)
    return line.strip()


def _confirm_path_and_token(link: str) -> tuple[str, str]:
    parsed = urlparse(link)
    return parsed.path, parse_qs(parsed.query)["t"][0]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs a request and then what it queued for after its commit (the emails)."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


@pytest.fixture
def change(client, committed):
    def request_change(user, email=NEW):
        client.force_login(user)
        return committed(client.post, reverse("email_change"), {"email": email})

    return request_change


@pytest.fixture
def confirm(client, committed):
    def post(path, token):
        return committed(client.post, path, {"t": token})

    return post


# --- Name and phone ----------------------------------------------------------------------


def test_contact_form_shows_current_name_and_phone(client, parent):
    client.force_login(parent)
    response = client.get(reverse("contact_details"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    body = response.content.decode()
    assert 'value="06 11111111"' in body
    assert 'for="id_name"' in body
    assert 'for="id_phone"' in body


def test_name_and_phone_are_corrected_on_open_cases_and_buddy_request(client, parent):
    open_case = parent.cases.get()
    closed = make_case(email=OLD, phone="06 11111111")
    Case.objects.filter(pk=closed.pk).update(status=Case.Status.CLOSED)
    buddy_request = BuddyRequestFactory(parent=parent, phone="06 11111111", share_phone=True)
    client.force_login(parent)
    response = client.post(
        reverse("contact_details"), {"name": "Sanne de Proef", "phone": "06 22334455"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("personal_data")
    parent.refresh_from_db()
    open_case.refresh_from_db()
    closed.refresh_from_db()
    buddy_request.refresh_from_db()
    assert parent.name == "Sanne de Proef"
    assert open_case.phone == "06 22334455"
    assert buddy_request.phone == "06 22334455"
    # A closed case keeps what it had: nobody calls about it any more.
    assert closed.phone == "06 11111111"


def test_phone_is_corrected_on_the_buddy_profile(client, site_settings):
    profile = BuddyProfileFactory(phone="06 11111111", share_phone=True)
    client.force_login(profile.user)
    client.post(reverse("contact_details"), {"name": "Buddy", "phone": "06 99999999"})
    profile.refresh_from_db()
    assert profile.phone == "06 99999999"


def test_phone_on_a_running_match_request_is_corrected(client, parent):
    buddy_request = BuddyRequestFactory(parent=parent, status="matched", phone="06 11111111")
    MatchFactory(request=buddy_request, status=Match.Status.ACTIVE)
    client.force_login(parent)
    client.post(reverse("contact_details"), {"name": "", "phone": "06 22334455"})
    buddy_request.refresh_from_db()
    assert buddy_request.phone == "06 22334455"


def test_empty_phone_stops_calling_and_sharing(client, parent):
    case = parent.cases.get()
    Case.objects.filter(pk=case.pk).update(contact_preference=Case.ContactPreference.PHONE)
    buddy_request = BuddyRequestFactory(parent=parent, phone="06 11111111", share_phone=True)
    client.force_login(parent)
    client.post(reverse("contact_details"), {"name": "Sanne", "phone": ""})
    case.refresh_from_db()
    buddy_request.refresh_from_db()
    assert case.phone == ""
    assert case.contact_preference == Case.ContactPreference.EMAIL
    assert buddy_request.phone == ""
    assert buddy_request.share_phone is False
    assert buddy_request.share_email is True


def test_bad_phone_is_refused_beside_the_field_and_kept(client, parent):
    client.force_login(parent)
    response = client.post(reverse("contact_details"), {"name": "Sanne", "phone": "bel me"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Vul een telefoonnummer in met 10 cijfers" in body
    assert 'value="bel me"' in body
    assert 'value="Sanne"' in body
    assert parent.cases.get().phone == "06 11111111"


def test_without_open_case_only_the_name_is_asked(client, site_settings):
    user = UserFactory(name="Oud")
    client.force_login(user)
    response = client.get(reverse("contact_details"))
    assert 'name="phone"' not in response.content.decode()
    client.post(reverse("contact_details"), {"name": "Nieuw", "phone": "06 12345678"})
    user.refresh_from_db()
    assert user.name == "Nieuw"


def test_correction_is_recorded_as_change(client, parent):
    client.force_login(parent)
    client.post(reverse("contact_details"), {"name": "Sanne", "phone": "06 22334455"})
    event = AccessEvent.objects.latest("id")
    assert event.action == AccessEvent.Action.CHANGE
    assert event.subject == parent
    assert event.actor == parent


def test_contact_form_is_not_for_staff(client, site_settings):
    worker = coordinator()
    client.force_login(worker)
    assert client.get(reverse("contact_details")).status_code == 403
    response = client.post(reverse("contact_details"), {"name": "Ander"})
    assert response.status_code == 403
    worker.refresh_from_db()
    assert worker.name != "Ander"


def test_contact_form_is_not_for_partners(client, site_settings):
    partner = UserFactory(roles=["partner"], organisation=OrganisationFactory())
    client.force_login(partner)
    assert client.post(reverse("email_change"), {"email": NEW}).status_code == 403
    assert mail.outbox == []


def test_contact_form_needs_sign_in(client, site_settings):
    response = client.post(reverse("contact_details"), {"name": "Ander"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- Email address -----------------------------------------------------------------------


def test_change_sends_a_link_to_the_new_address_only(client, parent, change):
    response = change(parent)
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [NEW]
    assert "/mijn/gegevens/e-mailadres/bevestigen/?t=" in _link_from(message)
    parent.refresh_from_db()
    assert parent.email == OLD
    assert EmailAddress.objects.get(user=parent).email == OLD


def test_link_confirms_the_new_address_and_tells_the_old_one(client, parent, change, confirm):
    change(parent)
    path, token = _confirm_path_and_token(_link_from(mail.outbox[0]))
    mail.outbox.clear()
    client.logout()
    page = client.get(path, {"t": token})
    assert page.status_code == 200
    assert NEW in page.content.decode()
    parent.refresh_from_db()
    assert parent.email == OLD  # opening the link changes nothing yet
    response = confirm(path, token)
    assert response.status_code == 200
    assert "Gelukt" in response.content.decode()
    parent.refresh_from_db()
    assert parent.email == NEW
    (address,) = EmailAddress.objects.filter(user=parent)
    assert (address.email, address.verified, address.primary) == (NEW, True, True)
    (notice,) = mail.outbox
    assert notice.to == [OLD]
    assert "Je e-mailadres is gewijzigd" in notice.subject
    assert "Was jij dit niet?" in notice.body
    assert NEW not in notice.body


def test_confirmation_is_recorded_as_change(client, parent, change, confirm):
    change(parent)
    path, token = _confirm_path_and_token(_link_from(mail.outbox[0]))
    confirm(path, token)
    event = AccessEvent.objects.latest("id")
    assert event.action == AccessEvent.Action.CHANGE
    assert event.subject == parent


def test_the_new_address_signs_in_with_a_code_afterwards(
    client, parent, change, confirm, committed
):
    change(parent)
    path, token = _confirm_path_and_token(_link_from(mail.outbox[0]))
    confirm(path, token)
    client.logout()
    mail.outbox.clear()
    committed(client.post, reverse("account_request_login_code"), {"email": NEW})
    (message,) = mail.outbox
    assert message.to == [NEW]
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.MULTILINE).group(1)
    client.post(reverse("account_confirm_login_code"), {"code": code})
    assert get_user(client).pk == parent.pk


def test_the_old_address_no_longer_gets_a_code(client, parent, change, confirm, committed):
    change(parent)
    path, token = _confirm_path_and_token(_link_from(mail.outbox[0]))
    confirm(path, token)
    client.logout()
    mail.outbox.clear()
    committed(client.post, reverse("account_request_login_code"), {"email": OLD})
    # allauth tells the old address that it has no account: no code.
    (message,) = mail.outbox
    assert message.to == [OLD]
    assert not re.search(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$", message.body, re.MULTILINE)
    assert not User.objects.filter(email__iexact=OLD).exists()


def test_link_works_once(client, parent, change, confirm):
    change(parent)
    path, token = _confirm_path_and_token(_link_from(mail.outbox[0]))
    confirm(path, token)
    mail.outbox.clear()
    again = confirm(path, token)
    assert again.status_code == 400
    assert "werkt niet (meer)" in again.content.decode()
    assert mail.outbox == []


def test_older_link_stops_working_after_another_change(client, parent, change, confirm):
    change(parent, "eerste@test.example.nl")
    change(parent, "tweede@test.example.nl")
    first = _confirm_path_and_token(_link_from(mail.outbox[0]))
    second = _confirm_path_and_token(_link_from(mail.outbox[1]))
    confirm(second[0], second[1])
    response = confirm(first[0], first[1])
    assert response.status_code == 400
    parent.refresh_from_db()
    assert parent.email == "tweede@test.example.nl"


def test_expired_link_is_refused(client, parent, change, confirm):
    with time_machine.travel(NOW, tick=False):
        change(parent)
        path, token = _confirm_path_and_token(_link_from(mail.outbox[0]))
    mail.outbox.clear()
    with time_machine.travel("2026-11-25 10:01 +01:00", tick=False):
        page = client.get(path, {"t": token})
        response = confirm(path, token)
    assert page.status_code == 400
    assert response.status_code == 400
    assert "verlopen" in response.content.decode()
    parent.refresh_from_db()
    assert parent.email == OLD
    assert mail.outbox == []


def test_link_just_within_the_day_works(client, parent, change, confirm):
    with time_machine.travel(NOW, tick=False):
        change(parent)
        path, token = _confirm_path_and_token(_link_from(mail.outbox[0]))
    with time_machine.travel("2026-11-25 09:59 +01:00", tick=False):
        confirm(path, token)
    parent.refresh_from_db()
    assert parent.email == NEW


@pytest.mark.parametrize("mangle", ["other_salt", "truncate", "empty", "wrong_shape"])
def test_tampered_link_is_refused(client, parent, mangle, change, confirm):
    change(parent)
    path, token = _confirm_path_and_token(_link_from(mail.outbox[0]))
    if mangle == "other_salt":
        token = signing.dumps({"u": parent.pk, "e": "aanvaller@test.example.nl", "f": ""})
    elif mangle == "truncate":
        token = token[:-3]
    elif mangle == "wrong_shape":
        token = signing.dumps([parent.pk, NEW], salt=contact_details.EMAIL_CHANGE_SALT)
    else:
        token = ""
    response = confirm(path, token)
    assert response.status_code == 400
    parent.refresh_from_db()
    assert parent.email == OLD


def test_taken_address_is_refused_without_saying_whose(client, parent, change):
    UserFactory(email=NEW, name="Iemand Anders")
    response = change(parent, NEW.upper())
    assert response.status_code == 400
    body = response.content.decode()
    assert "hoort al bij een ander account" in body
    assert "Iemand Anders" not in body
    assert f'value="{NEW.upper()}"' in body
    assert mail.outbox == []


def test_address_of_another_accounts_allauth_row_is_taken(client, parent, change):
    other = UserFactory(email="ander@test.example.nl")
    EmailAddress.objects.create(user=other, email=NEW, verified=False, primary=False)
    response = change(parent)
    assert response.status_code == 400
    assert mail.outbox == []


def test_address_taken_between_link_and_click_is_refused(client, parent, change, confirm):
    change(parent)
    path, token = _confirm_path_and_token(_link_from(mail.outbox[0]))
    UserFactory(email=NEW)
    mail.outbox.clear()
    response = confirm(path, token)
    assert response.status_code == 400
    assert "ander account" in response.content.decode()
    parent.refresh_from_db()
    assert parent.email == OLD
    assert mail.outbox == []


def test_same_address_is_refused(client, parent, change):
    response = change(parent, OLD.upper())
    assert response.status_code == 400
    assert "Dit is al je e-mailadres" in response.content.decode()
    assert mail.outbox == []


def test_bad_address_is_refused_beside_the_field(client, parent, change):
    response = change(parent, "geen-adres")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Dit e-mailadres klopt niet" in body
    assert 'value="geen-adres"' in body
    assert 'for="id_email"' in body


def test_no_email_is_sent_when_the_request_rolls_back(parent, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        contextlib.suppress(RuntimeError),
        transaction.atomic(),
    ):
        contact_details.email_change_request(user=parent, email=NEW)
        raise RuntimeError
    assert callbacks == []
    assert mail.outbox == []


def test_email_change_is_rate_limited(client, parent, change):
    for number in range(5):
        change(parent, f"nieuw{number}@test.example.nl")
    response = change(parent, "nieuw9@test.example.nl")
    assert response.status_code == 400
    assert "Wacht een uur" in response.content.decode()
    assert len(mail.outbox) == 5


def test_email_change_is_not_for_staff(client, site_settings):
    worker = coordinator()
    client.force_login(worker)
    assert client.post(reverse("email_change"), {"email": NEW}).status_code == 403
    assert mail.outbox == []


def test_confirm_page_sends_no_store(client, parent, change):
    change(parent)
    path, token = _confirm_path_and_token(_link_from(mail.outbox[0]))
    assert client.get(path, {"t": token})["Cache-Control"] == "private, no-store"


def test_token_is_not_in_the_path(client, parent, change):
    change(parent)
    path, token = _confirm_path_and_token(_link_from(mail.outbox[0]))
    assert token not in path


def test_wrong_link_says_how_to_reach_the_steunpunt(client, site_settings):
    response = client.get(reverse("email_change_confirm") + "?t=abc")

    content = response.content.decode()
    assert response.status_code == 400
    assert "werkt niet (meer)" in content
    assert site_settings.phone in content
    assert site_settings.email in content
    assert "no-store" in response.headers["Cache-Control"]
