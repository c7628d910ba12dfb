"""Every case email to a parent or a partner says where a reply goes: the reply mailbox
with a signed token naming the case and who writes (REPLY_ADDRESS; unset: no Reply-To).
Emails to coordinators have none."""

from datetime import date

import pytest
import time_machine
from django.core import mail

from casussen import services
from casussen.models import Case, Consent
from tests.factories import OrganisationFactory, coordinator, make_case

pytestmark = pytest.mark.django_db

NOW = "2026-12-01 09:00 +01:00"
MAILBOX = "antwoord@steunpunt.example.nl"


@pytest.fixture(autouse=True)
def _reply_address(settings):
    settings.REPLY_ADDRESS = MAILBOX


@pytest.fixture
def worker():
    return coordinator(email="k.jansen@steunpunt.example.nl")


def _followup(case, worker):
    school = OrganisationFactory(contact_email="zorg@school.example.nl")
    services.consent_give(case=case, organisation=school, method=Consent.Method.PHONE, actor=worker)
    return services.followup_create(
        case=case, organisation=school, request="Graag.", due_date=date(2026, 12, 8), actor=worker
    )


def test_reply_address_is_a_plus_address_of_the_mailbox():
    with time_machine.travel(NOW, tick=False):
        case = make_case()
        (address,) = services.reply_to(case=case)

    local, domain = address.split("@")
    assert domain == "steunpunt.example.nl"
    assert local.startswith(f"antwoord+o{case.pk}-")
    assert len(local) <= 64
    assert local == local.lower()


def test_no_reply_address_without_the_setting(settings):
    settings.REPLY_ADDRESS = ""

    assert services.reply_to(case=make_case()) == []


def test_parent_token_names_the_case(worker):
    case = make_case()

    token = services.reply_token(case=case)

    assert services.reply_target(token) == case


def test_partner_token_names_the_followup(worker):
    with time_machine.travel(NOW, tick=False):
        followup = _followup(make_case(), worker)
        token = services.reply_token(followup=followup)

        assert services.reply_target(token) == followup


def test_token_with_a_changed_letter_is_refused():
    token = services.reply_token(case=make_case())
    tampered = token[:-1] + ("a" if token[-1] != "a" else "b")

    with pytest.raises(services.LinkInvalidError):
        services.reply_target(tampered)


def test_parent_token_does_not_work_as_a_partner_token(worker):
    case = make_case()
    token = services.reply_token(case=case)

    with pytest.raises(services.LinkInvalidError):
        services.reply_target("p" + token[1:])


def test_token_stops_working_when_the_followup_gets_a_new_nonce(worker):
    with time_machine.travel(NOW, tick=False):
        followup = _followup(make_case(), worker)
        token = services.reply_token(followup=followup)
        followup.link_nonce = "0" * 32
        followup.save(update_fields=["link_nonce"])

        with pytest.raises(services.LinkInvalidError):
            services.reply_target(token)


def test_token_expires_after_the_term(settings):
    settings.REPLY_ADDRESS_MAX_AGE_DAYS = 180
    with time_machine.travel(NOW, tick=False):
        case = make_case()
        token = services.reply_token(case=case)

    with time_machine.travel("2027-05-30 09:00 +02:00", tick=False):
        assert services.reply_target(token) == case
    with (
        time_machine.travel("2027-06-01 09:00 +02:00", tick=False),
        pytest.raises(services.LinkExpiredError),
    ):
        services.reply_target(token)


@pytest.mark.parametrize("garbage", ["", "o", "o1-x-", "x1-abc-" + "a" * 20, "o1-ab-" + "!" * 20])
def test_garbage_token_is_invalid(garbage):
    with pytest.raises(services.LinkInvalidError):
        services.reply_target(garbage)


def test_token_in_reads_only_our_own_mailbox():
    assert services.reply_token_in("antwoord+o1-ab-cd@steunpunt.example.nl") == "o1-ab-cd"
    assert services.reply_token_in("ANTWOORD+O1-AB-CD@Steunpunt.Example.NL") == "o1-ab-cd"
    assert services.reply_token_in("antwoord@steunpunt.example.nl") is None
    assert services.reply_token_in("antwoord+o1-ab-cd@elders.example.nl") is None
    assert services.reply_token_in("iemand+o1-ab-cd@steunpunt.example.nl") is None


# --- On the emails ---------------------------------------------------------------------


def _reply_to(message) -> list[str]:
    return list(message.reply_to)


def test_confirmation_to_the_parent_has_the_reply_address(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(email="ouder@test.example.nl")

    assert [m.to for m in mail.outbox] == [["ouder@test.example.nl"]]
    assert _reply_to(mail.outbox[0]) == services.reply_to(case=case)


def test_message_to_the_parent_has_the_reply_address(worker, django_capture_on_commit_callbacks):
    case = make_case(email="ouder@test.example.nl")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.case_message_to_parent(case=case, actor=worker, text="Wanneer kan ik bellen?")

    assert [m.to for m in mail.outbox] == [["ouder@test.example.nl"]]
    (address,) = _reply_to(mail.outbox[0])
    assert services.reply_target(services.reply_token_in(address)) == case
    # The reference stays in the subject: the fallback when the address is lost.
    assert case.reference in mail.outbox[0].subject


def test_request_to_the_partner_has_the_partner_reply_address(
    worker, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        case = make_case()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            followup = _followup(case, worker)

        assert [m.to for m in mail.outbox] == [["zorg@school.example.nl"]]
        (address,) = _reply_to(mail.outbox[0])
        assert services.reply_target(services.reply_token_in(address)) == followup


def test_reminder_to_the_partner_has_the_reply_address_and_the_overdue_notice_none(
    worker, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        followup = _followup(make_case(), worker)
    mail.outbox.clear()

    for moment in ("2026-12-04 07:00 +01:00", "2026-12-10 07:00 +01:00"):
        with (
            time_machine.travel(moment, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            services.sweep_reminders()

    by_recipient = {tuple(m.to): m for m in mail.outbox}
    to_partner = by_recipient[("zorg@school.example.nl",)]
    (address,) = _reply_to(to_partner)
    assert services.reply_target(services.reply_token_in(address)) == followup
    assert _reply_to(by_recipient[(worker.email,)]) == []


def test_evaluation_invitation_has_the_reply_address(worker, django_capture_on_commit_callbacks):
    case = services.case_assign(case=make_case(), coordinator=worker, actor=worker)
    services.case_message_to_parent(case=case, actor=worker, text="Dit is ons advies.")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.case_transition(
            case=case,
            to_status=Case.Status.RESOLVED,
            actor=worker,
            resolution=Case.Resolution.ANSWERED,
        )

    invitation = next(m for m in mail.outbox if m.to == [case.parent.email])
    assert _reply_to(invitation) == services.reply_to(case=case)


def test_email_to_the_coordinator_has_no_reply_address(worker, django_capture_on_commit_callbacks):
    case = services.case_assign(case=make_case(), coordinator=worker, actor=worker)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.parent_reply(case=case, parent=case.parent, text="Dank je.")

    assert [m.to for m in mail.outbox] == [[worker.email]]
    assert _reply_to(mail.outbox[0]) == []


def test_token_made_with_the_old_key_works_while_it_is_a_fallback(settings):
    case = make_case()
    settings.SECRET_KEY = "oude-sleutel-" + "x" * 40
    token = services.reply_token(case=case)
    settings.SECRET_KEY = "nieuwe-sleutel-" + "y" * 40
    settings.SECRET_KEY_FALLBACKS = ["oude-sleutel-" + "x" * 40]

    assert services.reply_target(token) == case

    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(services.LinkInvalidError):
        services.reply_target(token)


def test_message_to_the_parent_says_an_answer_by_email_lands_on_the_case(
    worker, django_capture_on_commit_callbacks
):
    case = make_case(email="ouder@test.example.nl")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.case_message_to_parent(case=case, actor=worker, text="Wanneer kan ik bellen?")

    (message,) = mail.outbox
    html = message.alternatives[0][0]
    for text in (message.body, html):
        assert "Antwoord dan op deze e-mail, of reageer in Mijn steunpunt" in text
        assert "niet door deze e-mail te beantwoorden" not in text


def test_without_a_reply_mailbox_the_message_asks_to_answer_on_the_site(
    settings, worker, django_capture_on_commit_callbacks
):
    settings.REPLY_ADDRESS = ""
    case = make_case(email="ouder@test.example.nl")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.case_message_to_parent(case=case, actor=worker, text="Wanneer kan ik bellen?")

    (message,) = mail.outbox
    assert "niet door deze e-mail te beantwoorden" in message.body
    assert not message.reply_to
