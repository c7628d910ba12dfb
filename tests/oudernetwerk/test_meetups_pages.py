"""The meetup pages: the list, one meetup, signing up and off, the calendar file, and
who may do what (anonymous, parent, other parent, buddy, partner, editor, coordinator)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from oudernetwerk import selectors, services
from oudernetwerk.models import MeetupRegistration
from tests.factories import BuddyProfileFactory, UserFactory, coordinator, editor
from tests.factories.meetups import MeetupFactory
from tests.oudernetwerk.test_meetups_ics import unfold

pytestmark = pytest.mark.django_db

LIST_URL = reverse("oudernetwerk:meetups")
R = MeetupRegistration.Status


def _url(name: str, meetup) -> str:
    return reverse(f"oudernetwerk:{name}", args=[meetup.pk])


def _content(response) -> str:
    return response.content.decode()


def _assert_no_inline_style_or_script(content: str) -> None:
    assert "style=" not in content
    assert "<script>" not in content


# --- The list ------------------------------------------------------------------------------


def test_list_shows_coming_meetups_soonest_first_with_places(client, site_settings):
    later = MeetupFactory(title="Later", starts_at=timezone.now() + timedelta(days=9))
    full = MeetupFactory(title="Vol", capacity=1, starts_at=timezone.now() + timedelta(days=3))
    services.meetup_register(meetup=full, parent=UserFactory())
    sooner = MeetupFactory(
        title="Eerder",
        kind="online",
        online_url="https://meet.example.nl/geheim",
        starts_at=timezone.now() + timedelta(days=1),
    )
    MeetupFactory(title="Concept", status="draft")
    MeetupFactory(title="Voorbij", starts_at=timezone.now() - timedelta(days=2))

    response = client.get(LIST_URL)

    content = _content(response)
    assert response.status_code == 200
    assert [m.title for m in response.context["page"]] == ["Eerder", "Vol", "Later"]
    assert "Vol — wachtlijst" in content
    assert "Nog 3 plekken vrij" in content
    assert "Online" in content
    assert "https://meet.example.nl/geheim" not in content
    assert "Concept" not in content
    assert "Voorbij" not in content
    assert sooner.place_name not in content.split("Eerder")[1].split("Vol")[0]
    assert later.place_name in content
    _assert_no_inline_style_or_script(content)


def test_list_says_dates_in_dutch(client, site_settings):
    with time_machine.travel("2026-11-20 12:00 +01:00", tick=False):
        starts_at = timezone.make_aware(timezone.datetime(2026, 12, 3, 19, 30))
        MeetupFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2))

        content = _content(client.get(LIST_URL))

    assert "donderdag 3 december, 19.30 tot 21.30 uur" in content


def test_cancelled_meetup_is_listed_as_not_going_ahead(client, site_settings):
    MeetupFactory(title="Afgelast", status="cancelled")

    assert "Gaat niet door" in _content(client.get(LIST_URL))


def test_list_shows_the_parents_own_place_and_waiting_spot(client, site_settings):
    parent = UserFactory()
    mine = MeetupFactory(title="Mijn plek")
    services.meetup_register(meetup=mine, parent=parent)
    full = MeetupFactory(title="Wacht", capacity=1)
    services.meetup_register(meetup=full, parent=UserFactory())
    services.meetup_register(meetup=full, parent=UserFactory())
    services.meetup_register(meetup=full, parent=parent)
    client.force_login(parent)

    content = _content(client.get(LIST_URL))

    assert "Je bent aangemeld" in content
    assert "Je staat op de wachtlijst, plek 2" in content


def test_empty_list_says_so_and_how_to_reach_us(client, site_settings):
    content = _content(client.get(LIST_URL))

    assert "Er staan nu geen ontmoetingen gepland." in content
    assert site_settings.phone in content


def test_menu_links_to_the_meetups(client, site_settings):
    assert f'href="{LIST_URL}"' in _content(client.get(reverse("home")))


def _list_queries(client, django_assert_num_queries, count: int, expected: int):
    parent = UserFactory()
    for _ in range(count):
        meetup = MeetupFactory()
        services.meetup_register(meetup=meetup, parent=parent)
    client.force_login(parent)
    with django_assert_num_queries(expected):
        assert client.get(LIST_URL).status_code == 200


@pytest.mark.parametrize("count", [2, 15])
def test_list_queries_do_not_grow_with_more_meetups(
    client, site_settings, django_assert_num_queries, count
):
    # Session, user (with the roles for the menu), site settings, the page (which counts
    # all as well), the parent's own registrations.
    _list_queries(client, django_assert_num_queries, count, expected=5)


def test_list_is_paged(client, site_settings):
    for days in range(1, 23):
        MeetupFactory(starts_at=timezone.now() + timedelta(days=days))

    first = client.get(LIST_URL)
    second = client.get(LIST_URL, {"pagina": 2})

    assert len(first.context["page"]) == 20
    assert len(second.context["page"]) == 2
    assert "Pagina 1 van 2" in _content(first)


def test_list_beyond_the_last_page_shows_the_last_page(client, site_settings):
    for days in range(1, 23):
        MeetupFactory(starts_at=timezone.now() + timedelta(days=days))

    response = client.get(LIST_URL, {"pagina": 9})

    assert response.context["page"].number == 2
    assert len(response.context["page"]) == 2


def test_compiled_pages_give_what_the_queryset_gives():
    cancelled = MeetupFactory(starts_at=timezone.now() + timedelta(days=3))
    cancelled.status = cancelled.Status.CANCELLED
    cancelled.save()
    for days in range(1, 24):
        meetup = MeetupFactory(starts_at=timezone.now() + timedelta(days=days))
        if days % 5 == 0:
            services.meetup_register(meetup=meetup, parent=UserFactory())
    ended = MeetupFactory(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
    )
    now = timezone.now()
    expected = list(selectors.upcoming_meetups(now))
    meetups = selectors.UpcomingMeetups(page=2, now=now)

    rows = list(meetups[0:20]) + list(meetups[20:24])

    assert len(meetups) == len(expected) == 24
    assert [m.pk for m in rows] == [m.pk for m in expected]
    assert [(m.registered_count, m.waiting_count) for m in rows] == [
        (m.registered_count, m.waiting_count) for m in expected
    ]
    assert [(m.theme, m.municipality) for m in rows] == [
        (m.theme, m.municipality) for m in expected
    ]
    assert ended.pk not in {m.pk for m in rows}


def test_compiled_pages_count_without_a_page_when_the_page_asked_is_empty(
    django_assert_num_queries,
):
    MeetupFactory()
    meetups = selectors.UpcomingMeetups(page=5)

    with django_assert_num_queries(2):  # the empty page asked, then the count
        assert len(meetups) == 1


# --- One meetup ------------------------------------------------------------------------------


def test_anonymous_sees_the_meetup_and_a_sign_in_link_back_to_it(client, site_settings):
    meetup = MeetupFactory()

    content = _content(client.get(_url("meetup", meetup)))

    assert meetup.title in content
    assert meetup.address in content
    assert "Nog 3 plekken vrij" in content
    assert f"{reverse('account_login')}?next={_url('meetup', meetup)}" in content
    assert _url("meetup_register", meetup) not in content
    _assert_no_inline_style_or_script(content)


def test_parent_sees_a_sign_up_button_that_says_what_happens_next(client, site_settings):
    meetup = MeetupFactory()
    client.force_login(UserFactory())

    content = _content(client.get(_url("meetup", meetup)))

    assert f'action="{_url("meetup_register", meetup)}"' in content
    assert ">Aanmelden</button>" in content
    assert "Je krijgt meteen een e-mail dat je aangemeld bent." in content


def test_full_meetup_offers_the_waiting_list(client, site_settings):
    meetup = MeetupFactory(capacity=1)
    services.meetup_register(meetup=meetup, parent=UserFactory())
    client.force_login(UserFactory())

    content = _content(client.get(_url("meetup", meetup)))

    assert "Vol — je kunt op de wachtlijst" in content
    assert ">Zet me op de wachtlijst</button>" in content


def test_online_link_only_for_a_parent_with_a_place(client, site_settings):
    meetup = MeetupFactory(capacity=1, kind="online", online_url="https://meet.example.nl/x")
    registered = UserFactory()
    waiting = UserFactory()
    services.meetup_register(meetup=meetup, parent=registered)
    services.meetup_register(meetup=meetup, parent=waiting)

    seen = {}
    for name, user in [("registered", registered), ("waiting", waiting), ("other", UserFactory())]:
        client.force_login(user)
        seen[name] = "https://meet.example.nl/x" in _content(client.get(_url("meetup", meetup)))
    client.logout()
    seen["anonymous"] = "https://meet.example.nl/x" in _content(client.get(_url("meetup", meetup)))

    assert seen == {"registered": True, "waiting": False, "other": False, "anonymous": False}


def test_waiting_parent_sees_their_place_and_what_happens_next(client, site_settings):
    meetup = MeetupFactory(capacity=1)
    services.meetup_register(meetup=meetup, parent=UserFactory())
    services.meetup_register(meetup=meetup, parent=UserFactory())
    parent = UserFactory()
    services.meetup_register(meetup=meetup, parent=parent)
    client.force_login(parent)

    content = _content(client.get(_url("meetup", meetup)))

    assert "Je staat op de wachtlijst, plek 2." in content
    assert "dan sturen we je meteen een e-mail" in content


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        ({"status": "cancelled"}, "Deze ontmoeting gaat niet door."),
        ({"starts_at": timezone.now() - timedelta(days=3)}, "Deze ontmoeting is voorbij."),
    ],
    ids=["cancelled", "past"],
)
def test_cancelled_or_past_meetup_says_so_without_buttons(client, site_settings, changes, text):
    meetup = MeetupFactory(**changes)
    client.force_login(UserFactory())

    content = _content(client.get(_url("meetup", meetup)))

    assert text in content
    assert "<button" not in content.split('id="main"')[1].split("</main>")[0]


def test_draft_meetup_is_not_found(client):
    assert client.get(_url("meetup", MeetupFactory(status="draft"))).status_code == 404


# --- Signing up and off -------------------------------------------------------------------------


def test_parent_signs_up_and_is_told_so(client, site_settings, django_capture_on_commit_callbacks):
    meetup = MeetupFactory()
    parent = UserFactory()
    client.force_login(parent)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("meetup_register", meetup), follow=True)

    assert meetup.registrations.get().parent == parent
    assert "Je bent aangemeld. Je krijgt een e-mail met alle informatie." in _content(response)


def test_parent_on_a_full_meetup_is_told_their_place_on_the_waiting_list(client, site_settings):
    meetup = MeetupFactory(capacity=1)
    services.meetup_register(meetup=meetup, parent=UserFactory())
    client.force_login(UserFactory())

    response = client.post(_url("meetup_register", meetup), follow=True)

    assert "Je staat op de wachtlijst, plek 1." in _content(response)


def test_refused_sign_up_is_shown_as_a_message(client, site_settings):
    meetup = MeetupFactory(status="cancelled")
    client.force_login(UserFactory())

    response = client.post(_url("meetup_register", meetup), follow=True)

    assert "Deze ontmoeting gaat niet door. Aanmelden kan niet meer." in _content(response)
    assert not MeetupRegistration.objects.exists()


def test_leave_asks_first_then_signs_off(client, site_settings):
    meetup = MeetupFactory()
    parent = UserFactory()
    registration = services.meetup_register(meetup=meetup, parent=parent)
    client.force_login(parent)

    asked = client.get(_url("meetup_leave", meetup))
    response = client.post(_url("meetup_leave", meetup), follow=True)

    assert "Je plek gaat dan naar de eerste op de wachtlijst." in _content(asked)
    assert MeetupRegistration.objects.get(pk=registration.pk).status == R.CANCELLED
    assert "Je bent afgemeld." in _content(response)


def test_calendar_download_for_a_parent_with_a_place(client, site_settings):
    meetup = MeetupFactory(kind="online", online_url="https://meet.example.nl/x")
    parent = UserFactory()
    services.meetup_register(meetup=meetup, parent=parent)
    client.force_login(parent)

    response = client.get(_url("meetup_calendar", meetup))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    props = unfold(response.content.decode())
    assert props["SUMMARY"] == meetup.title
    assert props["URL"] == "https://meet.example.nl/x"


# --- Who may do what ---------------------------------------------------------------------------

ROLES = ["anonymous", "parent", "other_parent", "buddy", "partner", "editor", "coordinator"]


@pytest.fixture
def world():
    """A meetup with one place, taken by `parent`; `waiting` is on the waiting list."""
    meetup = MeetupFactory(capacity=1, kind="online", online_url="https://meet.example.nl/x")
    parent = UserFactory(email="ouder@test.example.nl")
    services.meetup_register(meetup=meetup, parent=parent)
    waiting = UserFactory()
    services.meetup_register(meetup=meetup, parent=waiting)
    return meetup, parent, waiting


def _visitor(role: str, world):
    _meetup, parent, _waiting = world
    match role:
        case "parent":
            return parent
        case "other_parent":
            return UserFactory()
        case "buddy":
            return BuddyProfileFactory().user
        case "partner":
            return UserFactory(roles=["partner"])
        case "editor":
            return editor()
        case "coordinator":
            return coordinator()
    return None


def _login(client, role, world):
    visitor = _visitor(role, world)
    if visitor:
        client.force_login(visitor)
    return visitor


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_reading(client, world, role, site_settings):
    meetup, _parent, _waiting = world
    _login(client, role, world)

    assert client.get(LIST_URL).status_code == 200
    assert client.get(_url("meetup", meetup)).status_code == 200
    calendar = client.get(_url("meetup_calendar", meetup))
    assert calendar.status_code == (200 if role == "parent" else 404)


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_signing_up(client, world, role, site_settings):
    meetup, _parent, _waiting = world
    visitor = _login(client, role, world)

    response = client.post(_url("meetup_register", meetup))

    mine = meetup.registrations.filter(parent=visitor) if visitor else None
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert meetup.registrations.count() == 2
    elif role in ("partner", "editor", "coordinator"):
        assert response.status_code == 403
        assert not mine.exists()
    elif role == "parent":
        # Already has the place: refused, still one registration.
        assert response.status_code == 302
        assert mine.count() == 1
    else:
        # Other parents and buddies join the waiting list.
        assert response.status_code == 302
        assert mine.get().status == R.WAITING


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_signing_off(client, world, role, site_settings):
    """Signing off only ever touches the visitor's own registration: nobody else can
    take the parent's place away."""
    meetup, parent, waiting = world
    _login(client, role, world)

    response = client.post(_url("meetup_leave", meetup))

    status = MeetupRegistration.objects.get(meetup=meetup, parent=parent).status
    assert response.status_code == 302
    if role == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))
    if role == "parent":
        assert status == R.CANCELLED
        assert MeetupRegistration.objects.get(meetup=meetup, parent=waiting).status == R.REGISTERED
    else:
        assert status == R.REGISTERED


def test_staff_see_why_they_cannot_sign_up(client, site_settings):
    meetup = MeetupFactory()
    client.force_login(UserFactory(roles=["partner"]))

    content = _content(client.get(_url("meetup", meetup)))

    assert "Aanmelden kan alleen met een eigen account als ouder." in content
    assert _url("meetup_register", meetup) not in content
