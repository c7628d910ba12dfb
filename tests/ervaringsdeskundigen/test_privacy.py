"""What the privacy page promises about policy work, the code does: the terms of the
pool, invitations and paid allowances (one source: RETENTION), the parent's download
and erasure that keeps a paid allowance for the tax rules."""

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from ervaringsdeskundigen.models import Invitation, PoolMember
from steunpunt import erasure, personal_data, retention
from tests.factories import PerspectiveRequestFactory, PolicyInvitationFactory, PoolMemberFactory

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
I = Invitation.Status  # noqa: E741


def run(name: str):
    return retention.run(only=[name])[0]


def test_a_stopped_member_goes_a_year_after_stopping():
    gone = PoolMemberFactory(
        status=PoolMember.Status.STOPPED, stopped_at=timezone.now() - timedelta(days=370)
    )
    recent = PoolMemberFactory(
        status=PoolMember.Status.STOPPED, stopped_at=timezone.now() - timedelta(days=300)
    )
    active = PoolMemberFactory(created_at=timezone.now() - timedelta(days=900))

    assert run("ervaringsdeskundigen.pool").count == 1

    assert set(PoolMember.objects.values_list("pk", flat=True)) == {recent.pk, active.pk}
    assert not PoolMember.objects.filter(pk=gone.pk).exists()


def test_an_unpaid_invitation_goes_a_year_after_the_last_meeting():
    old = PolicyInvitationFactory(
        request=PerspectiveRequestFactory(last_date=timezone.localdate() - timedelta(days=370))
    )
    recent = PolicyInvitationFactory(
        request=PerspectiveRequestFactory(last_date=timezone.localdate() - timedelta(days=30))
    )
    paid = PolicyInvitationFactory(
        request=PerspectiveRequestFactory(last_date=timezone.localdate() - timedelta(days=370)),
        status=I.ACCEPTED,
        allowance_paid=Decimal("25"),
        paid_on=timezone.localdate() - timedelta(days=360),
    )

    assert run("ervaringsdeskundigen.invitations").count == 1

    assert set(Invitation.objects.values_list("pk", flat=True)) == {recent.pk, paid.pk}
    assert not Invitation.objects.filter(pk=old.pk).exists()


def test_a_paid_allowance_is_kept_seven_years_after_the_year_of_payment():
    paid = PolicyInvitationFactory(
        status=I.ACCEPTED, allowance_paid=Decimal("25"), paid_on=date(2019, 3, 1)
    )
    with time_machine.travel(datetime(2026, 12, 31, 12, tzinfo=AMS)):
        assert run("ervaringsdeskundigen.allowances").count == 0
    with time_machine.travel(datetime(2027, 1, 2, 12, tzinfo=AMS)):
        assert run("ervaringsdeskundigen.allowances").count == 1
    assert not Invitation.objects.filter(pk=paid.pk).exists()


def test_the_privacy_page_states_the_three_terms(client):
    html = client.get(reverse("privacy")).content.decode()
    for key in ("policy_pool", "policy_invitations", "policy_allowances"):
        assert str(retention.term_config(key)["label"]) in html.replace("&#x27;", "'")
    assert retention.term_text("policy_allowances") == "7 jaar"


def test_the_download_holds_the_membership_and_the_invitations():
    member = PoolMemberFactory(experience="Mijn zoon zat thuis.")
    invitation = PolicyInvitationFactory(
        parent=member.user,
        status=I.ACCEPTED,
        allowance_paid=Decimal("25.00"),
        paid_on=date(2026, 11, 1),
    )
    data = json.loads(personal_data.export_json(personal_data.collect(member.user)))
    section = data["sections"]["policy_pool"]["data"]
    assert section["member"]["experience"] == "Mijn zoon zat thuis."
    [item] = section["invitations"]
    assert item["topic"] == invitation.request.topic
    assert item["allowance_paid"] == "25.00"


def test_erasure_keeps_a_paid_allowance_with_the_reason_and_removes_the_rest():
    member = PoolMemberFactory()
    PolicyInvitationFactory(parent=member.user)
    paid = PolicyInvitationFactory(
        parent=member.user,
        status=I.ACCEPTED,
        allowance_paid=Decimal("25"),
        paid_on=timezone.localdate(),
    )
    provider = next(p for p in erasure.providers() if p.name == "ervaringsdeskundigen")

    preview = provider.preview(member.user)
    kept = [item for item in preview if item.kept]
    assert len(kept) == 1
    assert "7 jaar" in kept[0].reason

    provider.erase(member.user)

    assert not PoolMember.objects.filter(user=member.user).exists()
    assert list(Invitation.objects.filter(parent=member.user)) == [paid]
