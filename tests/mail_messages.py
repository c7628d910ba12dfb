"""Emails as a parent's or a school's mail program sends them, for the IMAP tests."""

from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.utils import timezone

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def reply_email(
    *,
    to: str,
    sender: str,
    body: str,
    subject: str = "Re: Nieuw bericht over je vraag",
    message_id: str | None = "",
    headers: dict | None = None,
    attachments: tuple = (),
) -> bytes:
    """One email as bytes. `message_id=None` leaves the Message-ID out; "" makes one."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    if message_id is not None:
        message["Message-ID"] = message_id or make_msgid(domain="mail.test.example.nl")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    for filename, content, mimetype in attachments:
        maintype, subtype = mimetype.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


GMAIL_REPLY = """Dank je wel! Donderdag na drie uur kan ik bellen.

Groetjes, Sanne

Op di 1 dec 2026 om 10:00 schreef Oudersteunpunt <noreply@oudersteunpunt.example>:

> Beste ouder,
>
> Wanneer kunnen we je bellen?
"""

OUTLOOK_ANSWER = """Wij hebben het gesprek met de ouder gepland op 10 december.

Met vriendelijke groet,
M. de Boer
Intern begeleider, Basisschool De Windwijzer

-----Oorspronkelijk bericht-----
Van: Oudersteunpunt <noreply@oudersteunpunt.example>
Verzonden: dinsdag 1 december 2026 10:00
Aan: zorg@school.example.nl
Onderwerp: Het oudersteunpunt vraagt uw hulp

Wilt u het ontwikkelingsperspectief met de ouder bespreken?
"""
