"""Replies by email, fetched from a real dovecot on loopback: a parent's reply and a
partner's answer land on the timeline as if typed on the site; auto-replies, strangers
and broken addresses never do; every message is processed exactly once."""

import threading
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.db import connection, connections, transaction

from casussen import services, tasks
from casussen.models import Case, CaseAttachment, CaseEvent, Consent, FollowUp, InboundMessage
from steunpunt.inbound_mail import DONE_FLAG
from tests.factories import OrganisationFactory, coordinator, make_case
from tests.mail_messages import GMAIL_REPLY, OUTLOOK_ANSWER, PDF, reply_email

pytestmark = pytest.mark.django_db

K = CaseEvent.Kind
S = InboundMessage.Status
R = InboundMessage.Reason
PARENT = "ouder@test.example.nl"
SCHOOL = "zorg@school.example.nl"
# Tuesday 1 December 2026, a working week.
NOW = "2026-12-01 10:00 +01:00"


@pytest.fixture
def worker():
    return coordinator(email="k.jansen@steunpunt.example.nl")


@pytest.fixture
def case(worker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(NOW, tick=False):
        case = make_case(email=PARENT)
        return services.case_assign(case=case, coordinator=worker, actor=worker)


@pytest.fixture
def followup(case, worker):
    school = OrganisationFactory(name="Basisschool De Windwijzer", contact_email=SCHOOL)
    services.consent_give(case=case, organisation=school, method=Consent.Method.PHONE, actor=worker)
    with time_machine.travel(NOW, tick=False):
        return services.followup_create(
            case=case,
            organisation=school,
            request="Wilt u het ontwikkelingsperspectief met de ouder bespreken?",
            due_date=date(2026, 12, 8),
            actor=worker,
        )


def _fetch(capture) -> int:
    with capture(execute=True):
        return services.inbound_fetch()


def _parent_messages(case):
    return list(case.events.filter(kind=K.MESSAGE_FROM_PARENT).values_list("text", flat=True))


def test_parent_reply_lands_on_the_timeline_without_the_quote(
    reply_mailbox, case, worker, django_capture_on_commit_callbacks
):
    address = services.reply_to(case=case)[0]
    reply_mailbox.append(reply_email(to=address, sender=PARENT, body=GMAIL_REPLY))
    mail.outbox.clear()

    assert _fetch(django_capture_on_commit_callbacks) == 1

    assert _parent_messages(case) == [
        "Dank je wel! Donderdag na drie uur kan ik bellen.\n\nGroetjes, Sanne"
    ]
    event = case.events.get(kind=K.MESSAGE_FROM_PARENT)
    assert (event.actor, event.data["via"], event.is_internal) == (case.parent, "email", False)
    # The coordinator is told, as when the parent replies on the site.
    assert [m.to for m in mail.outbox] == [[worker.email]]
    assert case.reference in mail.outbox[0].subject
    assert InboundMessage.objects.get().status == S.POSTED


def test_posted_reply_keeps_no_content_in_the_inbound_record(reply_mailbox, case):
    reply_mailbox.append(
        reply_email(to=services.reply_to(case=case)[0], sender=PARENT, body="Prima, dank je.")
    )

    services.inbound_fetch()

    record = InboundMessage.objects.get()
    assert (record.text, bytes(record.raw), record.case) == ("", b"", case)


def test_reply_to_a_case_waiting_for_the_parent_picks_it_up_again(reply_mailbox, case, worker):
    services.case_message_to_parent(
        case=case, actor=worker, text="Wanneer kunnen we bellen?", wait_for_reply=True
    )
    reply_mailbox.append(
        reply_email(to=services.reply_to(case=case)[0], sender=PARENT, body="Morgen om 3 uur.")
    )

    services.inbound_fetch()

    assert Case.objects.get(pk=case.pk).status == Case.Status.IN_PROGRESS


def test_sender_address_is_compared_without_case(reply_mailbox, case):
    reply_mailbox.append(
        reply_email(
            to=services.reply_to(case=case)[0].upper(),
            sender="Ouder <OUDER@Test.Example.NL>",
            body="Goed zo.",
        )
    )

    services.inbound_fetch()

    assert _parent_messages(case) == ["Goed zo."]


def test_partner_answer_lands_as_the_followup_answer(
    reply_mailbox, followup, worker, django_capture_on_commit_callbacks
):
    reply_mailbox.append(
        reply_email(
            to=services.reply_to(followup=followup)[0],
            sender=SCHOOL,
            subject="RE: Het oudersteunpunt vraagt uw hulp",
            body=OUTLOOK_ANSWER,
        )
    )
    mail.outbox.clear()

    assert _fetch(django_capture_on_commit_callbacks) == 1

    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.ANSWERED
    assert followup.answer == "Wij hebben het gesprek met de ouder gepland op 10 december."
    assert followup.answered_via == FollowUp.Channel.EMAIL
    event = followup.case.events.get(kind=K.FOLLOWUP_ANSWERED)
    assert event.text == followup.answer
    assert Case.objects.get(pk=followup.case_id).status == Case.Status.IN_PROGRESS
    assert [m.to for m in mail.outbox] == [[worker.email]]


def test_parent_writing_to_the_partner_address_is_held(reply_mailbox, followup):
    reply_mailbox.append(
        reply_email(to=services.reply_to(followup=followup)[0], sender=PARENT, body="Hallo")
    )

    services.inbound_fetch()

    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.OPEN
    record = InboundMessage.objects.get()
    assert (record.status, record.reason, record.followup) == (S.HELD, R.UNKNOWN_SENDER, followup)


def test_stranger_on_the_parent_address_is_held_not_posted(reply_mailbox, case):
    reply_mailbox.append(
        reply_email(
            to=services.reply_to(case=case)[0],
            sender="iemand@elders.example.nl",
            subject=f"Re: Nieuw bericht over je vraag ({case.reference})",
            body="Ik weet hier meer over.",
        )
    )

    services.inbound_fetch()

    assert _parent_messages(case) == []
    record = InboundMessage.objects.get()
    assert (record.status, record.reason) == (S.HELD, R.UNKNOWN_SENDER)
    assert (record.from_address, record.text, record.case) == (
        "iemand@elders.example.nl",
        "Ik weet hier meer over.",
        case,
    )


def test_tampered_token_is_held(reply_mailbox, case):
    address = services.reply_to(case=case)[0]
    local, domain = address.split("@")
    tampered = local[:-1] + ("a" if local[-1] != "a" else "b") + "@" + domain
    reply_mailbox.append(reply_email(to=tampered, sender=PARENT, body="Hallo"))

    services.inbound_fetch()

    assert _parent_messages(case) == []
    assert InboundMessage.objects.get().reason == R.BAD_TOKEN


def test_token_for_another_case_number_is_held(reply_mailbox, case):
    address = services.reply_to(case=case)[0]
    other = address.replace(f"+o{case.pk}-", f"+o{case.pk + 1}-")
    reply_mailbox.append(reply_email(to=other, sender=PARENT, body="Hallo"))

    services.inbound_fetch()

    assert InboundMessage.objects.get().reason == R.BAD_TOKEN


def test_expired_token_is_held(reply_mailbox, case, settings):
    with time_machine.travel(NOW, tick=False):
        address = services.reply_to(case=case)[0]
    reply_mailbox.append(reply_email(to=address, sender=PARENT, body="Nog een vraag."))

    with time_machine.travel("2027-06-15 10:00 +02:00", tick=False):
        services.inbound_fetch()

    assert _parent_messages(case) == []
    assert InboundMessage.objects.get().reason == R.EXPIRED_TOKEN


def test_mail_without_a_token_is_held_with_the_case_its_subject_names(reply_mailbox, case):
    reply_mailbox.append(
        reply_email(
            to="antwoord@steunpunt.example.nl",
            sender=PARENT,
            subject=f"Vraag over {case.reference.lower()}",
            body="Hallo",
        )
    )

    services.inbound_fetch()

    record = InboundMessage.objects.get()
    assert (record.status, record.reason, record.case) == (S.HELD, R.NO_TOKEN, case)
    assert _parent_messages(case) == []


def test_reply_to_a_closed_case_is_held_with_the_reason(reply_mailbox, case, worker):
    services.case_transition(
        case=case, to_status=Case.Status.CLOSED, actor=worker, resolution=Case.Resolution.WITHDRAWN
    )
    reply_mailbox.append(
        reply_email(to=services.reply_to(case=case)[0], sender=PARENT, body="Nog iets.")
    )

    services.inbound_fetch()

    record = InboundMessage.objects.get()
    assert (record.status, record.reason) == (S.HELD, R.REFUSED)
    assert case.reference in record.detail
    assert _parent_messages(case) == []


AUTOMATIC = [
    {"Auto-Submitted": "auto-replied"},
    {"Auto-Submitted": "auto-generated"},
    {"Return-Path": "<>"},
    {"X-Autoreply": "yes"},
    {"Precedence": "auto_reply"},
    {"Precedence": "bulk"},
    {"Precedence": "junk"},
]


@pytest.mark.parametrize(
    "headers", AUTOMATIC, ids=lambda h: "-".join(f"{k}={v}" for k, v in h.items())
)
def test_automatic_reply_is_recorded_and_never_posted(reply_mailbox, case, headers):
    reply_mailbox.append(
        reply_email(
            to=services.reply_to(case=case)[0],
            sender=PARENT,
            subject="Afwezig: Nieuw bericht over je vraag",
            body="Ik ben tot maandag afwezig.",
            headers=headers,
        )
    )

    assert services.inbound_fetch() == 1

    assert _parent_messages(case) == []
    record = InboundMessage.objects.get()
    assert (record.status, record.text, record.from_address) == (S.AUTOMATIC, "", "")
    assert DONE_FLAG in reply_mailbox.flags()[0]


def test_auto_submitted_no_is_a_person_writing(reply_mailbox, case):
    reply_mailbox.append(
        reply_email(
            to=services.reply_to(case=case)[0],
            sender=PARENT,
            body="Ik schrijf dit zelf.",
            headers={"Auto-Submitted": "no"},
        )
    )

    services.inbound_fetch()

    assert _parent_messages(case) == ["Ik schrijf dit zelf."]


def test_delivery_report_is_never_posted(reply_mailbox, case):
    address = services.reply_to(case=case)[0]
    bounce = (
        f"From: MAILER-DAEMON@mail.test.example.nl\r\nTo: {address}\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <bounce-1@test>\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
        "--b\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n"
        "--b\r\nContent-Type: message/delivery-status\r\n\r\nStatus: 5.1.1\r\n--b--\r\n"
    ).encode()
    reply_mailbox.append(bounce)

    services.inbound_fetch()

    assert _parent_messages(case) == []
    assert InboundMessage.objects.get().status == S.AUTOMATIC


def test_attachment_passes_the_upload_checks_and_is_stored(reply_mailbox, case):
    reply_mailbox.append(
        reply_email(
            to=services.reply_to(case=case)[0],
            sender=PARENT,
            body="Hierbij het verslag.",
            attachments=[("verslag.html", PDF, "application/pdf")],
        )
    )

    services.inbound_fetch()

    # Stored under the extension of what it really is, like a file sent on the site.
    stored = CaseAttachment.objects.get(case=case)
    assert (stored.original_name, stored.content_type, stored.uploaded_by) == (
        "verslag.pdf",
        "application/pdf",
        case.parent,
    )
    assert case.events.filter(kind=K.ATTACHMENT_ADDED).count() == 1


def test_refused_attachment_is_left_out_and_the_coordinator_reads_why(reply_mailbox, case):
    reply_mailbox.append(
        reply_email(
            to=services.reply_to(case=case)[0],
            sender=PARENT,
            body="Kijk even naar dit programma.",
            attachments=[("hulp.exe", b"MZ\x90\x00" + b"\x00" * 64, "application/octet-stream")],
        )
    )

    services.inbound_fetch()

    assert _parent_messages(case) == ["Kijk even naar dit programma."]
    assert not CaseAttachment.objects.filter(case=case).exists()
    note = case.events.get(kind=K.INTERNAL_NOTE)
    assert "hulp.exe" in note.text
    assert note.is_internal


def test_fetch_twice_posts_once(reply_mailbox, case):
    reply_mailbox.append(
        reply_email(to=services.reply_to(case=case)[0], sender=PARENT, body="Eén keer graag.")
    )

    assert services.inbound_fetch() == 1
    assert services.inbound_fetch() == 0

    assert _parent_messages(case) == ["Eén keer graag."]


def test_same_message_id_delivered_twice_posts_once(reply_mailbox, case):
    raw = reply_email(
        to=services.reply_to(case=case)[0],
        sender=PARENT,
        body="Dubbel bezorgd.",
        message_id="<dubbel-1@mail.test.example.nl>",
    )
    reply_mailbox.append(raw)
    reply_mailbox.append(raw)

    assert services.inbound_fetch() == 2

    assert _parent_messages(case) == ["Dubbel bezorgd."]
    assert InboundMessage.objects.count() == 1


def test_message_without_message_id_is_known_by_its_hash(reply_mailbox, case):
    raw = reply_email(
        to=services.reply_to(case=case)[0], sender=PARENT, body="Zonder id.", message_id=None
    )
    reply_mailbox.append(raw)
    reply_mailbox.append(raw)

    services.inbound_fetch()

    assert _parent_messages(case) == ["Zonder id."]
    assert InboundMessage.objects.get().key.startswith("sha256:")


def test_worker_that_died_after_the_commit_leaves_nothing_to_post_twice(reply_mailbox, case):
    raw = reply_email(to=services.reply_to(case=case)[0], sender=PARENT, body="Na de crash.")
    reply_mailbox.append(raw)
    # The first worker committed the message, then died before flagging it.
    services.inbound_process(raw=raw)
    assert DONE_FLAG not in reply_mailbox.flags()[0]

    assert services.inbound_fetch() == 1

    assert _parent_messages(case) == ["Na de crash."]
    assert DONE_FLAG in reply_mailbox.flags()[0]


def test_worker_that_died_before_the_commit_leaves_the_message_for_the_next_run(
    reply_mailbox, case
):
    raw = reply_email(to=services.reply_to(case=case)[0], sender=PARENT, body="Opnieuw.")
    reply_mailbox.append(raw)

    # The first worker recorded and posted it, then died before its commit.
    sid = transaction.savepoint()
    services.inbound_process(raw=raw)
    transaction.savepoint_rollback(sid)

    assert _parent_messages(case) == []
    assert services.inbound_fetch() == 1
    assert _parent_messages(case) == ["Opnieuw."]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has one writer at a time; concurrent fetches need PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_fetching_at_once_post_each_message_once(reply_mailbox, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cases = [make_case(email=f"ouder{n}@test.example.nl") for n in range(4)]
    for n, item in enumerate(cases):
        reply_mailbox.append(
            reply_email(
                to=services.reply_to(case=item)[0],
                sender=f"ouder{n}@test.example.nl",
                body=f"Antwoord {n}.",
            )
        )
    start = threading.Barrier(2)
    errors = []

    def fetch():
        try:
            start.wait()
            services.inbound_fetch()
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=fetch) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    for n, item in enumerate(cases):
        assert _parent_messages(item) == [f"Antwoord {n}."]
    assert InboundMessage.objects.count() == 4
    assert all(DONE_FLAG in flags for flags in reply_mailbox.flags())


def test_fetch_does_nothing_without_imap_url(settings, case):
    settings.IMAP_URL = ""

    assert tasks.fetch_replies() == 0
    assert not InboundMessage.objects.exists()


def test_beat_task_fetches_the_mailbox(reply_mailbox, case):
    reply_mailbox.append(
        reply_email(to=services.reply_to(case=case)[0], sender=PARENT, body="Via beat.")
    )

    assert tasks.fetch_replies.delay().get() == 1

    assert _parent_messages(case) == ["Via beat."]
