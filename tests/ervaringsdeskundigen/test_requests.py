"""A partner asks for a parent perspective; the coordinator invites from the ranked
list; each parent says yes or no; enough yeses fill the request and the partner hears
so; afterwards the report."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from ervaringsdeskundigen import services
from ervaringsdeskundigen.models import Invitation, PerspectiveRequest
from tests.factories import (
    OrganisationFactory,
    PerspectiveRequestFactory,
    PolicyInvitationFactory,
    PoolMemberFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
)

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=AMS)
R = PerspectiveRequest.Status
I = Invitation.Status  # noqa: E741


def partner():
    return UserFactory(roles=["partner"], organisation=OrganisationFactory(kind="swv"))


def submit(user, **overrides):
    data = {
        "topic": "Het ondersteuningsplan",
        "description": "Hoe beleven ouders de gesprekken?",
        "format": "werkgroep",
        "moment": "avond",
        "dates": [date(2026, 12, 15), date(2027, 1, 12)],
        "hours": Decimal("6"),
        "parents_wanted": 2,
        "allowance": Decimal("40"),
        "themes": [],
        "municipality": None,
        **overrides,
    }
    return services.request_submit(user=user, **data)


@time_machine.travel(NOW, tick=False)
def test_a_partner_asks_and_partner_and_coordinators_hear_of_it(django_capture_on_commit_callbacks):
    anna = coordinator()
    asker = partner()
    with django_capture_on_commit_callbacks(execute=True):
        perspective = submit(asker, dates=[date(2027, 1, 12), date(2026, 12, 15)])

    assert perspective.status == R.SUBMITTED
    assert perspective.organisation == asker.organisation
    assert perspective.dates == ["2026-12-15", "2027-01-12"]
    assert (perspective.first_date, perspective.last_date) == (
        date(2026, 12, 15),
        date(2027, 1, 12),
    )
    [to_partner] = [m for m in mail.outbox if m.to == [asker.email]]
    assert "Wat gebeurt er nu?" in to_partner.body
    [to_staff] = [m for m in mail.outbox if m.to == [anna.email]]
    assert asker.organisation.name in to_staff.body


@pytest.mark.parametrize("make", [UserFactory, coordinator, lambda: UserFactory(roles=["partner"])])
def test_only_a_partner_with_an_organisation_may_ask(make):
    with pytest.raises(ValidationError):
        submit(make())
    assert not PerspectiveRequest.objects.exists()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"topic": " "}, "waar het over gaat"),
        ({"dates": []}, "minstens één datum"),
        ({"dates": [date(2026, 12, 7)]}, "8 december 2026"),
        ({"dates": [date(2027, 1, d) for d in (5, 6, 7, 8)]}, "hoogstens 3"),
        ({"parents_wanted": 7}, "1 tot 6"),
        ({"hours": Decimal("0")}, "half uur"),
        ({"allowance": Decimal("-1")}, "minder dan"),
        ({"allowance": Decimal("2200")}, "per jaar mag krijgen"),
        ({"format": "feest"}, "Kies een vorm"),
    ],
)
def test_bad_requests_are_refused_in_dutch_and_nothing_is_stored(overrides, message):
    with pytest.raises(ValidationError, match=message):
        submit(partner(), **overrides)
    assert not PerspectiveRequest.objects.exists()


# --- Ranking -------------------------------------------------------------------------------


def test_only_suitable_parents_are_suggested():
    perspective = PerspectiveRequestFactory(
        format="werkgroep", moment="avond", allowance=Decimal("40")
    )
    fits = PoolMemberFactory()
    PoolMemberFactory(formats=["interview"])  # another way of taking part
    PoolMemberFactory(moments=["overdag"])  # cannot in the evening
    PoolMemberFactory(status="paused")
    PoolMemberFactory(status="applied")  # not called yet
    invited = PoolMemberFactory()
    PolicyInvitationFactory(request=perspective, parent=invited.user)
    busy = PoolMemberFactory(max_per_year=1)
    PolicyInvitationFactory(parent=busy.user)  # asked once this year already
    rich = PoolMemberFactory()
    PolicyInvitationFactory(
        parent=rich.user,
        status=I.ACCEPTED,
        allowance_paid=Decimal("2070"),
        paid_on=timezone.localdate(),
    )
    PoolMemberFactory(user__is_active=False)

    assert [s.member for s in services.suggest_members(perspective=perspective)] == [fits]


def test_themes_and_municipality_rank_first_and_the_reasons_say_why():
    theme = ThemeFactory(name="Thuiszitten")
    perspective = PerspectiveRequestFactory(themes=[theme])
    place = perspective.organisation.municipality
    perspective.municipality = place
    perspective.save()
    best = PoolMemberFactory(themes=[theme], municipalities=[place])
    middle = PoolMemberFactory(themes=[theme])
    last = PoolMemberFactory()

    suggestions = services.suggest_members(perspective=perspective)

    assert [s.member for s in suggestions] == [best, middle, last]
    assert "Ervaring met thuiszitten" in suggestions[0].reasons
    assert f"Woont of werkt in {place.name}" in suggestions[0].reasons
    assert "Nog nooit gevraagd" in suggestions[0].reasons


def test_the_load_is_spread_over_the_pool():
    perspective = PerspectiveRequestFactory()
    often = PoolMemberFactory(max_per_year=4)
    for _ in range(3):
        PolicyInvitationFactory(parent=often.user)
    rested = PoolMemberFactory(max_per_year=4)

    suggestions = services.suggest_members(perspective=perspective)

    assert [s.member for s in suggestions] == [rested, often]
    assert suggestions[1].asked_this_year == 3
    assert any(
        r == "Dit jaar 3 keer gevraagd (wil hoogstens 4 keer)" for r in suggestions[1].reasons
    )


def test_ranking_takes_a_fixed_number_of_queries(django_assert_max_num_queries):
    theme = ThemeFactory()
    perspective = PerspectiveRequestFactory(themes=[theme])
    for _ in range(12):
        member = PoolMemberFactory(themes=[theme])
        PolicyInvitationFactory(parent=member.user)
    with django_assert_max_num_queries(4):
        suggestions = services.suggest_members(perspective=perspective)
    assert len(suggestions) == services.SUGGESTIONS_SHOWN


# --- Invitations ---------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_an_invitation_emails_the_parent_with_a_deadline(django_capture_on_commit_callbacks):
    perspective = PerspectiveRequestFactory(first_date=date(2026, 12, 21))
    member = PoolMemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite(perspective=perspective, member=member, actor=coordinator())

    perspective.refresh_from_db()
    assert perspective.status == R.INVITING
    assert invitation.answer_by == NOW + timedelta(days=7)
    [message] = [m for m in mail.outbox if m.to == [member.user.email]]
    assert perspective.topic in message.subject
    assert f"/meedenken/uitnodiging/{invitation.pk}/" in message.body
    assert "8 december" in message.body


@time_machine.travel(NOW, tick=False)
def test_the_deadline_is_two_days_before_a_near_meeting():
    perspective = PerspectiveRequestFactory(first_date=date(2026, 12, 5))
    invitation = services.invite(perspective=perspective, member=PoolMemberFactory(), actor=None)
    assert invitation.answer_by == datetime(2026, 12, 3, tzinfo=AMS)


@time_machine.travel(NOW, tick=False)
def test_a_meeting_the_day_after_tomorrow_gives_a_day_and_ends_before_the_meeting_day():
    perspective = PerspectiveRequestFactory(first_date=timezone.localdate() + timedelta(days=2))
    invitation = services.invite(perspective=perspective, member=PoolMemberFactory(), actor=None)
    assert invitation.answer_by == NOW + timedelta(days=1)
    assert timezone.localtime(invitation.answer_by).date() < perspective.first_date


@time_machine.travel(NOW, tick=False)
def test_inviting_for_a_meeting_tomorrow_is_refused_and_stores_nothing():
    perspective = PerspectiveRequestFactory(first_date=timezone.localdate() + timedelta(days=1))
    with pytest.raises(ValidationError, match="morgen al"):
        services.invite(perspective=perspective, member=PoolMemberFactory(), actor=None)
    assert Invitation.objects.count() == 0
    perspective.refresh_from_db()
    assert perspective.status == R.SUBMITTED


def test_inviting_the_same_parent_twice_is_refused():
    perspective = PerspectiveRequestFactory()
    member = PoolMemberFactory()
    services.invite(perspective=perspective, member=member, actor=None)
    with pytest.raises(ValidationError):
        services.invite(perspective=perspective, member=member, actor=None)
    assert Invitation.objects.count() == 1


@pytest.mark.parametrize("status", [R.FILLED, R.DONE, R.CANCELLED])
def test_no_invitations_for_a_request_that_is_not_open(status):
    perspective = PerspectiveRequestFactory(status=status)
    with pytest.raises(ValidationError):
        services.invite(perspective=perspective, member=PoolMemberFactory(), actor=None)


def test_enough_yeses_fill_the_request_and_the_rest_lapse(django_capture_on_commit_callbacks):
    perspective = PerspectiveRequestFactory(parents_wanted=2)
    first, second, third = (PoolMemberFactory() for _ in range(3))
    invitations = [
        services.invite(perspective=perspective, member=member, actor=None)
        for member in (first, second, third)
    ]
    services.invitation_accept(invitation=invitations[0], user=first.user)
    perspective.refresh_from_db()
    assert perspective.status == R.INVITING
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_accept(invitation=invitations[1], user=second.user)

    perspective.refresh_from_db()
    invitations[2].refresh_from_db()
    assert perspective.status == R.FILLED
    assert invitations[2].status == I.WITHDRAWN
    recipients = [m.to for m in mail.outbox]
    assert [perspective.asked_by.email] in recipients
    assert [third.user.email] in recipients
    [to_partner] = [m for m in mail.outbox if m.to == [perspective.asked_by.email]]
    assert "2 ouders denken mee" in to_partner.body
    assert first.user.email not in to_partner.body  # the partner never sees who


def test_a_parent_declines():
    invitation = PolicyInvitationFactory()
    services.invitation_decline(invitation=invitation, user=invitation.parent)
    invitation.refresh_from_db()
    assert invitation.status == I.DECLINED
    with pytest.raises(ValidationError, match="al beantwoord"):
        services.invitation_accept(invitation=invitation, user=invitation.parent)


def test_nobody_answers_for_someone_else():
    invitation = PolicyInvitationFactory()
    with pytest.raises(ValidationError, match="niet voor jou"):
        services.invitation_accept(invitation=invitation, user=UserFactory())
    invitation.refresh_from_db()
    assert invitation.status == I.INVITED


def test_an_answer_after_the_deadline_is_refused():
    invitation = PolicyInvitationFactory()
    with (
        time_machine.travel(invitation.answer_by + timedelta(minutes=1)),
        pytest.raises(ValidationError, match="voorbij"),
    ):
        services.invitation_accept(invitation=invitation, user=invitation.parent)


def test_an_answer_to_a_cancelled_request_is_refused():
    invitation = PolicyInvitationFactory(request__status=R.CANCELLED)
    with pytest.raises(ValidationError, match="niet meer door"):
        services.invitation_accept(invitation=invitation, user=invitation.parent)


def test_cancelling_tells_the_invited_and_accepted_parents(django_capture_on_commit_callbacks):
    perspective = PerspectiveRequestFactory()
    waiting = PolicyInvitationFactory(request=perspective)
    yes = PolicyInvitationFactory(request=perspective, status=I.ACCEPTED)
    no = PolicyInvitationFactory(request=perspective, status=I.DECLINED)
    coordinator()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_cancel(perspective=perspective, actor=perspective.asked_by)

    perspective.refresh_from_db()
    waiting.refresh_from_db()
    assert perspective.status == R.CANCELLED
    assert waiting.status == I.WITHDRAWN
    recipients = [m.to[0] for m in mail.outbox]
    assert waiting.parent.email in recipients
    assert yes.parent.email in recipients
    assert no.parent.email not in recipients
    with pytest.raises(ValidationError):
        services.request_cancel(perspective=perspective, actor=perspective.asked_by)


def test_the_coordinator_withdraws_an_unanswered_invitation_only():
    invitation = PolicyInvitationFactory()
    services.invitation_withdraw(invitation=invitation, actor=None)
    invitation.refresh_from_db()
    assert invitation.status == I.WITHDRAWN
    with pytest.raises(ValidationError):
        services.invitation_withdraw(invitation=invitation, actor=None)


# --- The report ----------------------------------------------------------------------------


def test_the_report_comes_after_the_meeting_with_a_parent_who_said_yes():
    perspective = PerspectiveRequestFactory(status=R.FILLED)
    PolicyInvitationFactory(request=perspective, status=I.ACCEPTED)
    with pytest.raises(ValidationError, match="na de eerste bijeenkomst"):
        services.request_report(perspective=perspective, report="Goed", actor=None)

    with time_machine.travel(perspective.first_date + timedelta(days=1)):
        with pytest.raises(ValidationError, match="Schrijf kort"):
            services.request_report(perspective=perspective, report="  ", actor=None)
        services.request_report(
            perspective=perspective, report="Ouders willen één loket.", actor=None
        )

    perspective.refresh_from_db()
    assert perspective.status == R.DONE
    assert perspective.report == "Ouders willen één loket."


def test_no_report_when_nobody_said_yes():
    perspective = PerspectiveRequestFactory(status=R.INVITING, first_date=date(2026, 1, 5))
    with pytest.raises(ValidationError, match="geen ouder ja"):
        services.request_report(perspective=perspective, report="Niets", actor=None)


# --- The allowance -------------------------------------------------------------------------


def test_a_paid_allowance_counts_in_its_year_against_the_maximum(settings):
    settings.VOLUNTEER_ALLOWANCE_YEAR_MAX = 100
    member = PoolMemberFactory()
    first = PolicyInvitationFactory(parent=member.user, status=I.ACCEPTED)
    second = PolicyInvitationFactory(parent=member.user, status=I.ACCEPTED)
    services.allowance_mark_paid(
        invitation=first, amount=Decimal("60"), paid_on=date(2026, 3, 1), actor=None
    )

    with pytest.raises(ValidationError, match="Er kan nog € 40,00 bij"):
        services.allowance_mark_paid(
            invitation=second, amount=Decimal("50"), paid_on=date(2026, 6, 1), actor=None
        )
    # The next year starts again from nothing.
    with time_machine.travel(datetime(2027, 2, 1, tzinfo=AMS)):
        services.allowance_mark_paid(
            invitation=second, amount=Decimal("50"), paid_on=date(2027, 1, 15), actor=None
        )
        years = services.member_history(user_id=member.user_id)[0]
    assert [(y.year, y.paid) for y in years if y.paid] == [
        (2027, Decimal("50")),
        (2026, Decimal("60")),
    ]


def test_an_allowance_only_for_a_yes_and_only_once():
    declined = PolicyInvitationFactory(status=I.DECLINED)
    with pytest.raises(ValidationError, match="ja zei"):
        services.allowance_mark_paid(
            invitation=declined, amount=Decimal("10"), paid_on=timezone.localdate(), actor=None
        )
    accepted = PolicyInvitationFactory(status=I.ACCEPTED)
    services.allowance_mark_paid(
        invitation=accepted, amount=Decimal("10"), paid_on=timezone.localdate(), actor=None
    )
    with pytest.raises(ValidationError, match="al als betaald"):
        services.allowance_mark_paid(
            invitation=accepted, amount=Decimal("10"), paid_on=timezone.localdate(), actor=None
        )


def test_year_figures_count_the_asks_and_the_yeses():
    member = PoolMemberFactory()
    PolicyInvitationFactory(parent=member.user, status=I.ACCEPTED)
    PolicyInvitationFactory(parent=member.user, status=I.DECLINED)
    [year] = services.member_history(user_id=member.user_id)[0]
    assert (year.asked, year.accepted, year.paid) == (2, 1, Decimal(0))
