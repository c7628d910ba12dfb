"""The admin at 1366 px, as far as the markup decides it: short column headers and
values in the case list, inline records labelled by what and when."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from casussen import services
from casussen.models import CaseEvent, Consent
from oudernetwerk.models import NetworkEvent
from steunpunt.labels import moment_label
from tests.clients import SecondFactorClient
from tests.factories import MatchFactory, OrganisationFactory, coordinator, make_case

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def staff_client():
    client = SecondFactorClient()
    client.force_login(coordinator())
    return client


@time_machine.travel(NOW, tick=False)
def test_case_list_shows_short_dates_and_headers(staff_client):
    case = make_case()

    html = staff_client.get(reverse("admin:casussen_case_changelist")).content.decode()

    assert f'<td class="field-received">{timezone.localdate():%-d-%-m-%Y}</td>' in html
    deadline = f"{case.respond_by:%-d-%-m-%Y}"
    assert f'<td class="field-deadline">{deadline}</td>' in html
    assert ">Bevestigd<" in html
    assert "Bevestigd door ouder</a>" not in html


@time_machine.travel(NOW, tick=False)
def test_timeline_event_is_labelled_by_what_and_when():
    case = make_case()

    event = CaseEvent.objects.filter(case=case).first()

    assert str(event) == "Ontvangen · 01-12-2026 09:30"


@time_machine.travel(NOW, tick=False)
def test_consent_is_labelled_by_how_and_when():
    worker = coordinator()
    case = make_case()
    services.consent_give(
        case=case, organisation=OrganisationFactory(), method=Consent.Method.PHONE, actor=worker
    )

    assert str(Consent.objects.get()) == "Telefonisch · 01-12-2026 09:30"


@time_machine.travel(NOW, tick=False)
def test_network_event_is_labelled_by_what_and_when():
    match = MatchFactory()
    event = NetworkEvent.objects.create(match=match, kind=NetworkEvent.Kind.choices[0][0])

    assert str(event).endswith(" · 01-12-2026 09:30")
    assert str(event).startswith(str(NetworkEvent.Kind.choices[0][1]))


def test_unsaved_record_is_labelled_by_what_only():
    assert moment_label("Ontvangen", None) == "Ontvangen"


@time_machine.travel(NOW, tick=False)
def test_case_page_shows_no_bare_ids_in_its_inlines(staff_client):
    case = make_case()

    html = staff_client.get(reverse("admin:casussen_case_change", args=[case.pk])).content.decode()

    assert "Ontvangen · 01-12-2026 09:30" in html
    assert f"{case.pk} · Ontvangen" not in html
