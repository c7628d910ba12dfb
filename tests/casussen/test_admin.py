from datetime import date

import pytest
import time_machine
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from casussen.models import Case
from tests.factories import UserFactory, coordinator, editor, make_case

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:casussen_case_changelist"


def test_coordinator_sees_all_cases(client):
    make_case(email="a@test.example.nl")
    make_case(email="b@test.example.nl")
    client.force_login(coordinator())

    response = client.get(reverse(CHANGELIST))

    assert response.status_code == 200
    assert response.context["cl"].result_count == 2


def test_editor_cannot_open_cases(client):
    case = make_case()
    client.force_login(editor())

    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert client.get(reverse("admin:casussen_case_change", args=[case.pk])).status_code == 403


@pytest.mark.parametrize("role", [None, "buddy", "partner"])
def test_non_staff_never_reach_cases_in_the_admin(client, role):
    client.force_login(UserFactory(roles=[role] if role else []))

    assert client.get(reverse(CHANGELIST), follow=True).status_code == 403


def test_case_page_shows_the_timeline(client):
    case = make_case()
    client.force_login(coordinator())

    response = client.get(reverse("admin:casussen_case_change", args=[case.pk]))

    assert case.reference in response.content.decode()
    assert "Ontvangen" in response.content.decode()


def test_assign_to_me_action(client):
    case = make_case()
    me = coordinator()
    client.force_login(me)

    client.post(reverse(CHANGELIST), {"action": "assign_to_me", "_selected_action": [case.pk]})

    case.refresh_from_db()
    assert (case.assigned_to, case.status) == (me, Case.Status.IN_PROGRESS)


def test_overdue_filter_lists_only_late_open_cases(client):
    with time_machine.travel("2026-11-02 10:00 +01:00", tick=False):
        late = make_case(email="late@test.example.nl")
    with time_machine.travel("2026-11-24 10:00 +01:00", tick=False):
        make_case(email="fresh@test.example.nl")
        client.force_login(coordinator())

        response = client.get(reverse(CHANGELIST), {"termijn": "te-laat"})

    assert [c.pk for c in response.context["cl"].result_list] == [late.pk]
    assert "te laat" in response.content.decode()


def test_case_list_query_count_does_not_grow_with_cases(client):
    client.force_login(coordinator())
    for n in range(3):
        make_case(email=f"a{n}@test.example.nl")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(CHANGELIST))
    for n in range(20):
        make_case(email=f"b{n}@test.example.nl")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse(CHANGELIST))

    assert len(many.captured_queries) == len(few.captured_queries)


@time_machine.travel("2026-12-03 10:00 +01:00", tick=False)
@pytest.mark.parametrize(
    ("language", "late", "waiting"),
    [("nl", "te laat", "Wacht op ouder"), ("en", "overdue", "Waiting for parent")],
)
def test_the_deadline_column_marks_late_and_waiting_cases_in_the_language(language, late, waiting):
    column = admin.site._registry[Case].deadline
    overdue = make_case(email="laat@test.example.nl")
    Case.objects.filter(pk=overdue.pk).update(respond_by=date(2026, 11, 30))
    paused = make_case(email="wacht@test.example.nl")
    Case.objects.filter(pk=paused.pk).update(
        respond_by=date(2026, 12, 9), paused_since=timezone.now()
    )

    with translation.override(language):
        shown_late = column(Case.objects.get(pk=overdue.pk))
        shown_waiting = column(Case.objects.get(pk=paused.pk))

    assert shown_late == f'<strong class="case-overdue">⚠ 30-11-2026 ({late})</strong>'
    assert shown_waiting == f'<span title="{waiting}">⏸ 9-12-2026</span>'
