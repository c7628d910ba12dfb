"""The pool's part of the coordinator's work queue, each count linking to exactly those
rows, and the reports afterwards in the signals report of their quarter."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaringsdeskundigen.models import Invitation, PerspectiveRequest, PoolMember
from steunpunt.work_queue import work_queue_for
from tests.factories import (
    PerspectiveRequestFactory,
    PolicyInvitationFactory,
    PoolMemberFactory,
    coordinator,
    editor,
)

pytestmark = pytest.mark.django_db

R = PerspectiveRequest.Status


def entry(user, label):
    return next(e for e in work_queue_for(user) if e.label == label)


def listed(client, url) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200
    return {obj.pk for obj in response.context["cl"].queryset}


def test_new_requests_until_someone_is_invited(client):
    anna = coordinator()
    new = PerspectiveRequestFactory()
    PerspectiveRequestFactory(status=R.INVITING)
    found = entry(anna, "Vragen om ouderperspectief zonder uitnodiging")
    assert found.count == 1
    client.force_login(anna)
    assert listed(client, found.url) == {new.pk}


def test_parents_to_call(client):
    anna = coordinator()
    waiting = PoolMemberFactory(status=PoolMember.Status.APPLIED)
    PoolMemberFactory()
    found = entry(anna, "Ervaringsdeskundigen om te bellen")
    assert found.count == 1
    client.force_login(anna)
    assert listed(client, found.url) == {waiting.pk}


def test_meetings_without_a_report(client):
    anna = coordinator()
    past = PerspectiveRequestFactory(
        status=R.FILLED, first_date=timezone.localdate() - timedelta(days=2)
    )
    PolicyInvitationFactory(request=past, status=Invitation.Status.ACCEPTED)
    PolicyInvitationFactory(request=past, status=Invitation.Status.ACCEPTED)
    PerspectiveRequestFactory(status=R.FILLED)  # still to come
    nobody = PerspectiveRequestFactory(
        status=R.INVITING, first_date=timezone.localdate() - timedelta(days=2)
    )
    PolicyInvitationFactory(request=nobody)
    found = entry(anna, "Bijeenkomsten zonder verslag")
    assert found.count == 1
    client.force_login(anna)
    assert listed(client, found.url) == {past.pk}


def test_editors_get_no_pool_entries():
    labels = {e.label for e in work_queue_for(editor())}
    assert "Ervaringsdeskundigen om te bellen" not in labels


def test_a_report_appears_in_the_signals_report_of_its_quarter(client):
    perspective = PerspectiveRequestFactory(
        status=R.DONE,
        first_date=date(2026, 11, 10),
        report="Ouders willen één vast aanspreekpunt op school.",
    )
    PolicyInvitationFactory(request=perspective, status=Invitation.Status.ACCEPTED)
    PerspectiveRequestFactory(
        status=R.DONE, first_date=date(2026, 7, 1), report="Een ander kwartaal."
    )
    client.force_login(coordinator())

    html = client.get(
        reverse("admin:casussen_signals_report") + "?kwartaal=2026-4"
    ).content.decode()

    assert "Inbreng van ervaringsdeskundigen" in html
    assert "Ouders willen één vast aanspreekpunt op school." in html
    assert perspective.topic in html
    assert "1 ouder" in html
    assert "Een ander kwartaal." not in html


def test_a_quarter_without_reports_says_so(client):
    client.force_login(coordinator())
    html = client.get(
        reverse("admin:casussen_signals_report") + "?kwartaal=2026-4"
    ).content.decode()
    assert "In dit kwartaal is er geen verslag van een bijeenkomst met ouders." in html
