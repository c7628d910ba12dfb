"""Journey: a parent on a phone writes the timeline of their child (five entries), opens
the print view, shares three entries with their case and with the school they gave
consent for; the coordinator sees exactly those three on the case page, the school sees
them through its link. Every new page passes axe-core and fits the phone."""

import pytest
from django.utils import timezone

from casussen import services
from casussen.deadlines import add_working_days
from casussen.models import Consent
from tests.e2e.conftest import axe_violations, screenshot, signed_in
from tests.factories import OrganisationFactory, UserFactory, coordinator, make_case
from tijdlijn.models import Entry

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 375, "height": 740}}

ENTRIES = [
    ("School", "9-2023", "Start in groep 5. Lezen gaat moeilijk."),
    ("Hulp of zorg", "15-1-2024", "Onderzoek naar dyslexie. Veel spanning."),
    ("Thuis", "maart 2024", "Buikpijn in de ochtend, drie dagen thuis."),
    ("Nieuwe klas of school", "9-2024", "Nieuwe klas met een vaste juf."),
    ("Iets anders", "2-2025", "Zwemdiploma gehaald, heel trots."),
]
SHARED = [0, 2, 4]


def _fits_and_passes(page, name: str) -> None:
    # Called right after a click that opens the page: wait until it has replaced the last.
    page.wait_for_load_state()
    page.wait_for_function("() => document.documentElement !== null && document.body !== null")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, name
    assert axe_violations(page) == [], name


def test_parent_writes_prints_and_shares_three_entries(browser, live_server, site_settings):
    parent = UserFactory(email="ouder.e2e@test.example.nl")
    school = OrganisationFactory(name="Basisschool De Vlinder")
    worker = coordinator()
    case = make_case(email=parent.email, school=school)
    consent = services.consent_give(
        case=case, organisation=school, method=Consent.Method.PORTAL, actor=parent
    )
    followup = services.followup_create(
        case=case,
        organisation=school,
        request="Wilt u een gesprek plannen?",
        due_date=add_working_days(timezone.localdate(), 5),
        actor=worker,
    )
    page = signed_in(browser, live_server, parent, **PHONE)

    page.goto("/mijn/")
    page.get_by_role("link", name="De tijdlijn van je kind").click()
    page.wait_for_url("**/mijn/tijdlijn/")
    assert page.get_by_role("heading", name="Je tijdlijn is nog leeg").is_visible()
    _fits_and_passes(page, "empty timeline")
    screenshot(page, "timeline-empty")

    # The first entry starts from a prompt; a wrong date first, and nothing typed is lost.
    page.get_by_role("link", name="Schrijf iets over: school").click()
    page.get_by_label("Wanneer was het (of wanneer begon het)?").fill("ergens in 2023")
    page.get_by_label("Wat gebeurde er?").fill(ENTRIES[0][2])
    page.get_by_role("button", name="Opslaan").click()
    assert page.locator(".error-summary").is_visible()
    assert page.get_by_label("Wat gebeurde er?").input_value() == ENTRIES[0][2]
    _fits_and_passes(page, "form with an error")
    screenshot(page, "timeline-form-error")
    page.get_by_label("Wanneer was het (of wanneer begon het)?").fill(ENTRIES[0][1])
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/mijn/tijdlijn/")

    for kind, when, what in ENTRIES[1:]:
        page.get_by_role("link", name="Schrijf een nieuw punt").click()
        page.get_by_label(kind, exact=True).check()
        page.get_by_label("Wanneer was het (of wanneer begon het)?").fill(when)
        page.get_by_label("Wat gebeurde er?").fill(what)
        page.get_by_label("Wat zegt je kind erover? (mag leeg blijven)").fill("Het was spannend.")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_url("**/mijn/tijdlijn/")
    assert Entry.objects.filter(owner=parent).count() == 5
    _fits_and_passes(page, "timeline with entries")
    screenshot(page, "timeline-list")

    page.get_by_role("link", name="Afdrukken").click()
    page.wait_for_url("**/mijn/tijdlijn/afdrukken/")
    page.emulate_media(media="print")
    for _kind, _when, what in ENTRIES:
        assert page.get_by_text(what).is_visible()
    assert not page.get_by_role("link", name="Terug naar je tijdlijn").is_visible()
    screenshot(page, "timeline-print")
    page.emulate_media(media="screen")
    _fits_and_passes(page, "print view")
    page.get_by_role("link", name="Terug naar je tijdlijn").click()

    with page.expect_navigation():
        page.get_by_role("link", name=f"Deel met Vraag {case.reference}").click()
    _fits_and_passes(page, "share page")
    for index, (_kind, _when, what) in enumerate(ENTRIES):
        if index not in SHARED:
            page.get_by_label(what, exact=False).uncheck()
    page.get_by_label("Basisschool De Vlinder").check()
    screenshot(page, "timeline-share")
    page.get_by_role("button", name="Deel mijn tijdlijn").click()
    page.wait_for_url("**/mijn/tijdlijn/")
    with page.expect_navigation():
        page.get_by_role("link", name="Bekijk wat je deelde").first.click()
    _fits_and_passes(page, "share detail")

    admin = signed_in(browser, live_server, worker)
    admin.goto(f"/admin/casussen/case/{case.pk}/change/")
    shared = admin.locator(".timeline-shared-admin .timeline-share")
    assert shared.count() == 2  # with the steunpunt, and with the school
    steunpunt = shared.filter(has_text="Gedeeld met het steunpunt")
    assert steunpunt.locator(".timeline-shared-entry").count() == 3
    text = steunpunt.inner_text()
    for index, (_kind, _when, what) in enumerate(ENTRIES):
        assert (what in text) is (index in SHARED)
    screenshot(admin, "timeline-admin-case")

    school_page = browser.new_page(base_url=live_server.url, viewport={"width": 375, "height": 740})
    school_page.goto(f"/opvolging/{services.followup_token(followup)}/")
    section = school_page.locator(".timeline-shared-partner")
    assert section.locator(".timeline-shared-entry").count() == 3
    _fits_and_passes(school_page, "partner follow-up page")

    services.consent_withdraw(consent=consent, actor=parent)
    school_page.reload()
    assert school_page.locator(".timeline-shared-partner").count() == 0
    school_page.close()


def test_deleting_asks_first_on_a_phone(browser, live_server, site_settings):
    parent = UserFactory(email="ouder.e2e2@test.example.nl")
    Entry.objects.create(
        owner=parent,
        kind="home",
        starts_on=timezone.localdate().replace(day=1),
        starts_precision="month",
        what_happened="Verhuisd naar een ander dorp.",
    )
    page = signed_in(browser, live_server, parent, **PHONE)
    page.goto("/mijn/tijdlijn/")

    with page.expect_navigation():
        page.get_by_role("link", name="Verwijderen").click()
    _fits_and_passes(page, "delete confirmation")
    page.get_by_role("button", name="Ja, verwijder dit punt").click()
    page.wait_for_url("**/mijn/tijdlijn/")

    assert not Entry.objects.exists()
    assert page.get_by_text("Het punt is van je tijdlijn verwijderd.").is_visible()
