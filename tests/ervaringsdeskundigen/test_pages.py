"""Who may see which page of policy work (parent, other parent, buddy, partner of this
and of another organisation, coordinator, editor, privacy officer, anonymous), what the
pages say, and that they are private and access-logged where they show someone else."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaringsdeskundigen import services
from ervaringsdeskundigen.models import Invitation, PerspectiveRequest, PoolMember
from steunpunt.models import AccessEvent
from tests.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    PerspectiveRequestFactory,
    PolicyInvitationFactory,
    PoolMemberFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
    editor,
    privacy_officer,
)
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

I = Invitation.Status  # noqa: E741


@pytest.fixture
def world():
    perspective = PerspectiveRequestFactory()
    member = PoolMemberFactory(user__name="Sanne Voorbeeld")
    invitation = PolicyInvitationFactory(request=perspective, parent=member.user)
    return {
        "perspective": perspective,
        "member": member,
        "invitation": invitation,
        "partner": perspective.asked_by,
        "colleague": UserFactory(roles=["partner"], organisation=perspective.organisation),
        "other_partner": UserFactory(roles=["partner"], organisation=OrganisationFactory()),
        "other_parent": UserFactory(),
        "buddy": UserFactory(roles=["buddy"]),
        "coordinator": coordinator(),
        "editor": editor(),
        "privacy_officer": privacy_officer(),
    }


def status_for(client, user, url) -> int:
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


INVITATION_MATRIX = [
    ("member", 200),
    ("other_parent", 404),
    ("buddy", 404),
    ("partner", 404),
    ("coordinator", 404),
    ("editor", 404),
    (None, 302),
]


@pytest.mark.parametrize(("who", "status"), INVITATION_MATRIX)
def test_an_invitation_page_is_only_for_the_invited_parent(client, world, who, status):
    user = world[who].user if who == "member" else (world[who] if who else None)
    url = reverse("ervaringsdeskundigen:invitation", args=[world["invitation"].pk])
    assert status_for(client, user, url) == status


PARTNER_MATRIX = [
    ("partner", 200),
    ("colleague", 200),
    ("other_partner", 404),
    ("other_parent", 404),
    ("buddy", 404),
    ("coordinator", 404),
    ("editor", 404),
    (None, 302),
]


@pytest.mark.parametrize(("who", "status"), PARTNER_MATRIX)
def test_a_request_page_is_for_its_organisation_only(client, world, who, status):
    url = reverse("ervaringsdeskundigen:partner_request", args=[world["perspective"].pk])
    assert status_for(client, world[who] if who else None, url) == status


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("partner", 200),
        ("other_partner", 200),
        ("other_parent", 404),
        ("coordinator", 404),
        (None, 302),
    ],
)
def test_the_partner_pages_are_for_partners(client, world, who, status):
    for name in ("partner_requests", "partner_request_new"):
        assert (
            status_for(client, world[who] if who else None, reverse(f"ervaringsdeskundigen:{name}"))
            == status
        )


def test_another_organisation_cannot_cancel(client, world):
    client.force_login(world["other_partner"])
    url = reverse("ervaringsdeskundigen:partner_request_cancel", args=[world["perspective"].pk])
    assert client.post(url).status_code == 404
    world["perspective"].refresh_from_db()
    assert world["perspective"].status == PerspectiveRequest.Status.SUBMITTED


def test_the_partner_sees_how_many_said_yes_never_who(client, world):
    world["invitation"].status = I.ACCEPTED
    world["invitation"].save()
    world["perspective"].status = PerspectiveRequest.Status.INVITING
    world["perspective"].save()
    client.force_login(world["partner"])
    page = client.get(
        reverse("ervaringsdeskundigen:partner_request", args=[world["perspective"].pk])
    )
    html = page.content.decode()
    assert "1 van de 2 ouders zei al ja" in html
    assert "Sanne Voorbeeld" not in html
    assert world["member"].user.email not in html
    assert "no-store" in page["Cache-Control"]


def test_the_parent_answers_on_the_invitation_page(client, world):
    client.force_login(world["member"].user)
    url = reverse("ervaringsdeskundigen:invitation", args=[world["invitation"].pk])
    page = client.get(url)
    assert "Ja, ik doe mee" in page.content.decode()
    assert "no-store" in page["Cache-Control"]

    response = client.post(url, {"antwoord": "ja"})

    assert response.status_code == 302
    world["invitation"].refresh_from_db()
    assert world["invitation"].status == I.ACCEPTED
    assert "Je hebt ja gezegd" in client.get(url).content.decode()


def test_a_partner_asks_through_the_form_and_keeps_the_text_on_an_error(client, world):
    client.force_login(world["partner"])
    url = reverse("ervaringsdeskundigen:partner_request_new")
    response = client.post(url, {"topic": "Nieuw plan", "description": "Wat vinden ouders?"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nieuw plan" in html
    assert "Wat vinden ouders?" in html
    assert "Vul de datum in." in html
    assert PerspectiveRequest.objects.count() == 1


@pytest.mark.parametrize("who", ["coordinator"])
def test_the_coordinator_opens_the_admin_pages(client, world, who):
    client.force_login(world[who])
    urls = [
        reverse("admin:ervaringsdeskundigen_poolmember_changelist"),
        reverse("admin:ervaringsdeskundigen_poolmember_change", args=[world["member"].pk]),
        reverse("admin:ervaringsdeskundigen_perspectiverequest_changelist"),
        reverse(
            "admin:ervaringsdeskundigen_perspectiverequest_change", args=[world["perspective"].pk]
        ),
        reverse("admin:ervaringsdeskundigen_invitation_changelist"),
        reverse("admin:ervaringsdeskundigen_invitation_change", args=[world["invitation"].pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["editor", "privacy_officer"])
def test_other_staff_do_not_see_the_pool(client, world, who):
    client.force_login(world[who])
    for name in ("poolmember", "perspectiverequest", "invitation"):
        assert (
            client.get(reverse(f"admin:ervaringsdeskundigen_{name}_changelist")).status_code == 403
        )


@pytest.mark.parametrize("who", ["partner", "other_parent", "buddy", None])
def test_non_staff_are_sent_to_sign_in_for_the_admin(client, world, who):
    response = status_for(
        client,
        world[who] if who else None,
        reverse("admin:ervaringsdeskundigen_poolmember_changelist"),
    )
    assert response == 302


def test_the_request_page_ranks_and_logs_whom_it_shows(client, world):
    suggested = PoolMemberFactory(user__name="Kees Kandidaat")
    client.force_login(world["coordinator"])
    url = reverse(
        "admin:ervaringsdeskundigen_perspectiverequest_change", args=[world["perspective"].pk]
    )
    html = client.get(url).content.decode()

    assert "Kees Kandidaat" in html
    assert "Uitnodigen" in html
    logged = set(
        AccessEvent.objects.filter(
            object_type="ervaringsdeskundigen.perspectiverequest"
        ).values_list("subject_id", flat=True)
    )
    assert {suggested.user_id, world["member"].user_id} <= logged


def test_the_coordinator_invites_from_the_list(client, world):
    suggested = PoolMemberFactory()
    client.force_login(world["coordinator"])
    url = reverse(
        "admin:ervaringsdeskundigen_perspectiverequest_invite",
        args=[world["perspective"].pk, suggested.pk],
    )
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert Invitation.objects.filter(parent=suggested.user, request=world["perspective"]).exists()


def test_the_member_page_shows_the_year_against_the_maximum(client, world):
    client.force_login(world["coordinator"])
    url = reverse("admin:ervaringsdeskundigen_poolmember_change", args=[world["member"].pk])
    html = client.get(url).content.decode()
    assert "Per jaar: gevraagd, ja gezegd en vergoeding" in html
    assert "2.100,00" in html
    assert AccessEvent.objects.filter(
        object_type="ervaringsdeskundigen.poolmember", subject_id=world["member"].user_id
    ).exists()


def test_the_coordinator_approves_through_the_action_page(client):
    member = PoolMemberFactory(status=PoolMember.Status.APPLIED)
    client.force_login(coordinator())
    url = reverse("admin:ervaringsdeskundigen_poolmember_approve", args=[member.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    member.refresh_from_db()
    assert member.status == PoolMember.Status.APPROVED


def test_the_pool_list_takes_the_same_queries_for_more_members(client):
    client.force_login(coordinator())
    url = reverse("admin:ervaringsdeskundigen_poolmember_changelist")
    PoolMemberFactory()
    few, _ = page_queries(client, url)
    for _ in range(8):
        member = PoolMemberFactory()
        PolicyInvitationFactory(parent=member.user)
    many, html = page_queries(client, url)
    assert many == few
    assert "Vergoeding dit jaar" in html


def test_the_partner_list_takes_the_same_queries_for_more_requests(client):
    first = PerspectiveRequestFactory()
    client.force_login(first.asked_by)
    url = reverse("ervaringsdeskundigen:partner_requests")
    few, _ = page_queries(client, url)
    for _ in range(6):
        PolicyInvitationFactory(request=PerspectiveRequestFactory(organisation=first.organisation))
    many, html = page_queries(client, url)
    assert many == few
    assert first.topic in html


def test_the_pool_page_for_an_anonymous_visitor_explains_and_asks_to_sign_in(client):
    html = client.get(reverse("ervaringsdeskundigen:pool")).content.decode()
    assert "Wat doe je als ervaringsdeskundige?" in html
    assert "Inloggen om je aan te melden" in html


@pytest.mark.parametrize("who", ["partner", "coordinator"])
def test_accounts_of_organisations_and_staff_cannot_join(client, world, who):
    client.force_login(world[who])
    assert (
        "Met dit account kun je je niet aanmelden"
        in client.get(reverse("ervaringsdeskundigen:pool")).content.decode()
    )
    assert client.post(reverse("ervaringsdeskundigen:pool"), {}).status_code == 403


def test_the_coordinator_writes_the_report_on_its_action_page(client):
    perspective = PerspectiveRequestFactory(
        status=PerspectiveRequest.Status.FILLED,
        first_date=timezone.localdate() - timedelta(days=1),
    )
    PolicyInvitationFactory(request=perspective, status=I.ACCEPTED)
    client.force_login(coordinator())
    url = reverse("admin:ervaringsdeskundigen_perspectiverequest_report", args=[perspective.pk])
    assert client.get(url).status_code == 200

    refused = client.post(url, {"report": ""})
    assert refused.status_code == 400
    assert "Schrijf kort wat de ouders hebben ingebracht." in refused.content.decode()

    assert client.post(url, {"report": "Ouders willen één loket."}).status_code == 302
    perspective.refresh_from_db()
    assert perspective.status == PerspectiveRequest.Status.DONE
    assert perspective.report == "Ouders willen één loket."


def test_a_refused_cancel_stays_on_its_action_page(client):
    perspective = PerspectiveRequestFactory(status=PerspectiveRequest.Status.DONE)
    client.force_login(coordinator())
    url = reverse("admin:ervaringsdeskundigen_perspectiverequest_cancel", args=[perspective.pk])

    response = client.post(url, {})

    assert response.status_code == 400
    assert "al afgerond" in response.content.decode()
    perspective.refresh_from_db()
    assert perspective.status == PerspectiveRequest.Status.DONE


def test_editors_cannot_open_the_report_page(client):
    perspective = PerspectiveRequestFactory()
    client.force_login(editor())
    url = reverse("admin:ervaringsdeskundigen_perspectiverequest_report", args=[perspective.pk])
    assert client.get(url).status_code == 403


INVITATION_LINK = re.compile(r"/ervaringsdeskundigen/invitation/\d+/change/")


def test_the_member_page_takes_the_same_queries_for_more_invitations_and_themes(client, world):
    client.force_login(world["coordinator"])
    member = world["member"]
    url = reverse("admin:ervaringsdeskundigen_poolmember_change", args=[member.pk])
    few, _ = page_queries(client, url)
    themes = [ThemeFactory(name=f"Thema {n}") for n in range(3)]
    member.themes.set(themes)
    member.municipalities.set([MunicipalityFactory(name="Voorbeeldstad")])
    for _ in range(4):
        PolicyInvitationFactory(parent=member.user, status=I.ACCEPTED)

    many, html = page_queries(client, url)

    assert many == few
    assert "Thema 0, Thema 1, Thema 2" in html
    assert "Voorbeeldstad" in html
    assert len(INVITATION_LINK.findall(html)) == 5


def test_the_member_page_counts_every_invitation_per_year_but_lists_the_newest(client, world):
    member = world["member"]
    for _ in range(services.RECENT_INVITATIONS + 2):
        PolicyInvitationFactory(parent=member.user)
    client.force_login(world["coordinator"])

    html = client.get(
        reverse("admin:ervaringsdeskundigen_poolmember_change", args=[member.pk])
    ).content.decode()

    this_year = timezone.localdate().year
    assert f'<th scope="row">{this_year}</th><td>{services.RECENT_INVITATIONS + 3}</td>' in html
    assert len(INVITATION_LINK.findall(html)) == services.RECENT_INVITATIONS


def test_the_request_page_takes_the_same_queries_for_more_invitations_and_themes(client, world):
    client.force_login(world["coordinator"])
    perspective = world["perspective"]
    url = reverse("admin:ervaringsdeskundigen_perspectiverequest_change", args=[perspective.pk])
    few, _ = page_queries(client, url)
    perspective.themes.set([ThemeFactory(name="Thema A"), ThemeFactory(name="Thema B")])
    for _ in range(3):
        PolicyInvitationFactory(request=perspective)

    many, html = page_queries(client, url)

    assert many == few
    assert "Thema A, Thema B" in html
    assert perspective.organisation.name in html
