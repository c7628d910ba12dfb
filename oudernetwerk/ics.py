"""A calendar file (iCalendar, RFC 5545) for one meetup, small enough to read: what a
phone's calendar needs to add the meetup, and nothing more."""

from dataclasses import dataclass
from datetime import UTC, datetime

from steunpunt.site_url import site_host

CRLF = "\r\n"
# RFC 5545 3.1: lines longer than 75 octets are folded; a continuation line starts
# with one space, which counts towards its 75.
MAX_LINE_OCTETS = 75
MIMETYPE = "text/calendar"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False


def escape_text(value: str) -> str:
    """TEXT values (RFC 5545 3.3.11): backslash, semicolon and comma are escaped, a
    line break becomes the two characters \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold one content line at 75 octets, never inside a UTF-8 character."""
    parts = []
    current = ""
    limit = MAX_LINE_OCTETS
    for char in line:
        if len((current + char).encode()) > limit:
            parts.append(current)
            current = char
            limit = MAX_LINE_OCTETS - 1
        else:
            current += char
    parts.append(current)
    return (CRLF + " ").join(parts)


def format_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def uid_for(kind: str, pk: int) -> str:
    """Stable per meetup, so a calendar that imports the file twice keeps one event."""
    return f"{kind}-{pk}@{site_host()}"


def calendar(event: CalendarEvent, *, now: datetime) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Oudersteunpunt//Ontmoetingen//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{format_utc(now)}",
        f"DTSTART:{format_utc(event.starts_at)}",
        f"DTEND:{format_utc(event.ends_at)}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.url:
        # URL is a URI value, not TEXT: it is not escaped.
        lines.append(f"URL:{event.url}")
    lines.append("STATUS:CANCELLED" if event.cancelled else "STATUS:CONFIRMED")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + CRLF for line in lines)
