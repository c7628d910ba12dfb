"""Journey: a running match gets goals, a contact log and a good ending. On a phone the
parent writes two goals, the buddy confirms them and logs a contact with the keyboard; a
check-in asks per goal how it goes; the parent closes the match and asks for a new
buddy; the buddy looks back and chooses a rest. Every new page passes axe-core."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from oudernetwerk.models import (
    BuddyRequest,
    CheckIn,
    GoalReview,
    Match,
    MatchAgreement,
    MatchClosure,
    MatchContact,
)
from tests.e2e.conftest import axe_violations, screenshot, signed_in
from tests.e2e.test_buddy_journey import PHONE
from tests.factories import (
    BuddyProfileFactory,
    BuddyRequestFactory,
    MatchFactory,
    MunicipalityFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
)

pytestmark = pytest.mark.django_db(transaction=True)

NOTE = "Ze twijfelt over het gesprek met de intern begeleider"


def test_goals_contacts_checkin_and_closure(browser, live_server, site_settings):
    town = MunicipalityFactory(name="Alkmaar", slug="alkmaar")
    theme = ThemeFactory(name="Thuiszitten", slug="thuiszitten")
    parent = UserFactory(email="ouder@test.example.nl", name="Sanne")
    buddy = BuddyProfileFactory(
        user__email="buddy@test.example.nl", user__name="Fatima", municipalities=[town]
    )
    coordinator(email="coordinator@test.example.nl")
    request = BuddyRequestFactory(parent=parent, municipality=town, themes=[theme])
    request.status = BuddyRequest.Status.MATCHED
    request.save()
    match = MatchFactory(
        request=request,
        buddy=buddy,
        status=Match.Status.ACTIVE,
        answered_at=timezone.now() - timedelta(days=10),
        started_at=timezone.now() - timedelta(days=9),
    )

    # 1. The parent writes down two goals on a phone; a missing choice is said in Dutch.
    page = signed_in(browser, live_server, parent, **PHONE)
    page.goto(f"/buddy/koppeling/{match.pk}/")
    page.get_by_role("link", name="Jullie doelen").click()
    page.wait_for_url(f"**/buddy/koppeling/{match.pk}/doelen/")
    assert axe_violations(page) == []
    page.get_by_label("Doel 1").fill("Weten wat ik op school kan vragen")
    page.get_by_label("Doel 2 (mag leeg blijven)").fill("Me minder alleen voelen")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Kies hoe vaak jullie contact willen hebben.").first.wait_for()
    assert page.get_by_label("Doel 2 (mag leeg blijven)").input_value() == (
        "Me minder alleen voelen"
    )
    assert axe_violations(page) == []
    page.get_by_label("Elke twee weken").check()
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Wacht op de ander").wait_for()
    screenshot(page, "buddy-goals-parent")
    assert [m.to for m in mail.outbox] == [["buddy@test.example.nl"]]

    # 2. The buddy confirms the goals and logs a contact with the keyboard only.
    buddy_page = signed_in(browser, live_server, buddy.user, **PHONE)
    buddy_page.goto(f"/buddy/koppeling/{match.pk}/doelen/")
    assert "Me minder alleen voelen" in buddy_page.content()
    buddy_page.get_by_role("button", name="Ja, dit klopt").click()
    buddy_page.get_by_text("Jullie zijn het eens").wait_for()
    assert MatchAgreement.objects.get().confirmed_by == buddy.user
    buddy_page.goto(f"/buddy/koppeling/{match.pk}/contact/")
    assert axe_violations(buddy_page) == []
    today = timezone.localdate().isoformat()
    assert buddy_page.get_by_label("Wanneer?").input_value() == today
    buddy_page.get_by_label("Gebeld").focus()
    buddy_page.keyboard.press("Space")
    buddy_page.keyboard.press("Tab")  # past the other ways of contact, to the note
    buddy_page.get_by_label("Notitie voor de coördinator (mag leeg blijven)").focus()
    buddy_page.keyboard.type(NOTE)
    buddy_page.get_by_role("button", name="Contact noteren").focus()
    buddy_page.keyboard.press("Enter")
    buddy_page.get_by_text("Het contact is genoteerd").wait_for()
    contact = MatchContact.objects.get()
    assert (contact.how, contact.note) == ("phone", NOTE)
    assert axe_violations(buddy_page) == []
    screenshot(buddy_page, "buddy-contact-log")

    # 3. The parent's check-in asks per goal how it goes; the note is nowhere to be seen.
    checkin = CheckIn.objects.create(
        match=match, respondent="parent", round=1, due_at=timezone.now()
    )
    page.goto(f"/buddy/check-in/{checkin.pk}/")
    assert "Weten wat ik op school kan vragen" in page.content()
    assert NOTE not in page.content()
    assert axe_violations(page) == []
    page.get_by_label("Goed", exact=True).check()
    page.get_by_role("group", name="Weten wat ik op school kan vragen").get_by_label(
        "Gaat goed"
    ).check()
    page.get_by_role("group", name="Me minder alleen voelen").get_by_label("Lukt nog niet").check()
    page.get_by_role("button", name="Versturen").click()
    page.get_by_text("Dank je wel voor je antwoord").wait_for()
    assert GoalReview.objects.count() == 2

    # 4. The parent closes the match and asks for a new buddy.
    mail.outbox.clear()
    page.goto(f"/buddy/koppeling/{match.pk}/")
    assert NOTE not in page.content()
    page.get_by_role("link", name="Koppeling afsluiten").click()
    page.wait_for_url(f"**/buddy/koppeling/{match.pk}/stoppen/")
    assert axe_violations(page) == []
    page.get_by_label("Waarom stoppen jullie?").fill("Het gaat nu goed met school")
    page.get_by_label("Goed", exact=True).check()
    page.get_by_role("group", name="Weten wat ik op school kan vragen").get_by_label(
        "Gaat goed"
    ).check()
    page.get_by_role("group", name="Me minder alleen voelen").get_by_label(
        "Gaat een beetje"
    ).check()
    page.get_by_label("Wat hielp jou? (mag leeg blijven)").fill("Dat ze mee ging naar school")
    page.get_by_label("Ja", exact=True).check()
    page.get_by_label("Ik wil graag een nieuwe buddy").check()
    screenshot(page, "buddy-close")
    page.get_by_role("button", name="Koppeling stoppen").click()
    page.get_by_text("We zoeken een nieuwe buddy voor je").wait_for()
    assert Match.objects.get(pk=match.pk).status == Match.Status.ENDED
    assert BuddyRequest.objects.filter(parent=parent, status="open").count() == 1

    # 5. The buddy looks back on the end evaluation and chooses a rest.
    end = CheckIn.objects.get(match=match, respondent="buddy", round=0)
    buddy_page.goto(f"/buddy/check-in/{end.pk}/")
    assert "Dat ze mee ging naar school" not in buddy_page.content()
    assert axe_violations(buddy_page) == []
    buddy_page.get_by_label("Goed", exact=True).check()
    for goal in ["Weten wat ik op school kan vragen", "Me minder alleen voelen"]:
        buddy_page.get_by_role("group", name=goal).get_by_label("Gaat goed").check()
    buddy_page.get_by_label("Ja", exact=True).check()
    buddy_page.get_by_label("Over drie maanden").check()
    buddy_page.get_by_role("button", name="Versturen").click()
    buddy_page.get_by_text("Dank je wel voor je antwoord").wait_for()
    buddy.refresh_from_db()
    assert buddy.available_from == timezone.localdate() + timedelta(days=91)
    assert MatchClosure.objects.count() == 2
