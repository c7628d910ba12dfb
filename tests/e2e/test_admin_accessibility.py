"""The coordinator's main admin pages pass axe-core (WCAG 2.1 A/AA, serious and
critical): the case list, the case page with its autocomplete fields, a follow-up, a
buddy request with its ranking and a match."""

import pytest
from django.urls import reverse
from django.utils import timezone

from casussen import services
from casussen.deadlines import add_working_days
from tests.e2e.conftest import axe_violations, screenshot, signed_in
from tests.factories import (
    BuddyProfileFactory,
    BuddyRequestFactory,
    MatchFactory,
    OrganisationFactory,
    ThemeFactory,
    coordinator,
    make_case,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pages(site_settings):
    theme = ThemeFactory(name="Passend onderwijs", slug="passend-onderwijs")
    worker = coordinator(email="coordinator@test.example.nl")
    case = make_case(theme=theme, email="ouder@test.example.nl")
    services.case_assign(case=case, coordinator=worker, actor=worker)
    school = OrganisationFactory(name="Basisschool De Proeftuin")
    services.consent_give(case=case, organisation=school, method="phone", actor=worker)
    followup = services.followup_create(
        case=case,
        organisation=school,
        request="Wilt u de ouder bellen?",
        due_date=add_working_days(timezone.localdate(), 5),
        actor=worker,
    )
    ask = BuddyRequestFactory()
    BuddyProfileFactory.create_batch(3)
    match = MatchFactory()
    return worker, {
        "case-list": reverse("admin:casussen_case_changelist"),
        "case-page": reverse("admin:casussen_case_change", args=[case.pk]),
        "followup-page": reverse("admin:casussen_followup_change", args=[followup.pk]),
        "buddy-request-page": reverse("admin:oudernetwerk_buddyrequest_change", args=[ask.pk]),
        "match-page": reverse("admin:oudernetwerk_match_change", args=[match.pk]),
    }


@pytest.mark.parametrize(
    "name", ["case-list", "case-page", "followup-page", "buddy-request-page", "match-page"]
)
def test_admin_page_passes_axe(browser, live_server, pages, name):
    worker, urls = pages
    page = signed_in(browser, live_server, worker)
    page.goto(urls[name])
    page.wait_for_load_state("networkidle")
    screenshot(page, f"admin-axe-{name}")
    assert axe_violations(page) == []
