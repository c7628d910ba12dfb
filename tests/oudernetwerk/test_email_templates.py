"""Every email of the parent network renders as a Dutch subject, text and HTML, and what
goes to a buddy before a match says nothing about who the parent is."""

import pytest
from django.utils import timezone

from oudernetwerk import services
from steunpunt.outbox import render_email
from tests.factories import BuddyProfileFactory, BuddyRequestFactory, MatchFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def _contexts(site_settings) -> dict[str, dict]:
    profile = BuddyProfileFactory(user__name="Fatma Proef")
    request = BuddyRequestFactory(
        themes=[ThemeFactory(name="Thuiszitten")],
        hopes="Mijn zoon Daan zit thuis.",
        parent__email="geheim.ouder@test.example.nl",
    )
    match = MatchFactory(request=request, buddy=profile)
    base = {"site_settings": site_settings, "admin_url": "https://osp.example/admin/x/"}
    return {
        "buddy_application_received": {**base, "profile": profile, "buddy_url": "https://b/"},
        "buddy_applied": {**base, "profile": profile},
        "buddy_approved": {**base, "profile": profile, "buddy_url": None, "answer_days": 5},
        "buddy_rejected": {**base, "profile": profile},
        "request_received": {**base, "buddy_request": request},
        "request_created": {**base, "buddy_request": request},
        "match_proposed": {
            **base,
            "match": match,
            "buddy_request": request,
            "themes": list(request.themes.all()),
            "answer_by": timezone.localdate(),
            "portal_url": None,
        },
        "vog_expiring": {
            **base,
            "profile": profile,
            "valid_until": services.vog_valid_until(profile.vog_date),
            "expired": False,
        },
    }


def test_every_email_renders_as_a_triple(site_settings):
    for name, context in _contexts(site_settings).items():
        subject, text, html = render_email(template=f"oudernetwerk/email/{name}", context=context)

        assert subject, name
        assert "\n" not in subject, name
        assert text.startswith("Hallo,"), name
        assert site_settings.name in text, name
        assert "<html" in html, name
        assert "Hallo," in html, name


def test_the_proposal_says_nothing_about_who_the_parent_is(site_settings):
    context = _contexts(site_settings)["match_proposed"]

    subject, text, html = render_email(
        template="oudernetwerk/email/match_proposed", context=context
    )

    for part in (subject, text, html):
        assert "geheim.ouder@test.example.nl" not in part
        assert "Daan" not in part
    assert "Thuiszitten" in text
    assert "Bel of mail ons met je antwoord." in text
