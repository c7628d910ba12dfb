"""Issue #13, item 6: a staff member's first set-up of the app asks the password once,
ends on recovery codes that say what they are for, and leads back to the admin (or the
page they came from)."""

import re
import time

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.contrib.auth import get_user
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory, has_totp
from tests.words import offending_words, visible_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("totp_window")]

PASSWORD = "een-lang-testwachtwoord"


def _code_from(message) -> str:
    return re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.MULTILINE).group(1)


def _sign_in_by_code(client, user, capture):
    mail.outbox.clear()
    with capture(execute=True):
        client.post(reverse("account_request_login_code"), {"email": user.email})
    return client.post(reverse("account_confirm_login_code"), {"code": _code_from(mail.outbox[-1])})


def _set_up_app(client, capture):
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200, page.get("Location")
    secret = page.context["form"].secret
    with capture(execute=True):
        return client.post(
            reverse("mfa_activate_totp"),
            {"code": format_hotp_value(hotp_value(secret, int(time.time()) // 30))},
            follow=True,
        )


def _set_up_app_from_page(client, capture):
    """Post a valid code for the secret of the set-up form the session already holds."""
    secret = client.session[SECRET_SESSION_KEY]
    with capture(execute=True):
        return client.post(
            reverse("mfa_activate_totp"),
            {"code": format_hotp_value(hotp_value(secret, int(time.time()) // 30))},
        )


@pytest.fixture
def new_editor():
    return UserFactory(roles=["editor"], is_staff=True, password=PASSWORD)


def test_password_first_then_code_asks_the_password_once(
    client, new_editor, django_capture_on_commit_callbacks
):
    client.post(reverse("account_login"), {"login": new_editor.email, "password": PASSWORD})
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("account_request_login_code")
    assert "niet nog een keer" in response.content.decode()

    _sign_in_by_code(client, new_editor, django_capture_on_commit_callbacks)
    response = client.get(reverse("admin:index"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    assert reverse("account_reauthenticate") not in [url for url, _ in response.redirect_chain]
    _set_up_app(client, django_capture_on_commit_callbacks)
    assert has_totp(new_editor)


def test_code_first_asks_the_password_once(client, new_editor, django_capture_on_commit_callbacks):
    _sign_in_by_code(client, new_editor, django_capture_on_commit_callbacks)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))

    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    _set_up_app(client, django_capture_on_commit_callbacks)

    assert has_totp(new_editor)


def test_an_old_password_is_asked_again(client, new_editor, django_capture_on_commit_callbacks):
    with time_machine.travel("2026-12-01 09:00 +0100", tick=False):
        client.post(reverse("account_login"), {"login": new_editor.email, "password": PASSWORD})
        client.get(reverse("admin:index"), follow=True)
    with time_machine.travel("2026-12-01 09:20 +0100", tick=False):
        _sign_in_by_code(client, new_editor, django_capture_on_commit_callbacks)
        response = client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_the_password_counts_only_until_its_own_window_ends(
    client, new_editor, django_capture_on_commit_callbacks
):
    """Given at 09:00, the password counts for allauth's five minutes from 09:00: opening
    the set-up at 09:04 does not give it five more."""
    with time_machine.travel("2026-12-01 09:00 +0100", tick=False):
        client.post(reverse("account_login"), {"login": new_editor.email, "password": PASSWORD})
        client.get(reverse("admin:index"), follow=True)
    with time_machine.travel("2026-12-01 09:04 +0100", tick=False):
        _sign_in_by_code(client, new_editor, django_capture_on_commit_callbacks)
        assert client.get(reverse("mfa_activate_totp")).status_code == 200
    with time_machine.travel("2026-12-01 09:06 +0100", tick=False):
        response = _set_up_app_from_page(client, django_capture_on_commit_callbacks)

    assert not has_totp(new_editor)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_someone_elses_password_does_not_count(client, django_capture_on_commit_callbacks):
    first = UserFactory(roles=["editor"], is_staff=True, password=PASSWORD)
    other = UserFactory(roles=["editor"], is_staff=True, password=PASSWORD)
    client.post(reverse("account_login"), {"login": first.email, "password": PASSWORD})
    client.get(reverse("admin:index"), follow=True)

    _sign_in_by_code(client, other, django_capture_on_commit_callbacks)
    response = client.get(reverse("mfa_activate_totp"))

    assert get_user(client).pk == other.pk
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_recovery_codes_say_what_they_are_for_and_lead_back(
    client, new_editor, django_capture_on_commit_callbacks
):
    start = reverse("admin:kennisbank_article_changelist")
    _sign_in_by_code(client, new_editor, django_capture_on_commit_callbacks)
    client.get(start)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    response = _set_up_app(client, django_capture_on_commit_callbacks)

    assert response.redirect_chain[-1][0] == reverse("mfa_view_recovery_codes")
    page = response.content.decode()
    text = visible_text(page)
    assert "Een herstelcode gebruik je als je de app voor inlogcodes niet kunt gebruiken." in text
    assert "Bewaar de codes nu op een veilige plek" in text
    assert f'href="{start}">Verder naar het beheer</a>' in page
    assert offending_words(text) == []
    assert client.get(start).status_code == 200


def test_recovery_codes_lead_to_the_admin_without_a_page_to_return_to(client):
    user = UserFactory(roles=["editor"], is_staff=True, password=PASSWORD, totp=True)
    client.force_login(user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.post(reverse("mfa_generate_recovery_codes"))

    page = client.get(reverse("mfa_view_recovery_codes")).content.decode()

    assert f'href="{reverse("admin:index")}">Verder naar het beheer</a>' in page
