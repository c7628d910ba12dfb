"""The whole journey of replies by email, without a browser: a coordinator writes to a
parent and asks a school; the parent and the school press "reply" in their mail program
(delivered to a real dovecot with IMAP APPEND, to the Reply-To our emails carried); the
beat task fetches the mailbox; both answers are on the timeline once, quoted history
gone, and the parent sees them in the portal. An out-of-office reply and a stranger's
mail are not on it; the stranger's waits in "Onbekende berichten"."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from casussen import services, tasks
from casussen.models import CaseEvent, Consent, InboundMessage
from tests.factories import OrganisationFactory, coordinator, make_case
from tests.mail_messages import GMAIL_REPLY, OUTLOOK_ANSWER, reply_email

pytestmark = pytest.mark.django_db

PARENT = "ouder@test.example.nl"
SCHOOL = "zorg@school.example.nl"


@time_machine.travel("2026-12-01 10:00 +01:00", tick=False)
def test_parent_and_school_reply_by_email_and_land_on_the_timeline_once(
    reply_mailbox, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    worker = coordinator(email="k.jansen@steunpunt.example.nl")
    school = OrganisationFactory(name="Basisschool De Windwijzer", contact_email=SCHOOL)
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(email=PARENT)
        case = services.case_assign(case=case, coordinator=worker, actor=worker)
        services.case_message_to_parent(
            case=case, actor=worker, text="Wanneer kunnen we je bellen?", wait_for_reply=True
        )
        services.consent_give(
            case=case, organisation=school, method=Consent.Method.PHONE, actor=worker
        )
        services.followup_create(
            case=case,
            organisation=school,
            request="Wilt u het ontwikkelingsperspectief met de ouder bespreken?",
            due_date=date(2026, 12, 8),
            actor=worker,
        )
    to_parent = next(m for m in mail.outbox if "Nieuw bericht" in m.subject)
    to_school = next(m for m in mail.outbox if m.to == [SCHOOL])

    # They press "reply": the mail program writes to the Reply-To.
    reply_mailbox.append(
        reply_email(
            to=to_parent.reply_to[0],
            sender=PARENT,
            subject=f"Re: {to_parent.subject}",
            body=GMAIL_REPLY,
        )
    )
    reply_mailbox.append(
        reply_email(
            to=to_school.reply_to[0],
            sender=SCHOOL,
            subject=f"RE: {to_school.subject}",
            body=OUTLOOK_ANSWER,
        )
    )
    reply_mailbox.append(
        reply_email(
            to=to_parent.reply_to[0],
            sender=PARENT,
            subject=f"Automatisch antwoord: {to_parent.subject}",
            body="Ik ben tot maandag afwezig.",
            headers={"Auto-Submitted": "auto-replied", "X-Autoreply": "yes"},
        )
    )
    reply_mailbox.append(
        reply_email(
            to=to_parent.reply_to[0],
            sender="onbekende@elders.example.nl",
            subject=f"Fwd: {to_parent.subject}",
            body="Ik stuur dit even door.",
        )
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        tasks.fetch_replies.delay()
        tasks.fetch_replies.delay()  # the next beat run finds nothing new

    parent_messages = case.events.filter(kind=CaseEvent.Kind.MESSAGE_FROM_PARENT)
    assert [e.text for e in parent_messages] == [
        "Dank je wel! Donderdag na drie uur kan ik bellen.\n\nGroetjes, Sanne"
    ]
    answers = case.events.filter(kind=CaseEvent.Kind.FOLLOWUP_ANSWERED)
    assert [e.text for e in answers] == [
        "Wij hebben het gesprek met de ouder gepland op 10 december."
    ]
    texts = " ".join(case.events.values_list("text", flat=True))
    assert "afwezig" not in texts
    assert "Ik stuur dit even door." not in texts
    assert "Oorspronkelijk bericht" not in texts
    assert "Wanneer kunnen we je bellen?" not in texts.replace(
        case.events.get(kind=CaseEvent.Kind.MESSAGE_TO_PARENT).text, ""
    )
    # The coordinator heard of both, as when they are typed on the site.
    assert sorted(m.subject for m in mail.outbox if m.to == [worker.email]) == sorted(
        [
            f"De ouder van {case.reference} heeft gereageerd",
            f"Basisschool De Windwijzer heeft geantwoord op uw vraag over {case.reference}",
        ]
    )
    held = InboundMessage.objects.get(status=InboundMessage.Status.HELD)
    assert (held.from_address, held.reason) == (
        "onbekende@elders.example.nl",
        InboundMessage.Reason.UNKNOWN_SENDER,
    )
    # The parent sees both answers in the portal, once each.
    client.force_login(case.parent)
    page = client.get(reverse("casussen:portal_case", args=[case.pk])).content.decode()
    assert page.count("Donderdag na drie uur kan ik bellen.") == 1
    assert page.count("gepland op 10 december") == 1
    assert "Ik stuur dit even door." not in page
    # The coordinator finds the stranger's mail in the list.
    client.force_login(worker)
    listing = client.get(reverse("admin:casussen_inboundmessage_changelist"))
    assert [m.pk for m in listing.context["cl"].result_list] == [held.pk]
