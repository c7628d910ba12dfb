"""A date or a month as parents type it: "12-3-2025", "3-2025", "maart 2025", "2025-03",
or the ISO date a phone's date picker sends. And back to words: "maart 2025"."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.template.defaultfilters import date as format_date
from django.utils.translation import gettext as _

DAY, MONTH = "day", "month"

# Dutch and English month names and their usual abbreviations, to the month's number.
MONTHS = {
    **{
        name: number
        for number, names in enumerate(
            [
                ("januari", "jan", "january"),
                ("februari", "feb", "febr", "february"),
                ("maart", "mrt", "mar", "march"),
                ("april", "apr"),
                ("mei", "may"),
                ("juni", "jun", "june"),
                ("juli", "jul", "july"),
                ("augustus", "aug", "august"),
                ("september", "sep", "sept"),
                ("oktober", "okt", "oct", "october"),
                ("november", "nov"),
                ("december", "dec"),
            ],
            start=1,
        )
        for name in names
    }
}

_NUMERIC = re.compile(r"^(?:(\d{1,2})[-/.\s])?(\d{1,2})[-/.\s](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_NAMED = re.compile(r"^(?:(\d{1,2})\s+)?([a-z]+)\.?\s+(\d{4})$")

EARLIEST_YEAR = 1990


def parse(text: str) -> tuple[date, str]:
    """The first day of the month with MONTH, or the day with DAY; ValidationError with
    a plain Dutch reason otherwise."""
    value = " ".join(text.strip().lower().split())
    day = month = year = None
    if match := _NUMERIC.match(value):
        day, month, year = match.groups()
    elif match := _ISO.match(value):
        year, month, day = match.groups()
    elif match := _NAMED.match(value):
        day, name, year = match.groups()
        if name not in MONTHS:
            raise ValidationError(
                _("We kennen de maand '%(name)s' niet. Schrijf bijvoorbeeld: maart 2025.")
                % {"name": name},
                code="month",
            )
        month = MONTHS[name]
    else:
        raise ValidationError(
            _("Schrijf een datum als 12-3-2025, of alleen de maand: 3-2025 of maart 2025."),
            code="format",
        )
    try:
        moment = date(int(year), int(month), int(day or 1))
    except ValueError as error:
        raise ValidationError(
            _("Deze datum bestaat niet. Kijk de dag en de maand na."), code="invalid"
        ) from error
    if moment.year < EARLIEST_YEAR:
        raise ValidationError(
            _("Kies een datum na %(year)s.") % {"year": EARLIEST_YEAR}, code="early"
        )
    return moment, DAY if day else MONTH


def as_input(moment: date | None, precision: str) -> str:
    """How a stored date is shown in the field again (the way it parses back)."""
    if moment is None:
        return ""
    if precision == MONTH:
        return f"{moment.month}-{moment.year}"
    return f"{moment.day}-{moment.month}-{moment.year}"


def label(moment: date, precision: str) -> str:
    return format_date(moment, "F Y" if precision == MONTH else "j F Y")


def period_label(starts_on: date, starts_precision: str, ends_on, ends_precision: str) -> str:
    """ "maart 2025", or "september 2024 tot januari 2025"."""
    start = label(starts_on, starts_precision)
    if ends_on is None:
        return start
    return _("%(start)s tot %(end)s") % {"start": start, "end": label(ends_on, ends_precision)}
