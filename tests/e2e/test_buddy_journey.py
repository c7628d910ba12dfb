"""Journey: a parent asks for a buddy on a phone; the coordinator proposes the top
suggestion in the admin; the buddy accepts in the portal; both see each other's details;
two weeks later the parent answers the check-in and asks for help."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from oudernetwerk import services
from oudernetwerk.models import BuddyRequest, CheckIn, Match
from tests.e2e.conftest import axe_violations, screenshot, signed_in
from tests.factories import (
    BuddyProfileFactory,
    BuddyRequestFactory,
    MunicipalityFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 375, "height": 740}}


def test_request_to_accepted_match_and_checkin(browser, live_server, site_settings):
    town = MunicipalityFactory(name="Alkmaar", slug="alkmaar")
    theme = ThemeFactory(name="Thuiszitten", slug="thuiszitten")
    buddy = BuddyProfileFactory(
        user__email="buddy@test.example.nl",
        user__name="Fatima",
        themes=[theme],
        municipalities=[town],
        introduction="Moeder van een zoon die een jaar thuis zat.",
    )
    BuddyProfileFactory(user__email="ander@test.example.nl", user__name="Joost")
    parent = UserFactory(email="ouder@test.example.nl", name="Sanne")
    worker = coordinator(email="coordinator@test.example.nl")

    # 1. The parent asks for a buddy on a phone, and shares a phone number.
    page = signed_in(browser, live_server, parent, **PHONE)
    page.goto("/buddy/aanvragen/")
    page.get_by_label("Thuiszitten").check()
    page.get_by_label("Wat hoop je van een buddy?").fill(
        "Iemand die weet hoe het is als je kind thuis zit."
    )
    page.get_by_label("In welke gemeente woon je?").select_option(label="Alkmaar")
    page.get_by_label("Mijn buddy mag mijn telefoonnummer zien").check()
    page.get_by_label("Telefoonnummer", exact=True).fill("06 12345678")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Vraag een buddy aan").click()
    page.wait_for_url("**/buddy/aanvragen/ontvangen/")
    buddy_request = BuddyRequest.objects.get()
    assert buddy_request.phone == "06 12345678"

    # 2. The coordinator proposes the top suggestion from the ranking.
    admin = signed_in(browser, live_server, worker, viewport={"width": 1280, "height": 900})
    admin.goto(f"/admin/oudernetwerk/buddyrequest/{buddy_request.pk}/change/")
    first_row = admin.locator(".buddy-suggestions tbody tr").first
    assert "Fatima" in first_row.inner_text() or "buddy@test.example.nl" in first_row.inner_text()
    screenshot(admin, "buddy-admin-ranking")
    first_row.get_by_role("button").click()
    admin.wait_for_url(f"**/admin/oudernetwerk/buddyrequest/{buddy_request.pk}/change/")
    match = Match.objects.get()
    assert match.buddy == buddy
    assert match.status == Match.Status.PROPOSED

    # 3. The parent sees in /mijn/ that a buddy was asked, without a name.
    page.goto("/mijn/")
    assert "We hebben een buddy gevraagd" in page.content()
    assert "Fatima" not in page.content()

    # 4. The buddy answers in the portal on a phone and sees the parent's details.
    buddy_page = signed_in(browser, live_server, buddy.user, **PHONE)
    buddy_page.goto("/buddy/portaal/")
    assert "Sanne" not in buddy_page.content()
    assert axe_violations(buddy_page) == []
    screenshot(buddy_page, "buddy-portal-proposal")
    buddy_page.get_by_role("button", name="Ja, ik help deze ouder").click()
    buddy_page.wait_for_url(f"**/buddy/koppeling/{match.pk}/")
    assert "06 12345678" in buddy_page.content()
    assert "Sanne" in buddy_page.content()
    assert axe_violations(buddy_page) == []
    screenshot(buddy_page, "buddy-match-page")
    assert any("ouder@test.example.nl" in m.to for m in mail.outbox)

    # 5. The parent sees the buddy in /mijn/ and on the match page.
    page.goto("/mijn/")
    page.get_by_role("link", name="Bekijk je buddy").click()
    page.wait_for_url(f"**/buddy/koppeling/{match.pk}/")
    assert "buddy@test.example.nl" in page.content()
    assert "een jaar thuis zat" in page.content()
    page.get_by_role("button", name="We hebben contact gehad").click()
    page.wait_for_url(f"**/buddy/koppeling/{match.pk}/")
    assert Match.objects.get().status == Match.Status.ACTIVE

    # 6. Two weeks later both are asked how it goes; the parent asks for help.
    with time_machine.travel(timezone.now() + timedelta(days=15), tick=False):
        services.sweep()
    checkin = CheckIn.objects.get(respondent="parent")
    mail.outbox.clear()
    page.goto(f"/buddy/koppeling/{match.pk}/")
    page.get_by_role("link", name="Naar de vragen").click()
    page.wait_for_url(f"**/buddy/check-in/{checkin.pk}/")
    assert axe_violations(page) == []
    page.get_by_label("Niet goed").check()
    page.get_by_label("Ik wil graag dat de coördinator contact met me opneemt").check()
    screenshot(page, "buddy-checkin")
    page.get_by_role("button", name="Versturen").click()
    page.get_by_text("binnen twee werkdagen").wait_for()
    assert [m.to for m in mail.outbox] == [["coordinator@test.example.nl"]]


def test_buddy_declines_and_the_next_one_is_suggested(browser, live_server, site_settings):
    town = MunicipalityFactory(name="Bergen", slug="bergen")
    first = BuddyProfileFactory(user__name="Fatima", municipalities=[town])
    second = BuddyProfileFactory(user__name="Joost")
    buddy_request = BuddyRequestFactory(municipality=town)
    worker = coordinator()
    services.match_propose(request=buddy_request, buddy=first, actor=worker)
    match = Match.objects.get()

    buddy_page = signed_in(browser, live_server, first.user, **PHONE)
    buddy_page.goto("/buddy/portaal/")
    buddy_page.get_by_role("link", name="Nee, dit past nu niet").click()
    assert axe_violations(buddy_page) == []
    buddy_page.get_by_label("Waarom past het nu niet?").fill("Ik ben de komende maand weg.")
    buddy_page.get_by_role("button", name="Nee zeggen").click()
    buddy_page.wait_for_url("**/buddy/portaal/")
    match.refresh_from_db()
    assert match.status == Match.Status.DECLINED

    admin = signed_in(browser, live_server, worker, viewport={"width": 1280, "height": 900})
    admin.goto(f"/admin/oudernetwerk/buddyrequest/{buddy_request.pk}/change/")
    rows = admin.locator(".buddy-suggestions tbody tr")
    assert rows.count() == 1
    assert str(second) in rows.first.inner_text()
