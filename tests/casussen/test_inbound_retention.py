"""Retention of the reply mailbox's records: what is held is personal data with a term
(config/retention.py, shown on the privacy page); the nightly run deletes it after."""

import pytest
import time_machine
from django.urls import reverse

from casussen import services
from casussen.models import InboundMessage
from steunpunt import erasure, retention
from tests.factories import coordinator, make_case
from tests.mail_messages import reply_email

pytestmark = pytest.mark.django_db


def _held(settings, email="ouder@test.example.nl") -> InboundMessage:
    settings.REPLY_ADDRESS = "antwoord@steunpunt.example.nl"
    case = make_case(email=email)
    return services.inbound_process(
        raw=reply_email(
            to=services.reply_to(case=case)[0], sender="iemand@elders.example.nl", body="Hallo"
        )
    )


def test_held_message_is_kept_within_its_term(settings):
    with time_machine.travel("2026-09-01 10:00 +02:00", tick=False):
        held = _held(settings)

    with time_machine.travel("2026-11-30 10:00 +01:00", tick=False):
        retention.run()

    assert InboundMessage.objects.filter(pk=held.pk).exists()


def test_held_message_is_deleted_after_its_term(settings):
    with time_machine.travel("2026-09-01 10:00 +02:00", tick=False):
        held = _held(settings)

    with time_machine.travel("2026-12-02 10:00 +01:00", tick=False):
        results = {r.name: r.count for r in retention.run()}

    assert not InboundMessage.objects.filter(pk=held.pk).exists()
    assert results["casussen.inbound_messages"] == 1


def test_privacy_page_names_the_term_of_unknown_messages(client):
    response = client.get(reverse("privacy"), HTTP_ACCEPT_LANGUAGE="nl")

    body = response.content.decode()
    assert "die we niet aan een vraag konden koppelen" in body
    assert "Uiterlijk 3 maanden na ontvangst verwijderen we het." in body


def test_anonymising_a_case_deletes_what_is_held_about_it(settings):
    held = _held(settings)
    case = held.case
    worker = coordinator()
    services.case_transition(case=case, to_status="closed", actor=worker, resolution="withdrawn")

    assert services.case_anonymise(case=case)

    assert not InboundMessage.objects.filter(pk=held.pk).exists()


def test_erasure_deletes_held_emails_from_their_address(settings):
    settings.REPLY_ADDRESS = "antwoord@steunpunt.example.nl"
    case = make_case(email="ouder@test.example.nl")
    # Their reply to an address that does not name a case waits to be placed.
    held = services.inbound_process(
        raw=reply_email(
            to="antwoord@steunpunt.example.nl", sender="ouder@test.example.nl", body="Hoi"
        )
    )
    # A stranger's mail about another parent's case stays.
    stranger = _held(settings, email="ander@test.example.nl")

    outcome = erasure.erase_user(case.parent)

    assert not InboundMessage.objects.filter(pk=held.pk).exists()
    assert InboundMessage.objects.filter(pk=stranger.pk).exists()
    assert any("E-mails aan ons" in item.label and item.count == 1 for item in outcome)
