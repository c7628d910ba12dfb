"""Journey: a samenwerkingsverband asks in the partner portal for two parents for a
working group; the coordinator invites the top two of the ranked list; one parent says
yes on a phone, the other no; after the meeting the coordinator writes the report and
it is in the signals report of the quarter."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from ervaringsdeskundigen.models import Invitation, PerspectiveRequest
from tests.e2e.conftest import axe_violations, screenshot, signed_in
from tests.factories import (
    OrganisationFactory,
    PoolMemberFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 375, "height": 740}}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def test_request_to_invitations_answers_and_report(browser, live_server, site_settings):
    theme = ThemeFactory(name="Thuiszitten", slug="thuiszitten")
    swv = OrganisationFactory(name="SWV Noord-Kennemerland", kind="swv")
    contact = UserFactory(email="contact@swv.example.nl", roles=["partner"], organisation=swv)
    yes = PoolMemberFactory(
        user__name="Fatima", user__email="fatima@test.example.nl", themes=[theme]
    )
    no = PoolMemberFactory(user__name="Joost", user__email="joost@test.example.nl", themes=[theme])
    PoolMemberFactory(user__name="Karin", formats=["interview"])  # not for a working group
    worker = coordinator(email="coordinator@test.example.nl")

    # 1. The partner asks for two parents, on a phone.
    page = signed_in(browser, live_server, contact, **PHONE)
    page.goto("/partner/")
    page.get_by_role("link", name="Ouders met ervaring vragen").click()
    page.get_by_role("link", name="Nieuwe vraag").click()
    page.get_by_label("Waar gaat het over?").fill("Aanpak thuiszitten")
    page.get_by_label("Wat wilt u van ouders weten?").fill(
        "Wat helpt ouders als hun kind thuiszit?"
    )
    page.get_by_label("Thuiszitten").check()
    page.get_by_label("Een werkgroep (een paar keer)").check()
    page.get_by_label("'s Avonds").check()
    page.get_by_label("Datum (eerste keer)").fill(
        (timezone.localdate() + timedelta(days=14)).isoformat()
    )
    page.get_by_label("Hoeveel uur kost het een ouder, alles bij elkaar?").fill("6")
    page.get_by_label("Vergoeding per ouder in euro").fill("40")
    assert axe_violations(page) == []
    screenshot(page, "policy-partner-form")
    page.get_by_role("button", name="Vraag versturen").click()
    page.get_by_text("Het steunpunt heeft uw vraag.").wait_for()
    perspective = PerspectiveRequest.objects.get()
    assert perspective.parents_wanted == 2
    assert axe_violations(page) == []

    # 2. The coordinator invites the two best from the ranked list.
    admin = signed_in(browser, live_server, worker, **DESKTOP)
    admin.goto(f"/admin/ervaringsdeskundigen/perspectiverequest/{perspective.pk}/change/")
    rows = admin.locator(".pool-suggestions tbody tr")
    assert rows.count() == 2
    assert "Karin" not in admin.content()
    screenshot(admin, "policy-admin-ranking")
    rows.first.get_by_role("button", name="uitnodigen").click()
    admin.wait_for_url(f"**/perspectiverequest/{perspective.pk}/change/")
    admin.locator(".pool-suggestions tbody tr").first.get_by_role(
        "button", name="uitnodigen"
    ).click()
    admin.wait_for_url(f"**/perspectiverequest/{perspective.pk}/change/")
    assert Invitation.objects.count() == 2
    assert {m.to[0] for m in mail.outbox} >= {"fatima@test.example.nl", "joost@test.example.nl"}

    # 3. One parent says yes on a phone, the other no.
    for member, button in ((yes, "Ja, ik doe mee"), (no, "Nee, deze keer niet")):
        invitation = Invitation.objects.get(parent=member.user)
        parent = signed_in(browser, live_server, member.user, **PHONE)
        parent.goto("/meedenken/")
        with parent.expect_navigation():
            parent.get_by_role("link", name="Aanpak thuiszitten").click()
        assert "SWV Noord-Kennemerland" in parent.content()
        assert axe_violations(parent) == []
        screenshot(parent, f"policy-invitation-{member.user.name.lower()}")
        parent.get_by_role("button", name=button).click()
        parent.wait_for_url(f"**/meedenken/uitnodiging/{invitation.pk}/")
    assert Invitation.objects.get(parent=yes.user).status == Invitation.Status.ACCEPTED
    assert Invitation.objects.get(parent=no.user).status == Invitation.Status.DECLINED

    # 4. After the meeting the coordinator writes the report; it is in the signals.
    met = timezone.localdate() - timedelta(days=1)
    PerspectiveRequest.objects.filter(pk=perspective.pk).update(
        first_date=met, last_date=met, dates=[met.isoformat()]
    )
    admin.goto(f"/admin/ervaringsdeskundigen/perspectiverequest/{perspective.pk}/change/")
    with admin.expect_navigation():
        admin.get_by_role("link", name="Verslag schrijven").click()
    admin.get_by_label("Wat brachten de ouders in?").fill("Ouders willen één vast aanspreekpunt.")
    admin.get_by_role("button", name="Verslag opslaan").click()
    admin.wait_for_url(f"**/perspectiverequest/{perspective.pk}/change/")
    admin.goto("/admin/casussen/case/signalen/")
    assert "Ouders willen één vast aanspreekpunt." in admin.content()
    screenshot(admin, "policy-signals-report")

    # 5. The partner reads what the parents brought in, never who they were.
    page.goto(f"/partner/ouderperspectief/{perspective.pk}/")
    assert "Ouders willen één vast aanspreekpunt." in page.content()
    assert "Fatima" not in page.content()
    assert axe_violations(page) == []
