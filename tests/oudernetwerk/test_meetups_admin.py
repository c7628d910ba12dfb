"""The coordinator's side of meetups: the list with counts, the attendance list (on the
page, printed, as CSV), marking who came, calling a meetup off, and who may open it."""

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from oudernetwerk import services
from oudernetwerk.models import Meetup, MeetupRegistration
from tests.factories import BuddyProfileFactory, UserFactory, coordinator, editor
from tests.factories.meetups import MeetupFactory, MeetupRegistrationFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:oudernetwerk_meetup_changelist")
R = MeetupRegistration.Status


def _change(meetup) -> str:
    return reverse("admin:oudernetwerk_meetup_change", args=[meetup.pk])


@pytest.fixture
def meetup():
    """Two places: Anna and Bram have them; Cem, then Dirk, wait."""
    meetup = MeetupFactory(title="Koffieochtend", capacity=2)
    start = timezone.now()
    for minutes, name in enumerate(["Anna", "Bram", "Cem", "Dirk"]):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            services.meetup_register(
                meetup=meetup,
                parent=UserFactory(name=f"{name} Proef", email=f"{name.lower()}@test.example.nl"),
            )
    return meetup


# --- Who may open what -----------------------------------------------------------------------

ROLES = ["parent", "buddy", "partner", "editor", "coordinator", "anonymous"]


def _visitor(role: str):
    match role:
        case "parent":
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


def _pages(meetup) -> list[str]:
    return [
        CHANGELIST,
        reverse("admin:oudernetwerk_meetup_add"),
        _change(meetup),
        reverse("admin:oudernetwerk_meetup_attendance", args=[meetup.pk]),
        reverse("admin:oudernetwerk_meetup_attendance_csv", args=[meetup.pk]),
        reverse("admin:oudernetwerk_meetup_cancel", args=[meetup.pk]),
        reverse(
            "admin:oudernetwerk_meetup_sign_off",
            args=[meetup.pk, meetup.registrations.order_by("pk")[0].pk],
        ),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_meetup_admin_pages(client, meetup, role):
    visitor = _visitor(role)
    if visitor:
        client.force_login(visitor)

    for url in _pages(meetup):
        response = client.get(url)
        if role == "coordinator":
            assert response.status_code == 200, url
        elif role == "anonymous":
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("admin:login")), url
        elif role == "editor":
            assert response.status_code == 403, url
        else:
            assert client.get(url, follow=True).status_code == 403, url


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_cancelling(client, meetup, role, site_settings):
    visitor = _visitor(role)
    if visitor:
        client.force_login(visitor)

    client.post(reverse("admin:oudernetwerk_meetup_cancel", args=[meetup.pk]), {"reason": "Ziek"})

    cancelled = Meetup.objects.get(pk=meetup.pk).status == Meetup.Status.CANCELLED
    assert cancelled == (role == "coordinator")


def test_meetups_cannot_be_deleted_only_cancelled(client, meetup):
    client.force_login(coordinator())

    response = client.get(reverse("admin:oudernetwerk_meetup_delete", args=[meetup.pk]))

    assert response.status_code == 403


# --- The list ----------------------------------------------------------------------------------


def test_changelist_shows_places_and_waiting_list(client, meetup):
    client.force_login(coordinator())

    content = client.get(CHANGELIST).content.decode()

    assert "Koffieochtend" in content
    assert "2 / 2" in content
    assert '<td class="field-waiting">2</td>' in content


def test_changelist_sorts_by_places_taken_and_counts_the_list_without_registrations(client):
    full = MeetupFactory(title="Vol", capacity=1)
    MeetupFactory(title="Leeg")
    services.meetup_register(meetup=full, parent=UserFactory())
    client.force_login(coordinator())
    sent = []

    def collect(execute, sql, params, many, context):
        sent.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(collect):
        response = client.get(CHANGELIST, {"o": "-4"})  # places, most taken first

    assert [m.title for m in response.context["cl"].result_list] == ["Vol", "Leeg"]
    assert "1 / 1" in response.content.decode()
    counts = [sql for sql in sent if "COUNT(*)" in sql and "oudernetwerk_meetup" in sql]
    assert counts
    assert all("oudernetwerk_meetupregistration" not in sql for sql in counts)
    least_first = client.get(CHANGELIST, {"o": "4"}).context["cl"].result_list
    assert [m.title for m in least_first] == ["Leeg", "Vol"]


def test_changelist_queries_do_not_grow_with_more_meetups(
    client, django_assert_num_queries, meetup
):
    worker = coordinator()
    client.force_login(worker)
    client.get(CHANGELIST)
    with django_assert_num_queries(20, exact=False) as few:
        client.get(CHANGELIST)
    for _ in range(10):
        services.meetup_register(meetup=MeetupFactory(), parent=UserFactory())

    with django_assert_num_queries(len(few)):
        assert client.get(CHANGELIST).status_code == 200


def test_list_shows_meetups_to_come_unless_asked_for_past_or_all(client, meetup):
    MeetupFactory(title="Oude avond", starts_at=timezone.now() - timedelta(days=10))
    client.force_login(coordinator())

    default = client.get(CHANGELIST).content.decode()
    past = client.get(CHANGELIST, {"wanneer": "voorbij"}).content.decode()
    every = client.get(CHANGELIST, {"wanneer": "alle"}).content.decode()

    assert "Koffieochtend" in default
    assert "Oude avond" not in default
    assert "Oude avond" in past
    assert "Koffieochtend" not in past
    assert "Oude avond" in every
    assert "Koffieochtend" in every


def test_new_meetup_records_who_made_it(client):
    worker = coordinator()
    client.force_login(worker)
    starts = timezone.localtime() + timedelta(days=5)

    response = client.post(
        reverse("admin:oudernetwerk_meetup_add"),
        {
            "title": "Online ouderavond",
            "description": "",
            "status": "published",
            "starts_at_0": starts.strftime("%d-%m-%Y"),
            "starts_at_1": "19:30",
            "ends_at_0": starts.strftime("%d-%m-%Y"),
            "ends_at_1": "21:00",
            "kind": "online",
            "online_url": "https://meet.example.nl/avond",
            "capacity": "10",
            "registrations-TOTAL_FORMS": "0",
            "registrations-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    meetup = Meetup.objects.get()
    assert (meetup.created_by, meetup.kind, meetup.capacity) == (worker, "online", 10)


def test_online_meetup_without_a_link_is_refused_beside_the_field(client):
    client.force_login(coordinator())
    starts = timezone.localtime() + timedelta(days=5)

    response = client.post(
        reverse("admin:oudernetwerk_meetup_add"),
        {
            "title": "Online ouderavond",
            "status": "published",
            "starts_at_0": starts.strftime("%d-%m-%Y"),
            "starts_at_1": "19:30",
            "ends_at_0": starts.strftime("%d-%m-%Y"),
            "ends_at_1": "19:00",
            "kind": "online",
            "capacity": "10",
            "registrations-TOTAL_FORMS": "0",
            "registrations-INITIAL_FORMS": "0",
        },
    )

    errors = response.context["adminform"].form.errors
    assert errors["online_url"] == ["Vul de link in waarmee ouders online meedoen."]
    assert errors["ends_at"] == ["Het einde moet na het begin liggen."]
    assert not Meetup.objects.exists()


# --- The attendance list ------------------------------------------------------------------------


def test_change_page_lists_places_first_then_the_waiting_list_in_order(client, meetup):
    client.force_login(coordinator())

    content = client.get(_change(meetup)).content.decode()

    positions = [content.index(f"{name} Proef") for name in ["Anna", "Bram", "Cem", "Dirk"]]
    assert positions == sorted(positions)
    assert "aanwezigheidslijst" in content
    assert reverse("admin:oudernetwerk_meetup_cancel", args=[meetup.pk]) in content


def test_printable_attendance_list(client, meetup):
    client.force_login(coordinator())

    response = client.get(reverse("admin:oudernetwerk_meetup_attendance", args=[meetup.pk]))

    content = response.content.decode()
    assert [r.parent.name for r in response.context["registrations"]] == [
        "Anna Proef",
        "Bram Proef",
        "Cem Proef",
        "Dirk Proef",
    ]
    assert "wachtlijst, plek 1" in content
    assert "wachtlijst, plek 2" in content
    assert "style=" not in content


def test_attendance_csv(client, meetup):
    client.force_login(coordinator())

    response = client.get(reverse("admin:oudernetwerk_meetup_attendance_csv", args=[meetup.pk]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "naam",
        "e-mailadres",
        "status",
        "plek op de wachtlijst",
        "aangemeld op",
        "was er",
    ]
    assert [(row[0], row[2], row[3]) for row in rows[1:]] == [
        ("Anna Proef", "Aangemeld", ""),
        ("Bram Proef", "Aangemeld", ""),
        ("Cem Proef", "Wachtlijst", "1"),
        ("Dirk Proef", "Wachtlijst", "2"),
    ]


def _attendance_post(meetup, values: dict[str, str]) -> dict:
    rows = list(meetup.registrations.order_by("created_at", "pk"))
    data = {
        "title": meetup.title,
        "description": meetup.description,
        "status": meetup.status,
        "starts_at_0": timezone.localtime(meetup.starts_at).strftime("%d-%m-%Y"),
        "starts_at_1": timezone.localtime(meetup.starts_at).strftime("%H:%M:%S"),
        "ends_at_0": timezone.localtime(meetup.ends_at).strftime("%d-%m-%Y"),
        "ends_at_1": timezone.localtime(meetup.ends_at).strftime("%H:%M:%S"),
        "kind": meetup.kind,
        "place_name": meetup.place_name,
        "address": meetup.address,
        "capacity": str(meetup.capacity),
        "registrations-TOTAL_FORMS": str(len(rows)),
        "registrations-INITIAL_FORMS": str(len(rows)),
    }
    for index, registration in enumerate(rows):
        data[f"registrations-{index}-id"] = str(registration.pk)
        data[f"registrations-{index}-meetup"] = str(meetup.pk)
        data[f"registrations-{index}-attended"] = values.get(registration.parent.name, "unknown")
    return data


def test_coordinator_marks_who_came_after_the_meetup(client, meetup):
    worker = coordinator()

    with time_machine.travel(meetup.ends_at + timedelta(hours=1)):
        client.force_login(worker)
        response = client.post(
            _change(meetup), _attendance_post(meetup, {"Anna Proef": "true", "Bram Proef": "false"})
        )

    assert response.status_code == 302
    attended = dict(meetup.registrations.values_list("parent__name", "attended"))
    assert attended == {
        "Anna Proef": True,
        "Bram Proef": False,
        "Cem Proef": None,
        "Dirk Proef": None,
    }


def test_marking_attendance_before_the_start_is_refused(client, meetup):
    client.force_login(coordinator())

    response = client.post(_change(meetup), _attendance_post(meetup, {"Anna Proef": "true"}))

    assert response.status_code == 200
    assert "Wie er was, vul je in als de ontmoeting begonnen is." in response.content.decode()
    assert not meetup.registrations.filter(attended__isnull=False).exists()


def test_more_places_in_the_admin_promote_the_waiting_list(
    client, meetup, site_settings, django_capture_on_commit_callbacks
):
    client.force_login(coordinator())
    data = _attendance_post(meetup, {})
    data["capacity"] = "3"
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_change(meetup), data, follow=True)

    statuses = dict(meetup.registrations.values_list("parent__name", "status"))
    assert statuses["Cem Proef"] == R.REGISTERED
    assert statuses["Dirk Proef"] == R.WAITING
    assert [m.to for m in mail.outbox] == [["cem@test.example.nl"]]
    assert "1 ouder(s) van de wachtlijst hebben een plek gekregen" in response.content.decode()


# --- Calling a meetup off ------------------------------------------------------------------------


def test_cancel_from_the_meetup_page_asks_a_reason_and_tells_everyone(
    client, meetup, site_settings, django_capture_on_commit_callbacks
):
    client.force_login(coordinator())
    url = reverse("admin:oudernetwerk_meetup_cancel", args=[meetup.pk])
    mail.outbox.clear()

    empty = client.post(url, {"reason": ""})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "De zaal is niet beschikbaar."}, follow=True)

    assert empty.status_code == 400
    assert Meetup.objects.get(pk=meetup.pk).status == Meetup.Status.CANCELLED
    assert sorted(m.to[0] for m in mail.outbox) == [
        "anna@test.example.nl",
        "bram@test.example.nl",
        "cem@test.example.nl",
        "dirk@test.example.nl",
    ]
    assert "is afgelast" in response.content.decode()


def test_cancel_action_on_the_list(client, meetup, site_settings):
    other = MeetupFactory()
    client.force_login(coordinator())
    selected = {"action": "cancel_selected", "_selected_action": [meetup.pk, other.pk]}

    asked = client.post(CHANGELIST, selected)
    client.post(CHANGELIST, {**selected, "apply": "1", "reason": "Griepgolf"})

    assert "Waarom gaat de ontmoeting niet door?" in asked.content.decode()
    assert set(Meetup.objects.values_list("status", "cancel_reason")) == {
        ("cancelled", "Griepgolf")
    }


def test_a_posted_row_nobody_can_add_is_shown_without_a_sign_off_link(client, meetup):
    # A form sent with one registration row more than the list has (the admin never
    # offers to add one) comes back with its errors, not with a server error.
    client.force_login(coordinator())
    data = _attendance_post(meetup, {})
    data["title"] = ""
    data["registrations-TOTAL_FORMS"] = str(int(data["registrations-TOTAL_FORMS"]) + 1)

    response = client.post(_change(meetup), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["title"]
    assert response.content.decode().count(">Afmelden</a>") == meetup.registrations.count()
    assert Meetup.objects.get(pk=meetup.pk).title == meetup.title


def test_cancelled_meetup_status_is_read_only(client):
    meetup = MeetupFactory(status="cancelled")
    client.force_login(coordinator())

    response = client.get(_change(meetup))

    assert "status" not in response.context["adminform"].form.fields


def test_meetup_with_registrations_cannot_go_back_to_draft(client, meetup):
    client.force_login(coordinator())
    data = _attendance_post(meetup, {})
    data["status"] = "draft"

    response = client.post(_change(meetup), data)

    assert response.context["adminform"].form.errors["status"] == [
        "Er hebben zich al ouders aangemeld. Terug naar concept kan niet meer; afgelasten kan wel."
    ]
    assert Meetup.objects.get(pk=meetup.pk).status == Meetup.Status.PUBLISHED


def test_new_time_is_mailed_to_everybody_who_signed_up(
    client, meetup, site_settings, django_capture_on_commit_callbacks
):
    client.force_login(coordinator())
    data = _attendance_post(meetup, {})
    data["starts_at_1"] = "09:30:00"
    data["ends_at_1"] = "11:00:00"
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_change(meetup), data, follow=True)

    assert sorted(m.to[0] for m in mail.outbox) == [
        "anna@test.example.nl",
        "bram@test.example.nl",
        "cem@test.example.nl",
        "dirk@test.example.nl",
    ]
    assert mail.outbox[0].subject == "Let op, gewijzigd: Koffieochtend"
    assert "09.30 tot 11.00 uur" in mail.outbox[0].body
    assert "4 ouder(s) krijgen een e-mail" in response.content.decode()


def test_saving_without_changing_time_or_place_mails_nobody(
    client, meetup, site_settings, django_capture_on_commit_callbacks
):
    client.force_login(coordinator())
    data = _attendance_post(meetup, {})
    data["description"] = "Nieuwe beschrijving."
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_change(meetup), data)

    assert Meetup.objects.get(pk=meetup.pk).description == "Nieuwe beschrijving."
    assert mail.outbox == []


def test_coordinator_signs_off_a_parent_who_called_and_the_queue_moves_up(
    client, meetup, site_settings, django_capture_on_commit_callbacks
):
    anna = meetup.registrations.get(parent__name="Anna Proef")
    url = reverse("admin:oudernetwerk_meetup_sign_off", args=[meetup.pk, anna.pk])
    client.force_login(coordinator())
    mail.outbox.clear()

    assert url in client.get(_change(meetup)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)

    statuses = dict(meetup.registrations.values_list("parent__name", "status"))
    assert statuses["Anna Proef"] == R.CANCELLED
    assert statuses["Cem Proef"] == R.REGISTERED
    assert [m.to for m in mail.outbox] == [["cem@test.example.nl"]]


@pytest.mark.parametrize("role", ["parent", "partner", "editor"])
def test_only_coordinators_sign_parents_off(client, meetup, role):
    anna = meetup.registrations.get(parent__name="Anna Proef")
    client.force_login(_visitor(role))

    client.post(reverse("admin:oudernetwerk_meetup_sign_off", args=[meetup.pk, anna.pk]))

    assert MeetupRegistration.objects.get(pk=anna.pk).status == R.REGISTERED


def test_attendance_csv_cannot_run_a_name_as_a_formula(client):
    meetup = MeetupFactory()
    MeetupRegistrationFactory(meetup=meetup, parent__name='=HYPERLINK("http://x.example")')
    client.force_login(coordinator())

    response = client.get(reverse("admin:oudernetwerk_meetup_attendance_csv", args=[meetup.pk]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][0] == '\'=HYPERLINK("http://x.example")'
