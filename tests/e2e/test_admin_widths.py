"""The admin at 1366 px: every list shows all its columns without sideways scrolling,
and the buttons at the top of a change page cover nothing of its title."""

from datetime import timedelta

import pytest
from django.utils import timezone

from casussen import services as case_services
from casussen.models import Consent
from steunpunt.deadlines import add_working_days
from tests.clients import SecondFactorClient
from tests.e2e.conftest import screenshot
from tests.factories import (
    ArticleFactory,
    BuddyProfileFactory,
    BuddyRequestFactory,
    MatchFactory,
    OrganisationFactory,
    ThemeFactory,
    coordinator,
    editor,
    make_case,
    privacy_officer,
)
from tests.factories.consultations import survey
from tests.factories.meetups import MeetupFactory, MeetupRegistrationFactory

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1366, "height": 768}

# Whether the list's columns fit, and every column header is on screen.
LIST_CHECK = """() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth) problems.push(`page ${doc.scrollWidth} wide`);
  const results = document.querySelector('#changelist .results');
  if (results && results.scrollWidth > results.clientWidth + 1) {
    problems.push(`list ${results.scrollWidth} wide in ${results.clientWidth}`);
  }
  document.querySelectorAll('#result_list thead th').forEach((th) => {
    const box = th.getBoundingClientRect();
    if (box.right > window.innerWidth + 1) problems.push(`column ${th.innerText} cut off`);
  });
  return problems;
}"""

# Whether the object tools (the buttons at the top right) overlap the page's title.
TOOLS_CHECK = """() => {
  const tools = document.querySelector('.object-tools');
  const title = document.querySelector('#content h1, #content h2');
  if (!tools || !title) return [];
  const a = tools.getBoundingClientRect();
  const problems = [];
  const titles = '#content h1, #content h2, #content-main > .case-summary';
  for (const el of document.querySelectorAll(titles)) {
    const b = el.getBoundingClientRect();
    const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const text = el.innerText.trim().slice(0, 40);
    if (overlap && text) problems.push(`buttons cover "${text}"`);
  }
  return problems;
}"""


def _admin(browser, live_server, user):
    client = SecondFactorClient()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


@pytest.fixture
def data(site_settings):
    worker = coordinator(email="coordinator.met.een.lang.adres@steunpunt.example.nl")
    school = OrganisationFactory(name="Stichting Samenwerkingsverband Passend Onderwijs Noord")
    theme = ThemeFactory(name="Passend onderwijs en extra ondersteuning")
    case = make_case(
        email="een.ouder.met.een.lang.adres@test.example.nl",
        theme=theme,
        school=school,
        description="Mijn zoon gaat al drie weken niet naar school. " * 6,
    )
    make_case(email="tweede.ouder@test.example.nl", kind="complaint", theme=theme)
    case_services.consent_give(
        case=case, organisation=school, method=Consent.Method.PHONE, actor=worker
    )
    followup = case_services.followup_create(
        case=case,
        organisation=school,
        request="Wilt u een gesprek plannen met de ouder en de intern begeleider?",
        due_date=add_working_days(timezone.localdate(), 5),
        actor=worker,
    )
    buddy = BuddyProfileFactory(max_active_matches=2)
    match = MatchFactory(buddy=buddy, request=BuddyRequestFactory(themes=[theme]))
    meetup = MeetupFactory(
        title="Koffieochtend: als je kind thuiszit", starts_at=timezone.now() + timedelta(days=6)
    )
    MeetupRegistrationFactory(meetup=meetup)
    consultation, _choice, _open = survey(title="Hoe ging het gesprek met school?")
    article = ArticleFactory(title="Thuiszitten: wat kun je doen als je kind niet naar school gaat")
    return {
        "worker": worker,
        "case": case,
        "followup": followup,
        "buddy": buddy,
        "request": match.request,
        "match": match,
        "meetup": meetup,
        "consultation": consultation,
        "article": article,
        "school": school,
    }


def _walk(browser, live_server, user, pages, name):
    problems = []
    context = _admin(browser, live_server, user)
    page = context.new_page()
    for path, check in pages:
        response = page.goto(path)
        assert response.status == 200, (path, response.status)
        problems += [f"{path}: {p}" for p in page.evaluate(check)]
        slug = path.strip("/").replace("/", "-")
        screenshot(page, f"admin-{name}-{slug}")
    context.close()
    return problems


def test_coordinator_lists_and_pages_fit_1366(browser, live_server, data):
    d = data
    pages = [
        ("/admin/casussen/case/", LIST_CHECK),
        (f"/admin/casussen/case/{d['case'].pk}/change/", TOOLS_CHECK),
        ("/admin/casussen/followup/", LIST_CHECK),
        (f"/admin/casussen/followup/{d['followup'].pk}/change/", TOOLS_CHECK),
        ("/admin/oudernetwerk/buddyprofile/", LIST_CHECK),
        (f"/admin/oudernetwerk/buddyprofile/{d['buddy'].pk}/change/", TOOLS_CHECK),
        ("/admin/oudernetwerk/buddyrequest/", LIST_CHECK),
        (f"/admin/oudernetwerk/buddyrequest/{d['request'].pk}/change/", TOOLS_CHECK),
        ("/admin/oudernetwerk/match/", LIST_CHECK),
        (f"/admin/oudernetwerk/match/{d['match'].pk}/change/", TOOLS_CHECK),
        ("/admin/oudernetwerk/meetup/", LIST_CHECK),
        (f"/admin/oudernetwerk/meetup/{d['meetup'].pk}/change/", TOOLS_CHECK),
        ("/admin/oudernetwerk/consultation/", LIST_CHECK),
        (f"/admin/oudernetwerk/consultation/{d['consultation'].pk}/change/", TOOLS_CHECK),
        ("/admin/steunpunt/organisation/", LIST_CHECK),
        (f"/admin/steunpunt/organisation/{d['school'].pk}/change/", TOOLS_CHECK),
        ("/admin/casussen/case/signalen/", LIST_CHECK),
    ]
    assert _walk(browser, live_server, d["worker"], pages, "coordinator") == []


def test_editor_lists_and_pages_fit_1366(browser, live_server, data):
    pages = [
        ("/admin/kennisbank/article/", LIST_CHECK),
        (f"/admin/kennisbank/article/{data['article'].pk}/change/", TOOLS_CHECK),
    ]
    assert _walk(browser, live_server, editor(), pages, "editor") == []


def test_access_log_fits_1366(browser, live_server, data):
    # The coordinator's read of the case is what the log shows.
    _walk(
        browser,
        live_server,
        data["worker"],
        [(f"/admin/casussen/case/{data['case'].pk}/change/", TOOLS_CHECK)],
        "read",
    )
    pages = [("/admin/steunpunt/accessevent/", LIST_CHECK)]
    assert _walk(browser, live_server, privacy_officer(), pages, "privacy") == []


def test_case_page_buttons_leave_the_reference_readable(browser, live_server, data):
    context = _admin(browser, live_server, data["worker"])
    page = context.new_page()
    page.goto(f"/admin/casussen/case/{data['case'].pk}/change/")
    reference = page.get_by_text(data["case"].reference).first
    box = reference.bounding_box()
    hit = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('.object-tools') !== null",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hit is False
    context.close()


@pytest.mark.parametrize("width", [320, 390])
def test_signals_report_fits_a_phone(browser, live_server, data, width):
    """The report's tables (five columns, a bar after each number) fit the phone's width:
    the page does not scroll sideways (issue #13, found by the walker at 320 and 390 px)."""
    client = SecondFactorClient()
    client.force_login(data["worker"])
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 800}
    )
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()

    assert page.goto("/admin/casussen/case/signalen/").status == 200
    assert page.locator(".signals-bar").count() > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"admin-signals-{width}")
    context.close()
