"""The calendar file generator (RFC 5545): line endings, escaping, folding, UTC times."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from oudernetwerk import ics

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _event(**kwargs) -> ics.CalendarEvent:
    values = {
        "uid": "meetup-7@osp.example.nl",
        "starts_at": datetime(2026, 12, 3, 19, 30, tzinfo=AMSTERDAM),
        "ends_at": datetime(2026, 12, 3, 21, 0, tzinfo=AMSTERDAM),
        "summary": "Ouderavond",
        **kwargs,
    }
    return ics.CalendarEvent(**values)


def unfold(text: str) -> dict[str, str]:
    """A tiny reader: unfold continuation lines and map each property to its value."""
    assert text.endswith("\r\n")
    lines = text[:-2].split("\r\n")
    logical = []
    for line in lines:
        if line.startswith(" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return dict(line.split(":", 1) for line in logical if not line.startswith(("BEGIN", "END")))


def test_escape_text_escapes_backslash_semicolon_comma_and_newlines():
    assert ics.escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_fold_keeps_lines_at_most_75_octets_and_splits_no_character():
    line = "DESCRIPTION:" + "Één café, één ouder; " * 10

    folded = ics.fold(line)

    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == line


def test_short_line_is_not_folded():
    assert ics.fold("SUMMARY:Kort") == "SUMMARY:Kort"


def test_calendar_has_crlf_method_and_utc_times():
    text = ics.calendar(_event(), now=datetime(2026, 12, 2, 9, 0, tzinfo=UTC))

    assert "\n" not in text.replace("\r\n", "")
    props = unfold(text)
    assert props["VERSION"] == "2.0"
    assert props["METHOD"] == "PUBLISH"
    assert props["UID"] == "meetup-7@osp.example.nl"
    assert props["DTSTAMP"] == "20261202T090000Z"
    # 19.30 in Amsterdam in winter is 18.30 UTC.
    assert props["DTSTART"] == "20261203T183000Z"
    assert props["DTEND"] == "20261203T200000Z"
    assert props["STATUS"] == "CONFIRMED"
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VEVENT\r\nEND:VCALENDAR\r\n")


def test_calendar_escapes_text_but_not_the_url():
    text = ics.calendar(
        _event(
            summary="Koffie, thee; en praten",
            location="Buurthuis, Demostraat 1",
            url="https://meet.example.nl/a,b",
            description="Regel een\nRegel twee",
        ),
        now=datetime(2026, 12, 2, tzinfo=UTC),
    )

    props = unfold(text)
    assert props["SUMMARY"] == "Koffie\\, thee\\; en praten"
    assert props["LOCATION"] == "Buurthuis\\, Demostraat 1"
    assert props["DESCRIPTION"] == "Regel een\\nRegel twee"
    assert props["URL"] == "https://meet.example.nl/a,b"


def test_cancelled_event_says_so():
    text = ics.calendar(_event(cancelled=True), now=datetime(2026, 12, 2, tzinfo=UTC))

    assert unfold(text)["STATUS"] == "CANCELLED"
