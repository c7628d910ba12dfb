"""Journey: a parent asks on a phone; a coordinator triages, records consent and asks
the school; the school answers through the link; the parent follows it on the timeline
and evaluates. Reminders along the way go out once."""

import re

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from casussen import services
from casussen.models import Case, Consent, FollowUp, Reminder
from steunpunt import access_log
from steunpunt.models import AccessEvent
from tests.e2e.conftest import axe_violations, screenshot, signed_in
from tests.factories import OrganisationFactory, ThemeFactory, UserFactory, coordinator, make_case

pytestmark = pytest.mark.django_db(transaction=True)


def _link_in(message, live_server) -> str:
    url = re.search(re.escape(settings.SITE_URL) + r"(/\S+/)", message.body).group(1)
    return live_server.url + url


def test_question_to_evaluation(browser, live_server, site_settings):
    ThemeFactory(name="Passend onderwijs", slug="passend-onderwijs")
    school = OrganisationFactory(
        name="Basisschool De Proeftuin", contact_email="zorg@proeftuin.example.nl"
    )
    worker = coordinator(email="coordinator@test.example.nl")
    phone_options = {"viewport": {"width": 375, "height": 740}}

    # 1. The parent asks a question on a phone and allows contact with the school.
    parent_page = browser.new_context(base_url=live_server.url, **phone_options).new_page()
    parent_page.goto("/vraag/")
    parent_page.get_by_label("Waar gaat het over?").select_option(label="Passend onderwijs")
    parent_page.get_by_label("Vertel je verhaal").fill(
        "Mijn zoon krijgt geen extra begeleiding meer. Wat kan ik doen?"
    )
    parent_page.get_by_label("Op welke school zit je kind?").select_option(value=str(school.pk))
    parent_page.get_by_label("Het steunpunt mag contact opnemen").check()
    parent_page.get_by_label("Je e-mailadres").fill("ouder@test.example.nl")
    parent_page.locator("#id_privacy").check()
    parent_page.get_by_role("button", name="Verstuur").click()
    parent_page.wait_for_url("**/vraag/ontvangen/")
    case = Case.objects.get()
    assert parent_page.locator(".reference").inner_text() == case.reference

    # 2. The coordinator writes the parent and asks the school, in the admin.
    admin = signed_in(browser, live_server, worker)
    admin.goto(f"/admin/casussen/case/{case.pk}/change/")
    admin.get_by_role("link", name="Bericht aan ouder").click()
    admin.get_by_label("Bericht aan de ouder").fill(
        "Dank je. Ik vraag school om een gesprek met jou te plannen."
    )
    admin.get_by_role("button", name="Versturen").click()
    admin.wait_for_url(f"**/admin/casussen/case/{case.pk}/change/")
    admin.get_by_role("link", name="Partner om actie vragen").click()
    assert axe_violations(admin) == []
    admin.get_by_label("Organisatie").select_option(value=str(school.pk))
    admin.get_by_label("Wat vragen we?").fill("Wilt u de ouder uitnodigen voor een gesprek?")
    screenshot(admin, "case-admin-followup")
    admin.get_by_role("button", name="Versturen").click()
    admin.wait_for_url(f"**/admin/casussen/case/{case.pk}/change/")
    screenshot(admin, "case-admin-page")
    followup = FollowUp.objects.get()
    assert Case.objects.get().status == Case.Status.WAITING_FOR_PARTNER

    # 3. The school answers through the link in its email, on a phone.
    request_mail = next(m for m in mail.outbox if m.to == ["zorg@proeftuin.example.nl"])
    school_page = browser.new_context(base_url=live_server.url, **phone_options).new_page()
    school_page.goto(_link_in(request_mail, live_server))
    assert "ouder@test.example.nl" not in school_page.content()
    assert axe_violations(school_page) == []
    screenshot(school_page, "case-partner-link-phone")
    school_page.get_by_role("textbox").fill("We hebben de ouder gebeld. Gesprek is op 3 december.")
    with school_page.expect_navigation():
        school_page.get_by_role("button", name=re.compile("Verstuur")).click()
    assert school_page.get_by_text(re.compile("Dank u")).first.is_visible()
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.ANSWERED

    # 4. The sweep runs twice on the due date: nothing more goes to the school.
    sent_before = len(mail.outbox)
    with time_machine.travel(followup.due_date, tick=False):
        services.sweep_reminders()
        services.sweep_reminders()
    assert not Reminder.objects.filter(followup=followup).exists()
    assert len(mail.outbox) == sent_before

    # 5. The parent follows it all on the timeline, on a phone.
    services.case_add_note(case=case, actor=worker, text="Geheime notitie voor collega's.")
    portal = signed_in(browser, live_server, case.parent, **phone_options)
    portal.goto("/mijn/")
    portal.get_by_role("link", name=re.compile(case.reference)).click()
    # The content of the case page, not of the page being left (it read '' mid-navigation).
    portal.wait_for_url(f"**/mijn/{case.pk}/")
    content = portal.content()
    assert "We hebben de ouder gebeld." in content
    assert "Dank je. Ik vraag school" in content
    assert "Geheime notitie" not in content
    assert axe_violations(portal) == []
    screenshot(portal, "case-portal-timeline-phone")

    # 6. The coordinator resolves; the parent evaluates through the invitation.
    admin.goto(f"/admin/casussen/case/{case.pk}/status/")
    admin.get_by_label("Nieuwe status").select_option(value="resolved")
    admin.get_by_label("Afloop").select_option(value="answered")
    admin.get_by_role("button", name="Opslaan").click()
    admin.wait_for_url(f"**/admin/casussen/case/{case.pk}/change/")
    invite = [m for m in mail.outbox if m.to == ["ouder@test.example.nl"]][-1]
    parent_page.goto(_link_in(invite, live_server))
    assert axe_violations(parent_page) == []
    parent_page.locator("input[name=satisfaction][value='4']").check()
    parent_page.locator("input[name=topic_child_centred][value='agree']").check()
    screenshot(parent_page, "case-evaluation-phone")
    with parent_page.expect_navigation():
        parent_page.get_by_role("button", name=re.compile("Verstuur")).click()
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert case.evaluation.satisfaction == 4


def test_coordinator_withdraws_consent_from_the_case_page(browser, live_server, site_settings):

    worker = coordinator()
    school = OrganisationFactory(name="Basisschool De Proeftuin")
    case = make_case()
    services.consent_give(case=case, organisation=school, method="phone", actor=worker)
    admin = signed_in(browser, live_server, worker)
    admin.goto(f"/admin/casussen/case/{case.pk}/change/")

    admin.get_by_role("button", name="Intrekken").click()
    admin.wait_for_url(f"**/admin/casussen/case/{case.pk}/change/")

    assert Consent.objects.get().withdrawn_at is not None
    assert admin.get_by_text("Toestemming voor Basisschool De Proeftuin ingetrokken").is_visible()


def test_parent_sees_who_looked_on_a_phone(browser, live_server, site_settings):
    """The list of who saw the case fits a 390 px phone and passes axe."""

    worker = coordinator(name="Karin Jansen")
    school = OrganisationFactory(name="Basisschool De Windwijzer")
    partner = UserFactory(roles=["partner"], organisation=school)
    case = make_case()
    for actor, action in [
        (worker, AccessEvent.Action.VIEW),
        (worker, AccessEvent.Action.VIEW),
        (worker, AccessEvent.Action.DOWNLOAD),
        (partner, AccessEvent.Action.VIEW),
    ]:
        access_log.record(
            actor=actor,
            action=action,
            obj=case,
            subject=case.parent,
            case_reference=case.reference,
        )
    page = signed_in(browser, live_server, case.parent, viewport={"width": 390, "height": 800})
    page.goto(f"/mijn/{case.pk}/#wie-heeft-gekeken")

    section = page.locator("#wie-heeft-gekeken")
    assert section.get_by_text("Coördinator van het steunpunt").first.is_visible()
    assert section.get_by_text("Basisschool De Windwijzer (partner)").is_visible()
    assert "Karin Jansen" not in section.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    screenshot(page, "portal-case-reads")
