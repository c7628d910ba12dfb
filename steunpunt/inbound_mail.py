"""Incoming email: reading the reply mailbox over IMAP (`Mailbox`) and reading one
message (`parse`): who sent it, to which addresses, the new text without the quoted
history and signature, its files, and whether a machine sent it (an auto-reply or a
bounce, `automatic_reason`). Nothing here knows what a case is."""

import email
import hashlib
import imaplib
import ipaddress
import logging
import re
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.html import strip_tags
from mailparser_reply import EmailReplyParser

logger = logging.getLogger(__name__)

# Set on a message once it is recorded in the database: the next fetch skips it. Only
# set after the commit, so a worker that dies mid-message leaves it to be fetched again.
DONE_FLAG = "$OspVerwerkt"
# The languages of the reply headers and signatures the parser knows to cut off.
REPLY_LANGUAGES = ["nl", "en", "de", "fr"]
# At most this many messages per run; the rest wait for the next one.
FETCH_BATCH = 100


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    content: bytes


@dataclass
class ParsedEmail:
    key: str
    from_address: str
    recipients: list[str]
    subject: str
    text: str
    attachments: list[Attachment] = field(default_factory=list)
    automatic: str = ""


def message_key(message: EmailMessage, raw: bytes) -> str:
    """The Message-ID as the message's identity, or a hash of the whole message."""
    message_id = (message.get("Message-ID") or "").strip().strip("<>").strip()
    if message_id:
        return f"mid:{message_id}"[:250]
    return f"sha256:{hashlib.sha256(raw).hexdigest()}"


def automatic_reason(message: EmailMessage) -> str:
    """Why a machine sent this (an out-of-office reply, a bounce, a list mail), or ""."""
    auto_submitted = (message.get("Auto-Submitted") or "").strip().lower()
    if auto_submitted and auto_submitted != "no":
        return "auto-submitted"
    return_path = message.get("Return-Path")
    if return_path is not None and parseaddr(str(return_path))[1] == "":
        return "empty-return-path"
    if message.get_content_type() == "multipart/report":
        return "delivery-report"
    if message.get("X-Autoreply") or message.get("X-Autorespond"):
        return "x-autoreply"
    if (message.get("Precedence") or "").strip().lower() in {"auto_reply", "bulk", "junk"}:
        return "precedence"
    return ""


# The line a mail program writes above the quoted message: "Op di 1 dec 2026 om 10:00
# schreef Oudersteunpunt <...>:", "On Tue, ... wrote:" (one line, or wrapped over two).
_ATTRIBUTION = re.compile(
    r"^\s*(?:op|on|am|le)\b.*\b(?:schreef|wrote|schrieb|a écrit)\b.*:\s*$",
    re.IGNORECASE | re.DOTALL,
)


def reply_text(text: str) -> str:
    """The new part of a reply: mail-parser-reply cuts off the quoted history, reply
    headers ("Op ... schreef:", "-----Oorspronkelijk bericht-----", "Van: ... Aan:")
    and the signature. What it leaves of a quote at the end ("> " lines and the line
    that introduces them, which not every mail program writes in a form the parser
    knows) goes too."""
    parsed = EmailReplyParser(languages=REPLY_LANGUAGES).read(text)
    body = parsed.replies[0].body if parsed.replies else text
    lines = body.replace("\r\n", "\n").split("\n")
    while lines and (not lines[-1].strip() or lines[-1].lstrip().startswith(">")):
        lines.pop()
    if lines and _ATTRIBUTION.match(lines[-1]):
        lines.pop()
    elif len(lines) > 1 and _ATTRIBUTION.match(f"{lines[-2]} {lines[-1]}"):
        del lines[-2:]
    return "\n".join(lines).strip()


def _text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError):
        content = part.get_payload(decode=True).decode("utf-8", "replace")
    if part.get_content_type() == "text/html":
        content = strip_tags(re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", content))
    return content


def _attachments(message: EmailMessage) -> list[Attachment]:
    files = []
    for part in message.iter_attachments():
        if part.is_multipart():
            continue
        content = part.get_payload(decode=True) or b""
        files.append(
            Attachment(
                filename=part.get_filename() or "bijlage",
                content_type=part.get_content_type(),
                content=content,
            )
        )
    return files


def parse(raw: bytes) -> ParsedEmail:
    message = email.message_from_bytes(raw, policy=policy.default)
    recipients = [
        address.lower()
        for header in ("To", "Cc", "Delivered-To", "X-Original-To")
        for _name, address in getaddresses([str(value) for value in message.get_all(header, [])])
        if address
    ]
    automatic = automatic_reason(message)
    return ParsedEmail(
        key=message_key(message, raw),
        from_address=parseaddr(str(message.get("From", "")))[1].lower(),
        recipients=list(dict.fromkeys(recipients)),
        subject=" ".join(str(message.get("Subject", "")).split())[:300],
        text="" if automatic else reply_text(_text_of(message)),
        attachments=[] if automatic else _attachments(message),
        automatic=automatic,
    )


# --- The mailbox --------------------------------------------------------------------------


@dataclass(frozen=True)
class MailboxAddress:
    secure: bool
    host: str
    port: int
    user: str
    password: str
    folder: str


def mailbox_address(url: str) -> MailboxAddress:
    """Read IMAP_URL: imaps://user:password@host:993/INBOX. Plain imap:// (no TLS) is
    refused unless the server is on this machine (a loopback address)."""
    parts = urlsplit(url)
    if parts.scheme not in {"imap", "imaps"} or not parts.hostname:
        raise ImproperlyConfigured("IMAP_URL must look like imaps://user:password@host/INBOX")
    secure = parts.scheme == "imaps"
    if not secure:
        try:
            loopback = ipaddress.ip_address(parts.hostname).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise ImproperlyConfigured("IMAP_URL: plain imap:// only to 127.0.0.1 or ::1")
    return MailboxAddress(
        secure=secure,
        host=parts.hostname,
        port=parts.port or (993 if secure else 143),
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        folder=unquote(parts.path.lstrip("/")) or "INBOX",
    )


class MailboxError(Exception):
    """The IMAP server refused a command."""


class Mailbox:
    """The reply mailbox, opened with `with Mailbox(url, timeout=...) as box:`.
    `unprocessed()` gives (uid, raw message) for every message not yet flagged done;
    `mark_done(uid)` flags one, after its record is committed."""

    def __init__(self, url: str, *, timeout: float = 30):
        self.address = mailbox_address(url)
        self.timeout = timeout
        self.connection: imaplib.IMAP4 | None = None

    def __enter__(self) -> "Mailbox":
        address = self.address
        if address.secure:
            self.connection = imaplib.IMAP4_SSL(
                address.host,
                address.port,
                ssl_context=ssl.create_default_context(),
                timeout=self.timeout,
            )
        else:
            self.connection = imaplib.IMAP4(address.host, address.port, timeout=self.timeout)
        self._ok(self.connection.login(address.user, address.password))
        self._ok(self.connection.select(_quoted(address.folder)))
        return self

    def __exit__(self, *exc_info) -> None:
        if self.connection is None:
            return
        try:
            self.connection.logout()
        except (imaplib.IMAP4.error, OSError):
            logger.warning("IMAP logout failed", exc_info=True)
        self.connection = None

    @staticmethod
    def _ok(response):
        status, data = response
        if status != "OK":
            raise MailboxError(f"IMAP command refused: {status}")
        return data

    def unprocessed(self, limit: int = FETCH_BATCH) -> Iterator[tuple[bytes, bytes]]:
        data = self._ok(self.connection.uid("SEARCH", None, "UNKEYWORD", DONE_FLAG, "UNDELETED"))
        uids = data[0].split() if data and data[0] else []
        for uid in uids[:limit]:
            fetched = self._ok(self.connection.uid("FETCH", uid, "(BODY.PEEK[])"))
            raw = next((item[1] for item in fetched if isinstance(item, tuple)), None)
            if raw is not None:
                yield uid, raw

    def mark_done(self, uid: bytes) -> None:
        self._ok(self.connection.uid("STORE", uid, "+FLAGS.SILENT", f"(\\Seen {DONE_FLAG})"))


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'
