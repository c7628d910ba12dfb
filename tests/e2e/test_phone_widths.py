"""Every page a visitor, parent, buddy or partner can open fits a 320 and a 390 px phone:
no sideways scrolling, and every table shows each column's header with each row (the
`.table-stack` pattern), so no column disappears off screen."""

from datetime import timedelta

import pytest
from django.utils import timezone

from casussen import services as case_services
from casussen.models import Case, Consent, FollowUp
from oudernetwerk.models import CheckIn
from steunpunt.deadlines import is_working_day
from tests.clients import SecondFactorClient
from tests.e2e.conftest import ARTIFACTS, screenshot
from tests.factories import (
    ArticleFactory,
    BuddyProfileFactory,
    BuddyRequestFactory,
    MatchFactory,
    OrganisationFactory,
    UserFactory,
    coordinator,
    make_case,
)
from tests.factories.consultations import invited_member, survey
from tests.factories.meetups import MeetupFactory, MeetupRegistrationFactory

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (320, 390)

# For each table: its column headers, and for each body row whether every cell shows
# the header of its column (the table's own header row when it is on screen, otherwise
# the cell's data-label drawn above its value) and lies within the viewport.
TABLE_CHECK = """() => {
  const problems = [];
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 1 && box.height > 1 && style.visibility !== 'hidden'
      && box.left >= -1 && box.right <= window.innerWidth + 1;
  };
  document.querySelectorAll('main table').forEach((table, t) => {
    const headers = [...table.querySelectorAll('thead th')].map((th) => th.innerText.trim());
    const headerShown = [...table.querySelectorAll('thead th')].every(visible);
    table.querySelectorAll('tbody tr').forEach((row, r) => {
      [...row.children].forEach((cell, c) => {
        const where = `table ${t} row ${r} column ${c}`;
        if (!visible(cell)) { problems.push(`${where}: cell not on screen`); return; }
        if (headerShown) return;
        const label = getComputedStyle(cell, '::before').content;
        if (label !== JSON.stringify(headers[c])) {
          problems.push(`${where}: shows ${label}, header is ${headers[c]}`);
        }
      });
    });
  });
  return problems;
}"""


def _context(browser, live_server, width, user=None):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 800}, locale="nl-NL"
    )
    if user is not None:
        client = SecondFactorClient()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
    return context


def _check(browser, live_server, user, paths, name):
    problems = []
    for width in WIDTHS:
        context = _context(browser, live_server, width, user)
        page = context.new_page()
        for path in paths:
            response = page.goto(path)
            assert response.status == 200, (path, response.status)
            overflow = page.evaluate(
                "() => [document.documentElement.scrollWidth, window.innerWidth]"
            )
            if overflow[0] > overflow[1]:
                problems.append(f"{path} at {width}px: {overflow[0]} wide")
            problems += [f"{path} at {width}px: {p}" for p in page.evaluate(TABLE_CHECK)]
            # Not the signed tokens of the links: they stay out of file names.
            slug = "-".join(p for p in path.strip("/").split("/") if len(p) < 24) or "home"
            screenshot(page, f"phone-{name}-{slug}-{width}")
            for index, table in enumerate(page.locator("main table").all()):
                table.screenshot(
                    path=str(ARTIFACTS / f"phone-{name}-{slug}-{width}-table{index}.png")
                )
        context.close()
    assert problems == []


def _working_day(day):
    """The day itself, or the first working day after it (a follow-up is due on one)."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


@pytest.fixture
def partner_setup(site_settings):
    school = OrganisationFactory(name="Basisschool De Regenboog met een lange naam")
    worker = coordinator(email="coordinator@steunpunt.example.nl")
    partner = UserFactory(roles=["partner"], organisation=school, email="ib@test.example.nl")
    followups = []
    for days, request in [
        (7, "Wilt u een gesprek plannen met de ouder en de intern begeleider? " * 3),
        (-2, "Kunt u laten weten of er een ontwikkelingsperspectiefplan (OPP) is?"),
        (5, "Is een plek op het speciaal onderwijs al besproken?"),
    ]:
        case = make_case(email=f"ouder{days}@test.example.nl", school=school)
        case_services.consent_give(
            case=case, organisation=school, method=Consent.Method.PHONE, actor=worker
        )
        followups.append(
            case_services.followup_create(
                case=case,
                organisation=school,
                request=request,
                due_date=_working_day(timezone.localdate() + timedelta(days=max(days, 1))),
                actor=worker,
            )
        )
    # The second answer is late: its due date passed (set directly, as time passing would).
    FollowUp.objects.filter(pk=followups[1].pk).update(
        due_date=timezone.localdate() - timedelta(days=2)
    )
    case_services.followup_answer(
        followup=followups[2],
        answer="Ja, dat gesprek is gepland.",
        via=FollowUp.Channel.PORTAL,
        actor=partner,
    )
    return partner, followups


def test_public_pages_fit_a_phone(browser, live_server, site_settings):
    article = ArticleFactory(title="Thuiszitten: wat kun je doen als je kind niet naar school gaat")
    meetup = MeetupFactory(starts_at=timezone.now() + timedelta(days=6))
    paths = [
        "/",
        "/vraag/",
        "/kennisbank/",
        f"/kennisbank/{article.slug}/",
        "/wegwijzer/",
        "/contact/",
        "/privacy/",
        "/toegankelijkheid/",
        "/buddy/",
        "/ontmoeten/",
        f"/ontmoeten/{meetup.pk}/",
        "/accounts/login/",
    ]
    _check(browser, live_server, None, paths, "public")


def test_parent_pages_fit_a_phone(browser, live_server, site_settings):
    parent = UserFactory(email="ouder@test.example.nl", name="Ouder Met Een Heel Lange Naam")
    case = make_case(email=parent.email, description="Mijn kind zit al twee weken thuis. " * 8)
    meetup = MeetupFactory(starts_at=timezone.now() + timedelta(days=3))
    MeetupRegistrationFactory(meetup=meetup, parent=parent)
    match = MatchFactory(request=BuddyRequestFactory(parent=parent), status="active")
    checkin = CheckIn.objects.create(
        match=match, respondent="parent", round=1, due_at=timezone.now()
    )
    consultation, _choice, _open = survey(title="Hoe ging het gesprek met school?")
    invited_member(consultation, user=parent)
    paths = [
        "/mijn/",
        f"/mijn/{case.pk}/",
        "/mijn/gegevens/",
        "/mijn/gegevens/wijzigen/",
        "/mijn/gegevens/e-mailadres/",
        "/mijn/verwijderen/",
        "/buddy/aanvragen/",
        f"/buddy/koppeling/{match.pk}/",
        f"/buddy/check-in/{checkin.pk}/",
        "/raadplegen/",
        f"/raadplegen/{consultation.pk}/",
        "/ontmoeten/",
        f"/ontmoeten/{meetup.pk}/",
        "/privacy/",
    ]
    _check(browser, live_server, parent, paths, "parent")


def test_buddy_pages_fit_a_phone(browser, live_server, site_settings):
    buddy = BuddyProfileFactory(max_active_matches=2)
    MatchFactory(buddy=buddy)
    active = MatchFactory(buddy=buddy, status="active")
    checkin = CheckIn.objects.create(
        match=active, respondent="buddy", round=1, due_at=timezone.now()
    )
    paths = [
        "/buddy/",
        "/buddy/portaal/",
        f"/buddy/koppeling/{active.pk}/",
        f"/buddy/check-in/{checkin.pk}/",
    ]
    _check(browser, live_server, buddy.user, paths, "buddy")


def test_partner_pages_fit_a_phone(browser, live_server, partner_setup):
    partner, followups = partner_setup
    paths = ["/partner/", *(f"/partner/{f.pk}/" for f in followups)]
    _check(browser, live_server, partner, paths, "partner")


def test_partner_link_fits_a_phone(browser, live_server, partner_setup):
    _, followups = partner_setup
    token = case_services.followup_token(followups[0])
    _check(browser, live_server, None, [f"/opvolging/{token}/"], "partner-link")


def test_parent_links_from_emails_fit_a_phone(browser, live_server, site_settings):
    UserFactory(email="ouder@test.example.nl")
    unconfirmed = make_case(email="ouder@test.example.nl", signed_in=False)
    resolved = make_case(email="ander@test.example.nl")
    worker = coordinator()
    case_services.case_assign(case=resolved, coordinator=worker, actor=worker)
    resolved = case_services.case_transition(
        case=resolved,
        to_status=Case.Status.RESOLVED,
        actor=worker,
        resolution=Case.Resolution.ANSWERED,
    )
    paths = [
        f"/vraag/bevestigen/{case_services.case_confirm_token(unconfirmed)}/",
        f"/evaluatie/{case_services.evaluation_token(resolved.evaluation)}/",
    ]
    _check(browser, live_server, None, paths, "email-links")


def test_partner_portal_keeps_status_and_due_date_on_a_phone(browser, live_server, partner_setup):
    partner, _ = partner_setup
    context = _context(browser, live_server, 320, partner)
    page = context.new_page()
    page.goto("/partner/")
    late = page.locator("main tbody tr", has_text="OPP")
    assert late.get_by_text("Te laat").is_visible()
    due = late.locator("td[data-label='Antwoord uiterlijk']")
    assert due.is_visible()
    assert due.bounding_box()["x"] + due.bounding_box()["width"] <= 320
    # The header stays a real column header for screen readers.
    assert page.get_by_role("columnheader", name="Status").count() == 2
    context.close()
