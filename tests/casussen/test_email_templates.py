"""Every email the case services send renders in Dutch, names the reference, carries the
facts its reader needs and nothing about the parent that its reader should not get."""

from datetime import date

import pytest
import time_machine

from casussen import services
from casussen.models import Evaluation
from steunpunt.outbox import render_email
from tests.factories import OrganisationFactory, coordinator, make_case

pytestmark = pytest.mark.django_db

# Tuesday 24 November 2026, 10:00 in Amsterdam.
NOW = "2026-11-24 10:00 +01:00"
PARENT_EMAIL = "ouder.geheim@test.example.nl"
PARENT_PHONE = "06 9876 5432"
STORY = "Mijn kind zit al twee weken thuis."
REQUEST = "Kunt u laten weten welke ondersteuning er in de klas is?\nEn wie is de IB'er?"
DUE = date(2026, 12, 4)
DUE_TEXT = "vrijdag 4 december 2026"


def _render(name: str, context: dict) -> tuple[str, str, str]:
    subject, text, html = render_email(template=f"casussen/email/{name}", context=context)
    assert subject
    assert text.strip()
    assert html
    assert "<html" in html
    return subject, text, html


def _assert_in_both(fact: str, text: str, html: str) -> None:
    assert fact in text
    assert fact in html


def _assert_in_neither(fact: str, text: str, html: str) -> None:
    assert fact not in text
    assert fact not in html


def _assert_reference(case, subject: str, text: str, html: str) -> None:
    assert case.reference in subject or case.reference in text
    assert case.reference in html


def _assert_nothing_about_the_parent(*parts: str) -> None:
    for part in parts:
        assert PARENT_EMAIL not in part
        assert PARENT_PHONE not in part
        assert STORY not in part


@pytest.fixture
def case(site_settings):
    with time_machine.travel(NOW, tick=False):
        return make_case(email=PARENT_EMAIL, phone=PARENT_PHONE, description=STORY)


@pytest.fixture
def followup(case):
    organisation = OrganisationFactory(name="Basisschool De Linde", phone="072 111 2233")
    actor = coordinator()
    with time_machine.travel(NOW, tick=False):
        services.consent_give(case=case, organisation=organisation, method="phone", actor=actor)
        return services.followup_create(
            case=case, organisation=organisation, request=REQUEST, due_date=DUE, actor=actor
        )


@pytest.fixture
def evaluation_link(case):
    return services.evaluation_link(Evaluation.objects.create(case=case))


def test_message_to_parent_carries_the_message_and_how_to_reply(case):
    message = "Kun je ons morgen <b>bellen</b>?\nDan bespreken we het."
    context = services._email_context(case, message=message, wait_for_reply=True)

    subject, text, html = _render("message_to_parent", context)

    _assert_reference(case, subject, text, html)
    assert message in text
    assert "Kun je ons morgen &lt;b&gt;bellen&lt;/b&gt;?<br>Dan bespreken we het." in html
    _assert_in_both("je termijn stil", text, html)
    _assert_in_both(context["case_portal_url"], text, html)
    assert "niet door deze e-mail te beantwoorden" in text


def test_message_to_parent_without_waiting_or_portal_says_to_call(case):
    context = services._email_context(case, message="Hallo!", wait_for_reply=False)
    context.update(case_portal_url=None, portal_url=None)

    _subject, text, html = _render("message_to_parent", context)

    _assert_in_neither("termijn", text, html)
    _assert_in_both("Bel of mail ons", text, html)


def test_parent_replied_names_only_the_reference(case):
    context = services._email_context(case, reopened=True)

    subject, text, html = _render("parent_replied", context)

    assert f"De ouder van {case.reference} heeft gereageerd" in subject
    _assert_in_both("weer geopend", text, html)
    _assert_in_both(context["admin_url"], text, html)
    _assert_nothing_about_the_parent(subject, text, html)


def test_case_withdrawn_points_to_the_case_without_the_reason(case):
    reason = "We zijn verhuisd naar een andere stad."
    context = services._email_context(case, reason=reason)

    subject, text, html = _render("case_withdrawn", context)

    assert case.reference in subject
    _assert_in_both(context["admin_url"], text, html)
    _assert_in_neither(reason, text, html)
    _assert_nothing_about_the_parent(subject, text, html)


def test_followup_request_asks_the_partner_with_one_link(case, followup):
    context = services._followup_context(followup)

    subject, text, html = _render("followup_request", context)

    assert subject == f"Het oudersteunpunt vraagt uw hulp ({case.reference})"
    assert REQUEST in text
    assert "welke ondersteuning er in de klas is?<br>En wie is de IB&#x27;er?" in html
    _assert_in_both(DUE_TEXT, text, html)
    _assert_in_both("toestemming", text, html)
    assert context["link"] in text
    assert f'href="{context["link"]}"' in html
    assert "Antwoord geven" in html
    _assert_in_both("30 dagen", text, html)
    _assert_nothing_about_the_parent(subject, text, html)


@pytest.mark.parametrize("name", ["followup_before_due", "followup_on_due"])
def test_followup_reminders_repeat_the_question_date_and_link(case, followup, name):
    context = services._followup_context(followup, on_due=name == "followup_on_due")

    subject, text, html = _render(name, context)

    _assert_reference(case, subject, text, html)
    assert subject.startswith("Herinnering")
    assert REQUEST in text
    _assert_in_both(DUE_TEXT, text, html)
    assert context["link"] in text
    assert f'href="{context["link"]}"' in html
    _assert_nothing_about_the_parent(subject, text, html)


def test_followup_cancelled_gives_no_details(case, followup):
    context = services._followup_context(followup)

    subject, text, html = _render("followup_cancelled", context)

    _assert_reference(case, subject, text, html)
    assert "niet meer nodig" in subject
    _assert_in_both("U hoeft niets te doen", text, html)
    for detail in (REQUEST, "welke ondersteuning", DUE_TEXT, context["link"]):
        _assert_in_neither(detail, text, html)
    _assert_nothing_about_the_parent(subject, text, html)


def test_followup_answered_tells_the_coordinator(case, followup):
    context = services._email_context(case, followup=followup)

    subject, text, html = _render("followup_answered", context)

    assert subject == f"Basisschool De Linde heeft geantwoord op uw vraag over {case.reference}"
    _assert_in_both(context["admin_url"], text, html)
    _assert_nothing_about_the_parent(subject, text, html)


def test_followup_overdue_gives_the_due_date_and_a_number_to_call(case, followup):
    context = services._email_context(case, followup=followup)

    subject, text, html = _render("followup_overdue", context)

    assert subject == f"Basisschool De Linde heeft niet op tijd geantwoord ({case.reference})"
    _assert_in_both(DUE_TEXT, text, html)
    _assert_in_both("072 111 2233", text, html)
    _assert_in_both(context["admin_url"], text, html)
    _assert_nothing_about_the_parent(subject, text, html)


@pytest.mark.parametrize(
    ("overdue", "phrase"),
    [(False, "wacht op een eerste reactie"), (True, "zo snel mogelijk contact")],
)
def test_case_respond_soon_gives_the_deadline(case, overdue, phrase):
    context = services._email_context(case, respond_by=case.respond_by, overdue=overdue)

    subject, text, html = _render("case_respond_soon", context)

    assert case.reference in subject
    assert subject.startswith("Te laat") is overdue
    _assert_in_both("donderdag 26 november 2026", text, html)
    _assert_in_both(phrase, text, html)
    assert "Nog niemand heeft deze casus opgepakt" in text
    _assert_in_both(context["admin_url"], text, html)
    _assert_nothing_about_the_parent(subject, text, html)


def test_evaluation_invite_links_to_the_questions(case, evaluation_link):
    context = services._email_context(case, link=evaluation_link)

    subject, text, html = _render("evaluation_invite", context)

    _assert_reference(case, subject, text, html)
    assert evaluation_link in text
    assert f'href="{evaluation_link}"' in html
    _assert_in_both("2 minuten", text, html)
    assert "niet verplicht" in text
    _assert_in_both("14 dagen", text, html)


def test_evaluation_reminder_is_the_only_one(case, evaluation_link):
    context = services._email_context(case, link=evaluation_link)

    subject, text, html = _render("evaluation_reminder", context)

    _assert_reference(case, subject, text, html)
    assert subject.startswith("Herinnering")
    assert evaluation_link in text
    assert f'href="{evaluation_link}"' in html
    _assert_in_both("enige herinnering", text, html)


def test_case_received_still_renders(case, site_settings):
    context = {
        "case": case,
        "site_settings": site_settings,
        "portal_url": services._portal_url(),
    }

    subject, text, html = _render("case_received", context)

    assert subject == f"We hebben je vraag ontvangen ({case.reference})"
    _assert_in_both(case.reference, text, html)
