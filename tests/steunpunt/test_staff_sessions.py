"""Staff sessions end after a working day and after 30 minutes idle; parents keep 7 days."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user
from django.urls import reverse

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
