"""Reading an incoming email: its identity, who a machine sent, the new text without the
quote and signature, its files; and the IMAP address rules."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from steunpunt.inbound_mail import mailbox_address, parse, reply_text
from tests import dovecot
from tests.mail_messages import GMAIL_REPLY, OUTLOOK_ANSWER, PDF, reply_email


def _parse(**kwargs):
    defaults = {"to": "antwoord+x@steunpunt.example.nl", "sender": "a@test.example.nl"}
    return parse(reply_email(**{**defaults, "body": "Hallo", **kwargs}))


def test_message_id_is_the_key():
    assert _parse(message_id="<abc@mail.example.nl>").key == "mid:abc@mail.example.nl"


def test_without_message_id_the_key_is_a_hash_of_the_message():
    raw = reply_email(to="x@y.nl", sender="a@b.nl", body="Hallo", message_id=None)

    assert parse(raw).key == parse(raw).key
    assert parse(raw).key.startswith("sha256:")


def test_sender_and_recipients_are_read_in_lowercase():
    parsed = _parse(sender="Ouder <Ouder@Test.Example.NL>", headers={"Cc": "B@Example.nl"})

    assert parsed.from_address == "ouder@test.example.nl"
    assert parsed.recipients == ["antwoord+x@steunpunt.example.nl", "b@example.nl"]


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({"Auto-Submitted": "auto-replied"}, "auto-submitted"),
        ({"Return-Path": "<>"}, "empty-return-path"),
        ({"X-Autoreply": "yes"}, "x-autoreply"),
        ({"Precedence": "bulk"}, "precedence"),
        ({"Precedence": "Auto_Reply"}, "precedence"),
    ],
)
def test_machine_sent_messages_are_recognised(headers, reason):
    parsed = _parse(headers=headers)

    assert parsed.automatic == reason
    assert parsed.text == ""


@pytest.mark.parametrize(
    "headers",
    [{}, {"Auto-Submitted": "no"}, {"Return-Path": "<a@test.example.nl>"}, {"Precedence": "list"}],
)
def test_a_person_writing_is_not_automatic(headers):
    assert _parse(headers=headers).automatic == ""


def test_gmail_quote_in_dutch_is_cut_off():
    assert reply_text(GMAIL_REPLY) == (
        "Dank je wel! Donderdag na drie uur kan ik bellen.\n\nGroetjes, Sanne"
    )


def test_outlook_original_message_and_signature_are_cut_off():
    assert (
        reply_text(OUTLOOK_ANSWER) == "Wij hebben het gesprek met de ouder gepland op 10 december."
    )


def test_english_quote_is_cut_off():
    text = "Fine by me.\n\nOn Tue, 1 Dec 2026 at 10:00, Oudersteunpunt <a@b.nl> wrote:\n> Hi\n"

    assert reply_text(text) == "Fine by me."


def test_attribution_wrapped_over_two_lines_is_cut_off():
    text = (
        "Ja prima.\n\nOp di 1 dec 2026 om 10:00 schreef Oudersteunpunt <\nnoreply@x.nl>:\n\n> a\n"
    )

    assert reply_text(text) == "Ja prima."


def test_html_only_message_is_read_as_text():
    raw = (
        b"From: a@test.example.nl\r\nTo: x@y.nl\r\nSubject: s\r\nMessage-ID: <h@t>\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        b"<p>Eerste regel</p><p>Tweede <b>regel</b></p>"
    )

    assert parse(raw).text == "Eerste regel\nTweede regel"


def test_attachments_are_read_with_name_and_content():
    parsed = _parse(attachments=[("verslag.pdf", PDF, "application/pdf")])

    assert [(a.filename, a.content) for a in parsed.attachments] == [("verslag.pdf", PDF)]


def test_imaps_address_is_read():
    address = mailbox_address(
        "imaps://antwoord%40steunpunt.nl:ge%2Fheim@mail.example.nl/Antwoorden"
    )

    assert (address.secure, address.host, address.port) == (True, "mail.example.nl", 993)
    assert (address.user, address.password, address.folder) == (
        "antwoord@steunpunt.nl",
        "ge/heim",
        "Antwoorden",
    )


def test_plain_imap_is_allowed_to_loopback_only():
    assert mailbox_address("imap://u:p@127.0.0.1:10143/INBOX").port == 10143
    assert mailbox_address("imap://u:p@[::1]/INBOX").port == 143
    with pytest.raises(ImproperlyConfigured):
        mailbox_address("imap://u:p@mail.example.nl/INBOX")


@pytest.mark.parametrize("url", ["pop3://u:p@mail.example.nl", "imaps:///INBOX", "mail.example.nl"])
def test_other_addresses_are_refused(url):
    with pytest.raises(ImproperlyConfigured):
        mailbox_address(url)


def test_missing_dovecot_skips_locally(monkeypatch):
    monkeypatch.delenv("REQUIRE_DOVECOT", raising=False)

    with pytest.raises(pytest.skip.Exception, match="apt-get install dovecot-imapd"):
        dovecot.unavailable("dovecot is not installed")


def test_missing_dovecot_fails_where_it_is_required(monkeypatch):
    monkeypatch.setenv("REQUIRE_DOVECOT", "1")

    with pytest.raises(pytest.fail.Exception, match="REQUIRE_DOVECOT=1"):
        dovecot.unavailable("dovecot is not installed")
