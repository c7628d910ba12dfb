"""Every page with personal data sends `Cache-Control: private, no-store` (issue #10, 8).

The header is set by one middleware, so the tests walk every named URL pattern rather
than a list someone must keep up to date."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.cache import get_max_age

from tests.factories import (
    ArticleFactory,
    BuddyRequestFactory,
    OrganisationFactory,
    UserFactory,
    coordinator,
    make_case,
)

pytestmark = pytest.mark.django_db

DUMMY = {"pk": 1, "slug": "x", "token": "x", "object_id": "1", "id": "1"}


def _named_urls(resolver=None, namespace=""):
    """One URL per named pattern, its parameters filled with dummies."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            kwargs = {name: DUMMY.get(name, "1") for name in pattern.pattern.regex.groupindex}
            try:
                yield reverse(namespace + pattern.name, kwargs=kwargs)
            except Exception:  # noqa: S112 - a pattern our dummies cannot fill
                continue


def _assert_private(response, url):
    cache_control = response.headers.get("Cache-Control", "")
    assert "private" in cache_control, (url, response.status_code, cache_control)
    assert "no-store" in cache_control, (url, response.status_code, cache_control)


def test_walk_finds_the_pages_of_every_app():
    urls = set(_named_urls())

    assert {"/mijn/", "/partner/", "/buddy/aanvragen/", "/raadplegen/", "/admin/"} <= urls
    assert "/accounts/login/" in urls
    assert len(urls) > 100


@pytest.mark.parametrize("who", ["parent", "coordinator"])
def test_every_page_for_a_signed_in_user_is_private(who):
    user = coordinator() if who == "coordinator" else UserFactory()
    client = Client(raise_request_exception=False)
    client.force_login(user)

    for url in _named_urls():
        if url.startswith("/accounts/logout"):
            continue
        _assert_private(client.get(url), url)


def test_the_pages_named_in_the_issue_are_private_with_real_data(client):
    case = make_case(email="ouder@test.example.nl")
    BuddyRequestFactory(parent=case.parent)
    client.force_login(case.parent)

    for url in ["/mijn/", f"/mijn/{case.pk}/", "/buddy/aanvragen/", "/raadplegen/"]:
        response = client.get(url)

        assert response.status_code == 200, url
        _assert_private(response, url)


def test_the_partner_portal_is_private(client):
    school = OrganisationFactory()
    partner = UserFactory(roles=["partner"], organisation=school)
    client.force_login(partner)

    response = client.get("/partner/")

    assert response.status_code == 200
    _assert_private(response, "/partner/")


@pytest.mark.parametrize(
    "url", ["/opvolging/een-oude-link/", "/evaluatie/een-oude-link/", "/accounts/login/", "/admin/"]
)
def test_signed_link_account_and_admin_pages_are_private_for_anyone(url):
    response = Client(raise_request_exception=False).get(url)

    _assert_private(response, url)


def test_an_anonymous_parent_who_just_asked_sees_a_private_confirmation(client):
    session = client.session
    session["intake_reference"] = make_case(email="ander@test.example.nl").reference
    session.save()

    response = client.get(reverse("casussen:received"))

    _assert_private(response, "received")


@pytest.mark.parametrize("url", ["/", "/contact/", "/kennisbank/", "/wegwijzer/", "/vraag/"])
def test_public_pages_for_anonymous_visitors_stay_cacheable(client, url):
    ArticleFactory()

    response = client.get(url)

    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert get_max_age(response) is None or get_max_age(response) >= 0
