"""Issue #13, items 4 and 5: every email allauth can send us is in our Dutch (the words
of docs/woordenlijst.md), through our own templates or the nl override catalogue."""

from pathlib import Path

import allauth
import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tests.factories import UserFactory
from tests.words import offending_words

pytestmark = pytest.mark.django_db

ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"
# Passkeys (webauthn) are not switched on here (settings.MFA_SUPPORTED_TYPES).
EMAILS = sorted(
    str(path.relative_to(ALLAUTH_TEMPLATES))
    for folder in ("account/email", "mfa/email")
    for path in (ALLAUTH_TEMPLATES / folder).glob("*.txt")
    if not path.name.startswith(("base_", "webauthn_"))
)


def test_there_are_emails_to_check():
    assert "account/email/unknown_account_message.txt" in EMAILS
    assert len(EMAILS) >= 30


@pytest.mark.parametrize("template", EMAILS)
def test_allauth_email_speaks_our_dutch(template, site_settings):
    user = UserFactory(email="ouder@example.nl")
    context = {
        "user": user,
        "email": "ouder@example.nl",
        "code": "ABCD-EFGH",
        "activate_url": "https://steunpunt.example.nl/bevestig/",
        "password_reset_url": "https://steunpunt.example.nl/wachtwoord/",
        "signup_url": "https://steunpunt.example.nl/accounts/signup/",
        "intake_url": "https://steunpunt.example.nl/vraag/",
        "site_settings": site_settings,
        "current_site": {"name": site_settings.name, "domain": "steunpunt.example.nl"},
        "from_email": "oud@example.nl",
        "to_email": "nieuw@example.nl",
        "deleted_email": "oud@example.nl",
        "ip": "192.0.2.1",
        "user_agent": "Firefox",
        "timestamp": "1 december 2026",
    }

    with translation.override("nl"):
        text = render_to_string(template, context)

    assert offending_words(text) == []
    assert "Je ontvang " not in text
