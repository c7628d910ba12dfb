"""Issue #13, items 4 and 5: a code asked for an unknown address says plainly what
happens, and every sign-in, code, second-step and password page speaks our Dutch: "je",
and the words of docs/woordenlijst.md, also where allauth and Django bring their own."""

import re

import pytest
from allauth.account.internal.flows.login import record_authentication
from django.core import mail
from django.http import HttpRequest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tests.factories import ThemeFactory, UserFactory, coordinator
from tests.words import banned_words, offending_words, visible_text

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-testwachtwoord"
SITE = "https://steunpunt.example.nl"


def _code_page(client, email: str, capture) -> str:
    with capture(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": email})
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_word_list_bans_the_words_of_the_issue():
    assert {"aanmeldcode", "afgemeld", "authenticator-app", "twee-factor-authenticatie"} <= set(
        banned_words()
    )


def test_code_page_for_an_unknown_address_says_what_happens(
    client, django_capture_on_commit_callbacks
):
    page = _code_page(client, "onbekend@example.nl", django_capture_on_commit_callbacks)
    text = visible_text(page)

    assert "Als onbekend@example.nl bij ons bekend is, krijg je binnen een paar minuten" in text
    assert "Dan heb je nog geen account met dit e-mailadres." in text
    assert f'href="{reverse("casussen:intake")}"' in page
    assert "verzonden" not in text
    assert offending_words(text) == []


def test_code_page_reads_the_same_for_a_known_address(client, django_capture_on_commit_callbacks):
    known = UserFactory(email="bekend@example.nl")
    unknown = _code_page(client, "onbekend@example.nl", django_capture_on_commit_callbacks)
    client.logout()

    page = _code_page(client, known.email, django_capture_on_commit_callbacks)

    def without_address_and_token(html: str, address: str) -> str:
        html = html.replace(address, "ADDRESS")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    assert without_address_and_token(page, known.email) == without_address_and_token(
        unknown, "onbekend@example.nl"
    )


@override_settings(SITE_URL=SITE)
def test_unknown_address_gets_an_email_with_the_address_and_the_question_form(
    client, django_capture_on_commit_callbacks, site_settings
):
    _code_page(client, "onbekend@example.nl", django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["onbekend@example.nl"]
    assert message.subject == (
        "Inloggen bij Oudersteunpunt Proefregio: geen account met dit e-mailadres"
    )
    assert "inloggen met dit e-mailadres: onbekend@example.nl" in message.body
    assert f"{SITE}/vraag/" in message.body
    assert "Je ontvang " not in message.body
    assert offending_words(message.body) == []


def test_known_address_gets_the_code_not_the_unknown_account_email(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="bekend@example.nl")

    _code_page(client, user.email, django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [[user.email]]
    assert re.search(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$", mail.outbox[0].body, re.MULTILINE)
    assert "geen account" not in mail.outbox[0].body


def _reauthenticated(client, user) -> None:
    client.force_login(user)
    session = client.session
    request = HttpRequest()
    request.session, request.user = session, user
    record_authentication(request, user, "password", reauthenticated=True)
    session.save()


ANONYMOUS_PAGES = [
    "account_login",
    "account_request_login_code",
    "account_reset_password",
    "account_reset_password_done",
    "account_signup",
]
SIGNED_IN_PAGES = [
    "account_logout",
    "account_reauthenticate",
    "account_change_password",
    "account_email",
    "mfa_index",
    "mfa_activate_totp",
]
TOTP_PAGES = [
    "mfa_reauthenticate",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_deactivate_totp",
]


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_anonymous_sign_in_pages_follow_the_word_list(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert offending_words(visible_text(response.content.decode())) == []


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_signed_in_account_pages_follow_the_word_list(client, name):
    _reauthenticated(client, UserFactory(password=PASSWORD))

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert offending_words(visible_text(response.content.decode())) == []


@pytest.mark.parametrize("name", TOTP_PAGES)
def test_second_step_pages_follow_the_word_list(client, name):
    user = UserFactory(password=PASSWORD, totp=True)
    _reauthenticated(client, user)
    client.get(reverse("mfa_generate_recovery_codes"))
    client.post(reverse("mfa_generate_recovery_codes"))

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert offending_words(visible_text(response.content.decode())) == []


def test_second_step_after_the_password_follows_the_word_list(client):
    user = UserFactory(password=PASSWORD, totp=True)
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    response = client.get(reverse("mfa_authenticate"))

    assert response.status_code == 200
    assert offending_words(visible_text(response.content.decode())) == []


def test_wrong_password_says_it_in_our_words(client):
    user = UserFactory(password=PASSWORD)

    response = client.post(reverse("account_login"), {"login": user.email, "password": "fout"})

    assert "Het e-mailadres of het wachtwoord klopt niet." in response.content.decode()


def test_signing_out_says_uitgelogd(client):
    client.force_login(UserFactory())

    response = client.post(reverse("account_logout"), follow=True)

    assert "Je bent uitgelogd." in response.content.decode()
    assert "afgemeld" not in response.content.decode()


def test_password_rules_say_je(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "nieuw@example.nl", "password1": "12345"},
    )

    errors = " ".join(response.context["form"].errors["password1"])
    assert "Dit wachtwoord is te kort." in errors
    assert "alleen uit cijfers" in errors
    assert offending_words(errors) == []


ADMIN_MESSAGES = [
    ("The {name} “{obj}” was added successfully.", "Toegevoegd: artikel “Thuiszitten”."),
    (
        "The {name} “{obj}” was changed successfully. You may edit it again below.",
        "Opgeslagen: artikel “Thuiszitten”. Je kunt het hieronder verder bewerken.",
    ),
    (
        "The {name} “{obj}” was added successfully. You may add another {name} below.",
        "Toegevoegd: artikel “Thuiszitten”. Je kunt hieronder nog een artikel toevoegen.",
    ),
    ("The {name} “{obj}” was changed successfully.", "Opgeslagen: artikel “Thuiszitten”."),
]


@pytest.mark.parametrize(("msgid", "expected"), ADMIN_MESSAGES)
def test_admin_change_messages_say_je_without_de_or_het(msgid, expected):
    with translation.override("nl"):
        text = translation.gettext(msgid).format(name="artikel", obj="Thuiszitten")

    assert text == expected
    assert offending_words(text) == []


def test_admin_save_message_in_dutch(client):
    client.force_login(coordinator())
    theme = ThemeFactory(name="Thuiszitten")
    url = reverse("admin:steunpunt_theme_change", args=[theme.pk])

    response = client.post(
        url,
        {
            "name": "Thuiszitten",
            "slug": theme.slug,
            "description": "",
            "position": 1,
            "is_active": "on",
            "_continue": "1",
        },
        follow=True,
    )

    text = visible_text(response.content.decode())
    assert "Opgeslagen: thema “Thuiszitten”. Je kunt het hieronder verder bewerken." in text
    assert offending_words(text) == []
