import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import get_user
from django.core import mail
from django.urls import reverse

from tests.factories import TEST_TOTP_SECRET, UserFactory, coordinator, editor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("totp_window")]


def _current_totp() -> str:
    return format_hotp_value(hotp_value(TEST_TOTP_SECRET, int(time.time()) // 30))


def _code_from(message) -> str:
    return re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.MULTILINE).group(1)


def test_anonymous_admin_visit_goes_to_allauth_login(client):
    response = client.get("/admin/", follow=True)

    final_url, _status = response.redirect_chain[-1]
    assert final_url == reverse("account_login") + "?next=%2Fadmin%2F"
    assert response.status_code == 200
    assert "Inloggen" in response.content.decode()


def test_admin_login_page_itself_redirects_to_allauth(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_login_page_offers_code_first_in_dutch(client):
    content = client.get(reverse("account_login")).content.decode()

    assert "Stuur mij een inlogcode" in content
    assert "geen wachtwoord nodig" in content


def test_parent_signs_in_with_emailed_code(client, django_capture_on_commit_callbacks):
    parent = UserFactory(password=None)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": parent.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [parent.email]

    response = client.post(
        reverse("account_confirm_login_code"), {"code": _code_from(mail.outbox[0])}
    )

    assert response.status_code == 302
    assert get_user(client).pk == parent.pk


def test_wrong_login_code_is_refused(client, django_capture_on_commit_callbacks):
    parent = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": parent.email})

    response = client.post(reverse("account_confirm_login_code"), {"code": "000000"})

    assert response.status_code == 200
    assert not get_user(client).is_authenticated


def test_staff_with_totp_must_enter_second_factor_after_password(client):
    user = coordinator()

    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "een-lang-testwachtwoord"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not get_user(client).is_authenticated


def test_staff_second_factor_completes_login_and_opens_admin(client):
    user = coordinator()
    client.post(
        reverse("account_login"), {"login": user.email, "password": "een-lang-testwachtwoord"}
    )

    response = client.post(reverse("mfa_authenticate"), {"code": _current_totp()})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_staff_with_totp_signing_in_by_code_still_needs_second_factor(
    client, django_capture_on_commit_callbacks
):
    user = editor()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": user.email})

    response = client.post(
        reverse("account_confirm_login_code"), {"code": _code_from(mail.outbox[0])}
    )

    assert response["Location"] == reverse("mfa_authenticate")
    assert not get_user(client).is_authenticated


def test_staff_without_second_factor_is_sent_to_set_it_up(client):
    user = UserFactory(roles=["editor"], is_staff=True)
    client.force_login(user)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_without_second_factor_cannot_open_any_admin_page(client):
    user = UserFactory(roles=["coordinator"], is_staff=True)
    client.force_login(user)

    response = client.get(reverse("admin:steunpunt_organisation_changelist"))

    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_without_second_factor_can_still_use_public_pages(client):
    client.force_login(UserFactory(roles=["coordinator"], is_staff=True))

    assert client.get(reverse("home")).status_code == 200


def test_parent_is_refused_in_admin(client):
    client.force_login(UserFactory())

    response = client.get(reverse("admin:index"), follow=True)

    assert response.status_code == 403
    assert "geen toegang" in response.content.decode()


@pytest.mark.parametrize("role", ["buddy", "partner"])
def test_buddy_and_partner_are_refused_in_admin(client, role):
    client.force_login(UserFactory(roles=[role]))

    assert client.get(reverse("admin:index"), follow=True).status_code == 403


def test_login_is_rate_limited(client, settings):
    user = UserFactory()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "fout"})

    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "een-lang-testwachtwoord"}
    )

    assert not get_user(client).is_authenticated
    assert response.status_code in {200, 429}


def test_new_account_needs_no_password(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), {"email": "nieuw@test.example.nl"})

    assert response.status_code == 302
    assert mail.outbox[0].to == ["nieuw@test.example.nl"]


def test_login_page_shows_the_steunpunt_name_not_the_host(client, site_settings):
    content = client.get(reverse("account_login")).content.decode()

    assert site_settings.name in content
    assert "testserver" not in content


def test_login_page_asks_for_the_email_to_send_a_code_to(client):
    content = client.get(reverse("account_login")).content.decode()

    assert f'action="{reverse("account_request_login_code")}' in content
    assert 'name="email"' in content


def test_superuser_without_groups_must_set_up_second_factor(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:index"))

    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_without_password_cannot_enrol_second_factor_with_only_a_code(client):
    user = UserFactory(roles=["coordinator"], is_staff=True, password=None)
    user.set_unusable_password()
    user.save()
    client.force_login(user)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 403
    assert "nog geen wachtwoord" in response.content.decode()


def test_login_code_request_survives_a_broken_mail_server(
    client, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.steunpunt.broken_mail.BrokenBackend"
    parent = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": parent.email})

    assert response.status_code == 302
