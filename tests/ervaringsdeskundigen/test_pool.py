"""Joining the pool of ervaringsdeskundigen, changing it, pausing and stopping; who may,
and what each person hears."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from ervaringsdeskundigen import services
from ervaringsdeskundigen.models import Invitation, PoolMember
from tests.factories import (
    MunicipalityFactory,
    PerspectiveRequestFactory,
    PolicyInvitationFactory,
    PoolMemberFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
    editor,
)

pytestmark = pytest.mark.django_db

POOL = reverse("ervaringsdeskundigen:pool")


def join(user, **overrides):
    data = {
        "themes": [ThemeFactory()],
        "municipalities": [],
        "formats": ["overleg"],
        "moments": ["avond"],
        "experience": "Mijn dochter zat op het SO.",
        "max_per_year": 3,
        **overrides,
    }
    return services.pool_join(user=user, **data)


def test_a_parent_who_joins_waits_for_the_intake_call(django_capture_on_commit_callbacks):
    anna = coordinator(email="anna@steunpunt.example.nl")
    parent = UserFactory(email="sanne@test.example.nl")

    with django_capture_on_commit_callbacks(execute=True):
        member = join(parent)

    assert member.status == PoolMember.Status.APPLIED
    assert member.formats == ["overleg"]
    to_parent = [message for message in mail.outbox if message.to == [parent.email]]
    assert len(to_parent) == 1
    assert "bellen we je voor een kennismakingsgesprek" in to_parent[0].body
    to_staff = [message for message in mail.outbox if message.to == [anna.email]]
    assert len(to_staff) == 1
    assert parent.email not in to_staff[0].body  # the admin link, no personal data


def test_without_screening_a_parent_is_in_the_pool_at_once(
    settings, django_capture_on_commit_callbacks
):
    settings.POLICY_POOL_SCREENING = False
    coordinator()
    parent = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        member = join(parent)

    assert member.status == PoolMember.Status.APPROVED
    assert len(mail.outbox) == 1  # the parent only: nobody has to call
    assert "Je doet nu mee" in mail.outbox[0].body


@pytest.mark.parametrize("make", [coordinator, editor, lambda: UserFactory(roles=["partner"])])
def test_staff_and_partners_cannot_join(make):
    with pytest.raises(ValidationError):
        join(make())
    assert not PoolMember.objects.exists()


def test_a_buddy_may_join_too():
    buddy = UserFactory(roles=["buddy"])
    assert join(buddy).status == PoolMember.Status.APPLIED


def test_joining_twice_is_refused():
    parent = UserFactory()
    join(parent)
    with pytest.raises(ValidationError, match="al aangemeld"):
        join(parent)
    assert PoolMember.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"themes": []}, "minstens één thema"),
        ({"formats": []}, "manier van meedenken"),
        ({"formats": ["dansen"]}, "manier van meedenken"),
        ({"moments": []}, "wanneer in de dag"),
        ({"max_per_year": 13}, "van 1 tot 12"),
        ({"experience": "x" * 1501}, "hoogstens 1500"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(overrides, message):
    with pytest.raises(ValidationError, match=message):
        join(UserFactory(), **overrides)
    assert not PoolMember.objects.exists()


def test_the_join_form_keeps_what_was_typed_on_an_error(client):
    parent = UserFactory()
    client.force_login(parent)
    response = client.post(
        POOL, {"experience": "Veel gesprekken met school.", "formats": ["overleg"]}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Veel gesprekken met school." in page
    assert "Kies minstens één thema waar je ervaring mee hebt." in page
    assert "Zet een vinkje als je dit hebt gelezen." in page
    assert not PoolMember.objects.exists()


def test_a_parent_joins_through_the_page(client):
    theme = ThemeFactory(name="Thuiszitten")
    place = MunicipalityFactory()
    parent = UserFactory()
    client.force_login(parent)

    response = client.post(
        POOL,
        {
            "themes": [theme.pk],
            "municipalities": [place.pk],
            "formats": ["overleg", "interview"],
            "moments": ["avond"],
            "max_per_year": "2",
            "experience": "",
            "privacy": "on",
        },
    )

    assert response.status_code == 302
    member = PoolMember.objects.get(user=parent)
    assert list(member.themes.all()) == [theme]
    assert list(member.municipalities.all()) == [place]
    assert member.formats == ["overleg", "interview"]
    assert member.max_per_year == 2
    assert "We bellen je voor een kennismakingsgesprek" in client.get(POOL).content.decode()


def test_a_member_changes_what_they_gave(client):
    member = PoolMemberFactory(formats=["overleg"])
    theme = ThemeFactory()
    client.force_login(member.user)

    response = client.post(
        reverse("ervaringsdeskundigen:pool_edit"),
        {
            "themes": [theme.pk],
            "formats": ["interview"],
            "moments": ["overdag"],
            "max_per_year": "6",
        },
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.formats == ["interview"]
    assert member.moments == ["overdag"]
    assert member.max_per_year == 6


def test_the_edit_page_does_not_exist_without_a_membership(client):
    client.force_login(UserFactory())
    assert client.get(reverse("ervaringsdeskundigen:pool_edit")).status_code == 404


def test_pause_and_resume():
    member = PoolMemberFactory()
    assert services.pool_pause(member=member).status == PoolMember.Status.PAUSED
    with pytest.raises(ValidationError):
        services.pool_pause(member=member)
    assert services.pool_resume(member=member).status == PoolMember.Status.APPROVED
    with pytest.raises(ValidationError):
        services.pool_resume(member=member)


def test_a_new_member_cannot_pause_before_the_intake():
    member = PoolMemberFactory(status=PoolMember.Status.APPLIED)
    with pytest.raises(ValidationError):
        services.pool_pause(member=member)


def test_stopping_lets_open_invitations_lapse_and_tells_the_coordinator_of_a_yes(
    django_capture_on_commit_callbacks,
):
    anna = coordinator()
    member = PoolMemberFactory()
    open_one = PolicyInvitationFactory(parent=member.user)
    said_yes = PolicyInvitationFactory(parent=member.user, status=Invitation.Status.ACCEPTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.pool_stop(member=member)

    member.refresh_from_db()
    open_one.refresh_from_db()
    said_yes.refresh_from_db()
    assert member.status == PoolMember.Status.STOPPED
    assert member.stopped_at is not None
    assert open_one.status == Invitation.Status.WITHDRAWN
    assert said_yes.status == Invitation.Status.ACCEPTED
    [message] = [m for m in mail.outbox if m.to == [anna.email]]
    assert said_yes.request.topic in message.body
    with pytest.raises(ValidationError):
        services.pool_stop(member=member)


def test_a_stopped_parent_may_join_again_and_keeps_the_intake():
    member = PoolMemberFactory()
    services.pool_stop(member=member)
    again = join(member.user)
    assert again.pk == member.pk
    assert again.status == PoolMember.Status.APPROVED
    assert again.stopped_at is None


def test_the_coordinator_approves_only_after_the_intake_date():
    member = PoolMemberFactory(status=PoolMember.Status.APPLIED, intake_held_at=None)
    anna = coordinator()
    with pytest.raises(ValidationError, match="kennismakingsgesprek"):
        services.pool_approve(member=member, actor=anna)


def test_approval_and_rejection_only_of_a_new_application(django_capture_on_commit_callbacks):
    anna = coordinator()
    member = PoolMemberFactory(status=PoolMember.Status.APPLIED)
    with django_capture_on_commit_callbacks(execute=True):
        services.pool_approve(member=member, actor=anna)
    member.refresh_from_db()
    assert member.status == PoolMember.Status.APPROVED
    assert mail.outbox[-1].to == [member.user.email]
    with pytest.raises(ValidationError):
        services.pool_approve(member=member, actor=anna)
    with pytest.raises(ValidationError):
        services.pool_reject(member=member, actor=anna)


def test_a_request_for_the_stopped_parent_is_not_touched_by_pause():
    member = PoolMemberFactory()
    invitation = PolicyInvitationFactory(parent=member.user, request=PerspectiveRequestFactory())
    services.pool_pause(member=member)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.INVITED
