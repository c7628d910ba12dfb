"""The demo parent panel: made through the services, safe to run twice."""

import pytest
from django.utils import timezone

from oudernetwerk import selectors, services
from oudernetwerk.demo import PARENT, seed_panel
from oudernetwerk.models import Consultation, PanelMember, Response
from steunpunt import demo
from steunpunt.models import User

pytestmark = pytest.mark.django_db


def test_seed_makes_a_panel_with_a_running_and_a_finished_consultation_once():
    demo.seed_demo()

    assert seed_panel() == 7
    assert seed_panel() == 0

    assert PanelMember.objects.filter(withdrawn_at=None).count() == 7
    running, overdue = Consultation.objects.filter(status="open").order_by("-closes_on")
    # The other one is still open after its last day: the work queue asks to close it.
    assert overdue.closes_on < timezone.localdate()
    assert not overdue.invitations.exists()
    finished = Consultation.objects.get(status="closed")
    assert running.invitations.count() == 7
    assert Response.objects.filter(consultation=running).count() == 0
    assert Response.objects.filter(consultation=finished).count() == 6
    results = services.consultation_results(consultation=finished)
    assert results.responses == 6
    assert results.questions[0].options[1].count == "<5"
    status = selectors.panel_status_for_parent(User.objects.get(email=PARENT))
    assert [i.consultation for i in status.open_invitations] == [running]
    assert status.summaries == [finished]


def test_seed_without_the_region_does_nothing():
    assert seed_panel() == 0
    assert not PanelMember.objects.exists()
