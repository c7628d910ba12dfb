"""Staff sessions end after a working day and after 30 minutes idle; parents keep 7 days."""

from datetime import timedelta
from importlib import import_module

import pytest
import time_machine
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from steunpunt.middleware import SESSION_SEEN_KEY, SESSION_SEEN_REFRESH, StaffSessionMiddleware
from tests.factories import UserFactory, coordinator

pytestmark = pytest.mark.django_db

START = "2026-11-24 08:30 +01:00"


def _login(client, user, traveller):
    # force_login marks the start of the session; the first request starts the clock.
    client.force_login(user)
    client.get(reverse("admin:index") if user.is_staff else reverse("casussen:portal"))


def test_defaults_are_nine_hours_and_thirty_minutes(settings):
    assert settings.STAFF_SESSION_MAX_AGE == 9 * 60 * 60
    assert settings.STAFF_SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_COOKIE_AGE == 7 * 24 * 60 * 60


def test_staff_session_survives_29_minutes_idle(client):
    with time_machine.travel(START, tick=False) as traveller:
        _login(client, coordinator(), traveller)
        traveller.shift(timedelta(minutes=29))

        response = client.get(reverse("admin:index"))

    assert response.status_code == 200


def test_staff_session_ends_after_31_minutes_idle_with_a_message(client):
    with time_machine.travel(START, tick=False) as traveller:
        _login(client, coordinator(), traveller)
        traveller.shift(timedelta(minutes=31))

        response = client.get(reverse("admin:index"))
        assert response.status_code == 302, response
        assert response["Location"].startswith(reverse("account_login")), response["Location"]
        assert not get_user(client).is_authenticated
        page = client.get(response["Location"])

    assert "Je bent uitgelogd" in page.content.decode()


def test_staff_session_ends_after_a_working_day_even_when_active(client):
    with time_machine.travel(START, tick=False) as traveller:
        _login(client, coordinator(), traveller)
        minutes = 0
        response = client.get(reverse("admin:index"))
        while response.status_code == 200 and minutes < 12 * 60:
            traveller.shift(timedelta(minutes=20))  # a click every 20 minutes
            minutes += 20
            response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert 9 * 60 < minutes <= 9 * 60 + 20


def test_staff_session_cookie_ends_with_the_working_day(client):
    with time_machine.travel(START, tick=False) as traveller:
        _login(client, coordinator(), traveller)
        for _ in range(6):  # active for two hours
            traveller.shift(timedelta(minutes=20))
            client.get(reverse("admin:index"))

        assert client.session.get("_session_expiry") == 7 * 60 * 60 + 30 * 60


def test_shorter_idle_timeout_from_settings(client, settings):
    settings.STAFF_SESSION_IDLE_TIMEOUT = 5 * 60
    with time_machine.travel(START, tick=False) as traveller:
        _login(client, coordinator(), traveller)
        traveller.shift(timedelta(minutes=6))

        assert client.get(reverse("admin:index")).status_code == 302


def test_parent_session_survives_a_day_idle(client):
    parent = UserFactory()
    with time_machine.travel(START, tick=False) as traveller:
        _login(client, parent, traveller)
        traveller.shift(timedelta(days=1))

        response = client.get(reverse("casussen:portal"))

        assert response.status_code == 200
        assert get_user(client).pk == parent.pk


def test_parent_session_keeps_seven_days(client):
    with time_machine.travel(START, tick=False) as traveller:
        _login(client, UserFactory(), traveller)

        assert client.session.get_expiry_age() == 7 * 24 * 60 * 60


def _stored_seen(client) -> float:
    # client.session reads the session from the store, as the next request would.
    return client.session[SESSION_SEEN_KEY]


def test_last_seen_is_not_written_again_within_a_minute(client):
    with time_machine.travel(START, tick=False) as traveller:
        _login(client, coordinator(), traveller)
        first = _stored_seen(client)
        traveller.shift(timedelta(seconds=SESSION_SEEN_REFRESH - 1))

        client.get(reverse("admin:index"))

        assert _stored_seen(client) == first


def test_last_seen_is_written_after_a_minute(client):
    with time_machine.travel(START, tick=False) as traveller:
        _login(client, coordinator(), traveller)
        first = _stored_seen(client)
        traveller.shift(timedelta(seconds=SESSION_SEEN_REFRESH))

        client.get(reverse("admin:index"))

        assert _stored_seen(client) == first + SESSION_SEEN_REFRESH
        assert client.session.get("_session_expiry") == int(
            9 * 60 * 60 - SESSION_SEEN_REFRESH + 30 * 60
        )


def test_idle_timeout_is_the_configured_pause_after_the_stored_time(client):
    with time_machine.travel(START, tick=False) as traveller:
        _login(client, coordinator(), traveller)
        traveller.shift(timedelta(minutes=30))

        assert client.get(reverse("admin:index")).status_code == 200


def test_idle_timeout_counts_from_the_stored_time_not_the_last_click(client):
    with time_machine.travel(START, tick=False) as traveller:
        _login(client, coordinator(), traveller)
        traveller.shift(timedelta(seconds=SESSION_SEEN_REFRESH - 1))
        client.get(reverse("admin:index"))  # a click that is not stored
        traveller.shift(timedelta(minutes=30, seconds=-(SESSION_SEEN_REFRESH - 1) + 1))

        # One second past the pause after the stored time, although the last click was
        # under 30 minutes ago: the timeout is never longer than configured, at most a
        # minute shorter.
        response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert not get_user(client).is_authenticated


def test_session_is_saved_within_a_minute_when_something_else_changes(client):
    user = coordinator()

    def view(request):
        messages.info(request, "opgeslagen")
        return HttpResponse("ok")

    handler = SessionMiddleware(
        AuthenticationMiddleware(MessageMiddleware(StaffSessionMiddleware(view)))
    )
    with time_machine.travel(START, tick=False) as traveller:
        _login(client, user, traveller)
        first = _stored_seen(client)
        traveller.shift(timedelta(seconds=10))
        request = RequestFactory().get("/admin/")
        request.COOKIES[settings.SESSION_COOKIE_NAME] = client.session.session_key

        response = handler(request)

        assert response.status_code == 200
        store = import_module(settings.SESSION_ENGINE).SessionStore
        stored = store(session_key=client.session.session_key)
        assert stored[SESSION_SEEN_KEY] == first
        assert "opgeslagen" in stored["_messages"]
