import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["home", "contact", "privacy", "accessibility"]


@pytest.mark.parametrize("page", PAGES)
def test_public_page_renders_in_dutch(client, page):
    response = client.get(reverse(page))

    assert response.status_code == 200
    assert response["Content-Language"] == "nl"
    assert b'<html lang="nl">' in response.content
    assert b"Naar de inhoud" in response.content


@pytest.mark.parametrize("page", PAGES)
def test_public_page_renders_in_english_after_switch(client, page):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    response = client.get(reverse(page))

    assert response["Content-Language"] == "en"
    assert b'<html lang="en">' in response.content
    assert b"Skip to content" in response.content


def test_browser_language_does_not_override_dutch(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response["Content-Language"] == "nl"


def test_home_offers_the_three_ways_in(client):
    content = client.get(reverse("home")).content.decode()

    assert "Stel een vraag of dien een klacht in" in content
    assert "Zoek in de kennisbank" in content
    assert "Ontmoet andere ouders" in content
    assert f'href="{reverse("kennisbank:index")}"' in content


def test_home_shows_site_contact_details(client, site_settings):
    response = client.get(reverse("home"))

    assert site_settings.phone in response.content.decode()
    assert site_settings.email in response.content.decode()


def test_privacy_statement_names_rights_and_retention(client):
    content = client.get(reverse("privacy")).content.decode()

    assert "Autoriteit Persoonsgegevens" in content
    assert "bewaren" in content.lower()


def test_unknown_page_answers_dutch_404(client):
    response = client.get("/bestaat-niet/")

    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_pages_send_a_strict_content_security_policy(client):
    response = client.get(reverse("home"))

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize(
    "url",
    ["/", "/contact/", "/privacy/", "/toegankelijkheid/", "/accounts/login/", "/kennisbank/"],
)
def test_pages_have_no_inline_script_or_style(client, url):
    content = client.get(url).content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)", content)
    assert "<style" not in content
    assert not re.search(r"\sstyle=", content)
    assert not re.search(r"\son[a-z]+=", content)


def test_base_layout_has_landmarks_and_skip_link(client):
    content = client.get(reverse("home")).content.decode()

    assert '<a class="skip-link" href="#main">' in content
    assert '<main id="main"' in content
    assert "<header" in content
    assert "<footer" in content
    assert 'aria-label="Hoofdmenu"' in content


def test_favicon_ico_points_to_the_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"].endswith("img/favicon.svg")
