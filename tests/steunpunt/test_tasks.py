from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from steunpunt.tasks import clear_expired_sessions

pytestmark = pytest.mark.django_db


def test_clear_expired_sessions_removes_only_expired_ones():
    with time_machine.travel("2026-11-01 10:00 +01:00", tick=False):
        old = SessionStore()
        old.set_expiry(timedelta(days=1))
        old.create()
    with time_machine.travel("2026-11-24 10:00 +01:00", tick=False):
        fresh = SessionStore()
        fresh.set_expiry(timedelta(days=1))
        fresh.create()

        deleted = clear_expired_sessions()

        assert deleted == 1
        assert list(Session.objects.values_list("session_key", flat=True)) == [fresh.session_key]
        assert Session.objects.get().expire_date > timezone.now()
